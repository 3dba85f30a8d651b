import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { copyContent } from "../helpers/content.js";

function run(command: string, args: string[], input = "", env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    input,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run ask -- --json", () => {
  it("prints exactly one JSON object a line, in order, with id, score, suggestions and answer", () => {
    const questions = ["frist?", "How do I object on Facebook?", "Wie wird das Wetter morgen?", "", "hallo"];
    const { status, stdout } = run(
      "npm",
      ["run", "--silent", "ask", "--", "--json"],
      `${questions.join("\n")}\n`,
    );
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(questions.length);
    const answers = lines.map((line) => JSON.parse(line));
    expect(answers[0]).toMatchObject({ id: "deadline", lang: "de" });
    expect(answers[0].answer).toContain("vorbei");
    expect(answers[1]).toMatchObject({ id: "object-facebook", lang: "en" });
    expect(answers[1].answer).toContain("https://www.facebook.com/help/contact/712876720715583");
    expect(answers[2]).toMatchObject({ id: null });
    expect(answers[2].answer).toContain("keine Antwort");
    expect(answers[3]).toMatchObject({ id: null, score: 0, suggestions: [] });
    expect(answers[4]).toMatchObject({ id: "greeting" });
    for (const answer of answers) {
      expect(typeof answer.score).toBe("number");
      expect(Array.isArray(answer.suggestions)).toBe(true);
      expect(answer.suggestions.length).toBeLessThanOrEqual(2);
    }
  });
});

describe("npm run kb:check", () => {
  it("reports the shipped content as valid", () => {
    const { status, stdout } = run(process.execPath, ["--import", "tsx", "src/cli/kb-check.ts"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ok: 1 campaign\(s\) \(meta-ai-2025\), 28 entries/);
  });

  it("fails with the file and entry named on broken content", () => {
    const content = copyContent();
    try {
      const file = "campaigns/meta-ai-2025/entries/deadline.yaml";
      content.write(file, content.read(file).replace(/^title:/m, "titel:"));
      const { status, stderr } = run(process.execPath, [
        "--import",
        "tsx",
        "src/cli/kb-check.ts",
        content.dir,
      ]);
      expect(status).toBe(1);
      expect(stderr).toMatch(/deadline\.yaml \(entry "deadline"\)/);
    } finally {
      content.remove();
    }
  });
});

describe("npm run chat", () => {
  it("holds an offline conversation: welcome, a question, a button by number", () => {
    const { status, stdout } = run(
      process.execPath,
      ["--import", "tsx", "src/cli/chat.ts"],
      "wie widerspreche ich bei instagram\n1\n",
    );
    expect(status).toBe(0);
    expect(stdout).toContain("Willkommen beim Widerspruch-Bot");
    expect(stdout).toContain("https://help.instagram.com/contact/767264225370182");
    // Buttons are numbered choices.
    expect(stdout).toMatch(/\[1\] /);
    expect(stdout).not.toMatch(/Error|error/);
  });
});

describe("npm run chat at another moment, in a group, in inline mode", () => {
  const chat = (input: string, args: string[] = [], env: Record<string, string> = {}) =>
    run(process.execPath, ["--import", "tsx", "src/cli/chat.ts", ...args], input, env);

  it("answers for the moment --now or BOT_NOW names", () => {
    const lastDay = chat("/frist\n", ["--now", "2025-05-26T10:00+02:00"]);
    expect(lastDay.status).toBe(0);
    expect(lastDay.stdout).toContain("Heute ist der letzte Tag, um rechtzeitig zu widersprechen.");
    const trainingDay = chat("/deadline\n", ["--en"], { BOT_NOW: "2025-05-27" });
    expect(trainingDay.stdout).toContain("Today, on 27 May 2025, Meta starts its AI training.");
    const bad = chat("", ["--now", "gestern"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      'chat: --now needs a date and time like 2025-05-26T10:00+02:00, not "gestern"',
    );
  });

  it("joins a simulated group with /gruppe, stays silent there until addressed, and shows inline cards", () => {
    const { status, stdout } = chat(
      "/gruppe\nwas gibts zum essen\n@WiderspruchBot bis wann muss ich widersprechen?\n/privat\n/inline instagram\n",
    );
    expect(status).toBe(0);
    expect(stdout).toContain("Hallo, ich bin der Widerspruch-Bot.");
    expect(stdout).toContain("Der Bot schweigt");
    expect(stdout).toContain("📖 Mehr im privaten Chat → https://t.me/WiderspruchBot?start=faq-deadline");
    expect(stdout).toContain("Wieder im privaten Chat.");
    expect(stdout).toMatch(/ {3}1\. 📸 Widerspruch Instagram – /);
  });
});
