import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UpdateFactory } from "../../src/bot/offline.js";
import { FakeBotApi, freePort, type RecordedCall } from "../helpers/fake-bot-api.js";

const token = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";

function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("npm start (src/main.ts)", () => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses to start without a token, explaining how to get one", async () => {
    const bot = startBot({ BOT_TOKEN: "" });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/BOT_TOKEN is not set: create a bot with @BotFather.*npm run chat/);
  });

  it("refuses to start on a broken knowledge base, naming the problem", async () => {
    const bot = startBot({ BOT_TOKEN: token, KNOWLEDGE_DIR: "/nonexistent/content" });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/knowledge directory not found: \/nonexistent\/content/);
  });

  it("polls the Bot API at BOT_API_ROOT, registers commands, answers, and stops cleanly on SIGTERM", async () => {
    let answered: (call: RecordedCall) => void = () => undefined;
    const answer = new Promise<RecordedCall>((resolve) => {
      answered = resolve;
    });
    const telegram = new FakeBotApi({ onCall: (call) => call.method === "sendMessage" && answered(call) });
    const apiRoot = await telegram.start();
    dataDir = mkdtempSync(join(tmpdir(), "wb-main-"));
    const bot = startBot({
      BOT_TOKEN: token,
      BOT_API_ROOT: apiRoot,
      DATABASE_URL: join(dataDir, "bot.sqlite"),
      PORT: String(await freePort()),
    });
    try {
      const { update_id: _, ...update } = new UpdateFactory().text("frist?");
      telegram.push(update);
      const { payload } = await answer;
      expect(payload).toMatchObject({ chat_id: 4242, parse_mode: "HTML" });
      expect(String(payload.text)).toContain("vorbei");
      const methods = telegram.calls.map((c) => c.method);
      expect(methods).toContain("getMe");
      expect(methods).toContain("deleteWebhook");
      expect(methods.filter((m) => m === "setMyCommands").length).toBeGreaterThanOrEqual(2);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      // Production logs are JSON lines and never contain the question's text.
      expect(bot.output()).not.toContain("frist?");
    } finally {
      bot.child.kill("SIGKILL");
      await telegram.close();
    }
  });
});
