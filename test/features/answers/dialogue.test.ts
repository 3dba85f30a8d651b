import { describe, expect, it } from "vitest";
import { decode, encode } from "../../../src/bot/callback-data.js";
import { answerText, buttons, createTestBot, i18n, knowledge } from "../../helpers/bot.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");
const minutes = (n: number) => n * 60_000;

describe("low confidence", () => {
  it("offers the best candidates as buttons instead of guessing", async () => {
    // The same model with an answer threshold no question reaches: every question is a doubt.
    const doubtful = knowledge.matcher.withCalibration({ answer: 1.01, clarify: 0 });
    const t = createTestBot({ knowledge: { ...knowledge, matcher: doubtful } });
    const [call] = await t.say("wie widerspreche ich bei instagram");
    expect(call?.payload.text).toBe(de("answer.didYouMean"));
    const actions = buttons(call).map((b) => decode(b.data));
    expect(actions[0]).toEqual({ kind: "answer", id: "object-instagram" });
    expect(actions.length).toBeLessThanOrEqual(4);
    expect(actions.at(-1)).toEqual({ kind: "menu" });
    // Pressing a candidate answers with it.
    const pressed = await t.press(buttons(call)[0]?.data as string);
    expect(pressed.find((c) => c.method === "sendMessage")?.payload.text).toBe(
      answerText("object-instagram"),
    );
  });
});

describe("follow-ups", () => {
  it("reads a platform-only follow-up against the previous answer", async () => {
    const t = createTestBot();
    await t.say("wie widerspreche ich bei facebook?");
    const [call] = await t.say("und bei insta?");
    expect(call?.payload.text).toBe(answerText("object-instagram"));
  });

  it("reads the same follow-up differently after another topic", async () => {
    const t = createTestBot();
    await t.say("bis wann kann ich widersprechen?");
    const [call] = await t.say("und bei insta?");
    // The deadline is the same on Instagram: the previous topic's answer again.
    expect(call?.payload.text).toBe(answerText("deadline"));
  });

  it("answers 'wie geht das?' after the deadline with the steps", async () => {
    const t = createTestBot();
    await t.say("bis wann kann ich widersprechen?");
    const [call] = await t.say("und wie geht das?");
    expect(call?.payload.text).toBe(answerText("how-to-object"));
  });

  it("follows an answer opened by a button too", async () => {
    const t = createTestBot();
    const [menu] = await t.say("/themen");
    const facebook = buttons(menu).find(
      (b) => decode(b.data)?.kind === "answer" && b.data?.includes("object-facebook"),
    );
    await t.press(facebook?.data as string);
    const [call] = await t.say("and instagram?");
    expect(call?.payload.text).toBe(answerText("object-instagram", "en"));
  });

  it("forgets the topic after 10 minutes: the follow-up is then read on its own", async () => {
    const t = createTestBot();
    t.setNow(new Date("2026-11-29T10:00:00Z"));
    await t.say("bis wann kann ich widersprechen?");
    t.setNow(new Date(new Date("2026-11-29T10:00:00Z").getTime() + minutes(11)));
    const [call] = await t.say("und nun?");
    expect(call?.payload.text).not.toBe(answerText("how-to-object"));
  });

  it("does not take a new, complete question for a follow-up", async () => {
    const t = createTestBot();
    await t.say("wie widerspreche ich bei facebook?");
    const [call] = await t.say("Werden meine privaten Nachrichten auch verwendet?");
    expect(call?.payload.text).toBe(answerText("private-messages"));
  });

  it("forgets the topic on /loeschen, and /datenschutz says what is kept in memory", async () => {
    const t = createTestBot();
    await t.say("bis wann kann ich widersprechen?");
    await t.say("/loeschen");
    await t.press(encode({ kind: "deleteData", confirm: true }));
    const [call] = await t.say("und bei insta?");
    expect(call?.payload.text).not.toBe(answerText("deadline"));
    const [notice] = await t.say("/datenschutz");
    expect(notice?.payload.text).toContain("Nur im Arbeitsspeicher, für 10 Minuten");
  });

  it("keeps each chat's topic apart", async () => {
    const t = createTestBot();
    await t.say("bis wann kann ich widersprechen?", 1001);
    const [call] = await t.say("und bei insta?", 1002);
    expect(call?.payload.text).not.toBe(answerText("deadline"));
  });
});

describe("small talk", () => {
  it("answers 'ok', '👍', 'alles klar' and 'danke dir' with a short thanks, without the topic menu", async () => {
    const t = createTestBot();
    for (const text of ["ok", "👍", "alles klar", "danke dir"]) {
      const [call] = await t.say(text);
      expect(call?.payload.text, text).toBe(de("intents.thanks"));
      expect(buttons(call), text).toEqual([]);
    }
  });

  it("asks what was unclear after 'hä?', with the previous answer's related topics", async () => {
    const t = createTestBot();
    await t.say("bis wann kann ich widersprechen?");
    const [call] = await t.say("hä?");
    expect(call?.payload.text).toBe(de("answer.unclear"));
    const related = knowledge.entries.get("deadline")?.related ?? [];
    expect(buttons(call).map((b) => decode(b.data))).toEqual([
      ...related.slice(0, 3).map((id) => ({ kind: "answer", id })),
      { kind: "menu" },
    ]);
  });
});

describe("the language of the message", () => {
  it("answers an English question in English on a German-set phone, and German again after", async () => {
    const t = createTestBot({ languageCode: "de" });
    const [english] = await t.say("How do I object on Instagram?");
    expect(english?.payload.text).toBe(answerText("object-instagram", "en"));
    expect(buttons(english).map((b) => b.text)).toContain(en("buttons.more"));
    const [german] = await t.say("Wie widerspreche ich bei Facebook?");
    expect(german?.payload.text).toBe(answerText("object-facebook", "de"));
  });

  it("keeps the chat's language when the words do not tell", async () => {
    const t = createTestBot({ languageCode: "en" });
    expect(knowledge.language.guess("instagram?")).toBeNull();
    const [call] = await t.say("instagram?");
    expect(call?.payload.text).toBe(answerText("object-instagram", "en"));
  });
});
