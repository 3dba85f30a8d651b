import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { knowledge } from "../helpers/bot.js";

const { matcher } = knowledge;

describe("matcher", () => {
  it("answers people's phrasings: colloquial, misspelled, without umlauts, English", () => {
    const cases: [string, string][] = [
      ["frist?", "deadline"],
      ["wie geht das bei insta", "object-instagram"],
      ["muss ich nochmal widersprechen?", "already-objected"],
      ["wo finde ich bei fb den widerspruch", "object-facebook"],
      ["werden die nachrichten die ich privat schreibe auch benutzt", "private-messages"],
      ["was ist mit den posts von meinem sohn, der ist 15", "minors"],
      ["Who decided the court case?", "court-ruling"],
      ["what happens if I just do nothing", "no-objection"],
    ];
    for (const [question, id] of cases) expect(matcher.match(question).id, question).toBe(id);
  });

  it("declines questions outside its knowledge, even when a word matches", () => {
    for (const question of [
      "Wie lösche ich mein Facebook-Konto?",
      "Kann ich bei Facebook meinen Namen ändern?",
      "Wie widerspreche ich meiner Nebenkostenabrechnung?",
      "Wann ist die Frist für die Steuererklärung 2026?",
      "Was ist die Hauptstadt von Frankreich?",
      "How do I reset my Instagram password?",
    ]) {
      const result = matcher.match(question);
      expect(result.id, question).toBeNull();
      expect(result.suggestions.length, question).toBeLessThanOrEqual(2);
    }
  });

  it("returns nothing for empty input, punctuation and filler", () => {
    for (const text of ["", "   ", "?!?", "🙂", "ähm also"]) {
      expect(matcher.match(text), JSON.stringify(text)).toEqual({
        id: null,
        score: 0,
        suggestions: [],
        ambiguous: false,
      });
    }
  });

  it("returns a score between 0 and 1 and at most two distinct suggestions", () => {
    const result = matcher.match("welche daten nutzt meta");
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.suggestions.length).toBeLessThanOrEqual(2);
    expect(result.suggestions).not.toContain(result.id);
  });

  // Written independently of the content (test/fixtures/questions-validation.tsv); guards against
  // regressions when content or matcher change. The bot is judged on questions nobody has seen.
  it("keeps its accuracy on the independent validation questions", () => {
    const rows = readFileSync(new URL("../fixtures/questions-validation.tsv", import.meta.url), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t") as [string, string]);
    let right = 0;
    let declined = 0;
    let outOfScope = 0;
    for (const [question, expected] of rows) {
      const got = matcher.match(question).id ?? "none";
      if (got === expected) right++;
      if (expected === "none") {
        outOfScope++;
        if (got === "none") declined++;
      }
    }
    expect(right / rows.length).toBeGreaterThanOrEqual(0.9);
    expect(declined / outOfScope).toBeGreaterThanOrEqual(0.9);
  });
});
