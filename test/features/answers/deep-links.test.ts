import { describe, expect, it } from "vitest";
import { answerText, createTestBot, i18n, texts } from "../../helpers/bot.js";

const de = i18n.fixed("de");

describe("deep links", () => {
  it("opens an answer, and treats anything else as a plain start", async () => {
    const t = createTestBot();
    expect(texts(await t.say("/start faq-already-objected"))).toEqual([answerText("already-objected")]);
    for (const payload of ["faq-UPPER", "faq-a b", "teilen", `faq-${"x".repeat(41)}`, "\u202e"]) {
      expect(texts(await t.say(`/start ${payload}`)), payload).toEqual([de("welcome")]);
    }
  });
});

describe("/frage in a private chat", () => {
  it("answers the question after the command, or says how to ask", async () => {
    const t = createTestBot();
    expect(texts(await t.say("/frage muss ich nochmal widersprechen?"))).toEqual([
      answerText("already-objected"),
    ]);
    expect(texts(await t.say("/frage"))).toEqual([de("groups.askHow", { command: "/frage" })]);
    const english = createTestBot({ languageCode: "en" });
    expect(texts(await english.say("/question are my private messages used?"))).toEqual([
      answerText("private-messages", "en"),
    ]);
  });
});
