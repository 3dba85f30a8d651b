import { describe, expect, it } from "vitest";
import { decode, encode } from "../../../src/bot/callback-data.js";
import { offlineBotInfo } from "../../../src/bot/offline.js";
import { answerText, buttons, createTestBot, i18n, knowledge } from "../../helpers/bot.js";
import { readQuestions } from "../../helpers/matcher-queries.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");
const bot = offlineBotInfo.username;

const summary = (id: string, lang: "de" | "en" = "de") => knowledge.entries.get(id)?.summary[lang] ?? "";
const deepLink = (id: string) => `https://t.me/${bot}?start=faq-${id}`;

interface Article {
  type: string;
  id: string;
  title: string;
  description: string;
  input_message_content: { message_text: string; parse_mode: string };
  reply_markup: { inline_keyboard: { text: string; url?: string }[][] };
}

async function inlineResults(t: ReturnType<typeof createTestBot>, query: string) {
  const calls = await t.send(t.updates.inlineQuery(query));
  expect(calls.map((c) => c.method)).toEqual(["answerInlineQuery"]);
  const payload = calls[0]?.payload as { results: Article[]; cache_time: number; is_personal: boolean };
  return payload;
}

describe("inline mode", () => {
  it("lists the best matching answers as cards, best first", async () => {
    const t = createTestBot();
    const { results, cache_time } = await inlineResults(t, "insta widerspruch");
    expect(results[0]?.id).toBe("object-instagram");
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(cache_time).toBe(300);
    const [card] = results;
    expect(card).toMatchObject({
      type: "article",
      title: knowledge.entries.get("object-instagram")?.title.de,
      description: summary("object-instagram"),
      input_message_content: { message_text: answerText("object-instagram"), parse_mode: "HTML" },
    });
    expect(card?.reply_markup.inline_keyboard.flat()).toEqual([
      { text: de("sharing.askBot"), url: deepLink("object-instagram") },
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
  });

  // The oracle is people, not the matcher: questions labelled independently of the content
  // (test/fixtures/questions-validation*.tsv), each with the entry that answers it.
  it("puts the answer to a labelled question first, and nearly always among the cards", async () => {
    const t = createTestBot();
    const labelled = ["questions-validation.tsv", "questions-validation-2.tsv"]
      .flatMap((file) => readQuestions(new URL(`../../fixtures/${file}`, import.meta.url).pathname))
      .filter((row) => knowledge.entries.has(row.expected));
    let first = 0;
    let listed = 0;
    for (const { question, expected } of labelled) {
      const ids = (await inlineResults(t, question)).results.map((r) => r.id);
      if (ids[0] === expected) first++;
      if (ids.includes(expected)) listed++;
    }
    expect(labelled.length).toBeGreaterThan(200);
    expect(first / labelled.length).toBeGreaterThanOrEqual(0.9);
    expect(listed / labelled.length).toBeGreaterThanOrEqual(0.95);
  });

  it("writes the cards in the query's language when its words tell, and shares them through the cache", async () => {
    const t = createTestBot(); // a German client
    const { results, is_personal } = await inlineResults(t, "how do I object on instagram");
    expect(results[0]?.id).toBe("object-instagram");
    expect(results[0]?.input_message_content.message_text).toBe(answerText("object-instagram", "en"));
    expect(results[0]?.reply_markup.inline_keyboard.flat()[0]?.text).toBe(en("sharing.askBot"));
    expect(is_personal).toBe(false);
  });

  it("offers the topic list for a query it has nothing for, never an empty result", async () => {
    const t = createTestBot();
    const topics = (await inlineResults(t, "")).results.map((r) => r.id);
    for (const query of ["xyzzy", "wie wird das wetter", "Wie lösche ich mein Facebook-Konto?"]) {
      const { results } = await inlineResults(t, query);
      expect(
        results.map((r) => r.id),
        query,
      ).toEqual(topics);
    }
  });

  it("lists the topics for an empty query, the deadline first, in the person's language", async () => {
    const { results, is_personal } = await inlineResults(createTestBot({ languageCode: "en" }), "");
    const ids = results.map((r) => r.id);
    // What the content itself names: the campaign's deadline answer and its topic menu.
    expect(ids[0]).toBe(knowledge.campaigns[0]?.deadlineEntry);
    for (const id of knowledge.menu) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThanOrEqual(10);
    for (const card of results) expect(card.title).toBe(knowledge.entries.get(card.id)?.title.en);
    expect(is_personal).toBe(true);
  });

  it("keeps every card's message within Telegram's 4096 characters", async () => {
    const t = createTestBot();
    for (const entry of knowledge.entries.values()) {
      const { results } = await inlineResults(t, entry.title.de.replace(/^\P{L}+/u, ""));
      expect(results[0]?.id).toBe(entry.id);
      expect(results[0]?.input_message_content.message_text.length).toBeLessThanOrEqual(4096);
    }
  });
});

describe("sharing", () => {
  it("/teilen gives a share link to the bot and a button into inline mode", async () => {
    const t = createTestBot();
    const [call] = await t.say("/teilen");
    expect(call?.payload.text).toContain(de("intents.share", { link: `https://t.me/${bot}` }));
    const [link, inline] = buttons(call);
    expect(link?.text).toBe(de("sharing.shareLink"));
    const url = new URL(link?.url ?? "");
    expect(`${url.origin}${url.pathname}`).toBe("https://t.me/share/url");
    expect(url.searchParams.get("url")).toBe(`https://t.me/${bot}`);
    expect(url.searchParams.get("text")).toBe(de("sharing.shareText"));
    expect(inline).toEqual({ text: de("sharing.sendAnswers"), inline: "" });
  });

  it("answers /share and the free-text wish to recommend the bot the same way", async () => {
    const t = createTestBot();
    const [viaCommand] = await t.say("/share");
    const [viaText] = await t.say("Wie kann ich den Bot mit Freunden teilen?");
    expect(viaText?.payload.text).toBe(viaCommand?.payload.text);
    expect(buttons(viaText)).toEqual(buttons(viaCommand));
    const [english] = await createTestBot({ languageCode: "en" }).say("/share");
    expect(english?.payload.text).toContain(en("intents.share", { link: `https://t.me/${bot}` }));
  });

  it("puts a 'Teilen' button under answers that sends this answer on through inline mode", async () => {
    const t = createTestBot();
    const [answer] = await t.say("wie widerspreche ich bei insta?");
    // "Teilen" sits behind "Mehr …", which shows the rest of the buttons in place.
    const more = buttons(answer).find((b) => b.text === de("buttons.more"));
    const [, edited] = await t.press(more?.data ?? "");
    expect(edited?.method).toBe("editMessageReplyMarkup");
    const shareButton = buttons(edited).find((b) => b.text === de("sharing.button"));
    expect(decode(shareButton?.data)).toEqual({ kind: "share", id: "object-instagram" });
    const calls = await t.press(shareButton?.data ?? "");
    expect(calls[0]?.method).toBe("answerCallbackQuery");
    expect(calls[1]?.payload.text).toContain(de("sharing.topicHint", { topic: "Widerspruch Instagram" }));
    const inline = buttons(calls[1]).find((b) => b.inline !== undefined);
    expect(inline).toEqual({ text: de("sharing.sendAnswer"), inline: "Widerspruch Instagram" });
    // That query brings the same answer up first in inline mode.
    const { results } = await inlineResults(t, inline?.inline ?? "");
    expect(results[0]?.input_message_content.message_text).toBe(answerText("object-instagram"));
  });

  it("answers a forged or stale share button with a short note", async () => {
    const t = createTestBot();
    for (const data of ["1:s:no-such-entry", "1:s:Bad", "1:s:a:b", "2:s", "1:s:"]) {
      expect(await t.press(data), data).toEqual([
        { method: "answerCallbackQuery", payload: expect.objectContaining({ text: de("callback.stale") }) },
      ]);
    }
  });

  it("keeps share callback data versioned and within 64 bytes", () => {
    const longest = "a".repeat(40);
    for (const action of [{ kind: "share" as const }, { kind: "share" as const, id: longest }]) {
      const data = encode(action);
      expect(data.startsWith("1:")).toBe(true);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decode(data)).toEqual(action);
    }
  });
});
