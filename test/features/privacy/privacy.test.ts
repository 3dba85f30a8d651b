import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decode } from "../../../src/bot/callback-data.js";
import { formatExport } from "../../../src/features/privacy/export.js";
import { buttons, createTestBot, i18n, texts } from "../../helpers/bot.js";
import { postgresFactory, requirePostgres, type StoreFactory, sqliteFactory } from "../../helpers/stores.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");

/**
 * The privacy commands run against the Store interface, once per storage back end: a SQLite file
 * always, PostgreSQL (its own schema) as in the contract suite — required in CI.
 */
// Chat ids of their own, so that runs against a shared database never meet.
const freshChat = () => 700_000_000 + Math.floor(Math.random() * 100_000_000);

function privacyControls(makeFactory: () => StoreFactory) {
  let factory: StoreFactory;
  beforeEach(() => {
    factory = makeFactory();
  });
  afterEach(async () => factory.cleanup());
  const make = () => factory.open();
  it("/datenschutz says what is stored, why, for how long, what never is, and how to delete", async () => {
    const t = createTestBot({ store: await make() });
    const [text] = texts(await t.say("/datenschutz", freshChat()));
    expect(text).toBe(de("privacy"));
    for (const part of [
      "Chat-ID",
      "Sprache",
      "Erinnerungen",
      "Versandprotokoll",
      "Wie lange",
      "Nie gespeichert",
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain("Telefonnummer");
    expect(text).toContain("/meine_daten");
    expect(text).toContain("/loeschen");
    // The free-text question gets the same notice.
    expect(texts(await t.say("Was speichert dieser Bot über mich?"))).toEqual([de("privacy")]);
  });

  it("mentions the unanswered-question log, with its days, only when it is on", async () => {
    const t = createTestBot({ store: await make(), deps: { unansweredLogDays: 14 } });
    const [text] = texts(await t.say("/datenschutz", freshChat()));
    expect(text).toBe(`${de("privacy")}\n\n${de("privacyControls.unansweredOn", { count: 14 })}`);
    expect(text).toContain("14 Tage");
  });

  it("/meine_daten says when nothing is stored", async () => {
    const t = createTestBot({ store: await make() });
    expect(texts(await t.say("/meine_daten", freshChat()))).toEqual([de("privacyControls.nothingStored")]);
  });

  it("/meine_daten shows every stored row of this chat, readably", async () => {
    const t = createTestBot({ store: await make(), now: new Date("2026-11-29T10:00:00Z") });
    const chat = freshChat();
    await t.say("/sprache", chat);
    await t.press("1:l:en", chat);
    await t.store.setLanguage(chat + 1, "de"); // someone else
    const shown = texts(await t.say("/mydata", chat));
    expect(shown).toHaveLength(2);
    const [data, footer] = shown;
    expect(data).toContain(en("privacyControls.dataHeader"));
    expect(data).toContain("<b>chats</b>");
    expect(data).toContain(`chat_id: ${chat}`);
    expect(data).toContain("language: en");
    expect(data).toMatch(/created_at: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(data).not.toContain(String(chat + 1));
    expect(footer).toBe(en("privacyControls.dataFooter"));
    // Every table the store exports appears (with rows): nothing is left out.
    for (const [table, rows] of Object.entries(await t.store.exportChat(chat))) {
      if (rows.length > 0) expect(data).toContain(`<b>${table}</b>`);
    }
  });

  it("/loeschen asks first; 'no' keeps everything", async () => {
    const t = createTestBot({ store: await make() });
    const chat = freshChat();
    await t.store.setLanguage(chat, "de");
    const [question] = await t.say("/loeschen", chat);
    expect(question?.payload.text).toBe(de("privacyControls.deleteConfirm"));
    expect(buttons(question).map((b) => [b.text, decode(b.data)])).toEqual([
      [de("privacyControls.deleteYes"), { kind: "deleteData", confirm: true }],
      [de("privacyControls.deleteNo"), { kind: "deleteData", confirm: false }],
    ]);
    const calls = await t.press("1:d:n", chat);
    expect(texts(calls)).toEqual([de("privacyControls.deleteCancelled")]);
    expect(calls.map((c) => c.method)).toContain("editMessageReplyMarkup");
    expect(await t.store.getChat(chat)).toBeDefined();
  });

  it("/loeschen then 'yes' deletes everything about this chat, and says so", async () => {
    const t = createTestBot({ store: await make() });
    const chat = freshChat();
    const other = chat + 1;
    await t.store.setLanguage(chat, "en");
    await t.store.setLanguage(other, "de");
    await t.say("/loeschen", chat);
    const calls = await t.press("1:d:y", chat);
    expect(texts(calls)).toEqual([en("privacyControls.deleted")]);
    expect(calls.map((c) => c.method)).toContain("editMessageReplyMarkup");
    expect(await t.store.getChat(chat)).toBeUndefined();
    for (const rows of Object.values(await t.store.exportChat(chat))) expect(rows).toEqual([]);
    expect(texts(await t.say("/meine_daten", chat))).toEqual([de("privacyControls.nothingStored")]);
    expect(await t.store.getChat(other)).toBeDefined();
    // Pressing the old button again harms nothing.
    expect(texts(await t.press("1:d:y", chat))).toEqual([de("privacyControls.nothingToDelete")]);
    await t.store.deleteChat(other);
  });
}

describe("privacy controls on SQLite", () => privacyControls(sqliteFactory));

describe("privacy controls on PostgreSQL", () => {
  if (requirePostgres("privacy controls")) privacyControls(postgresFactory);
});

describe("formatExport", () => {
  it("escapes every value and name, and formats times", () => {
    const [text] = formatExport({
      "odd<table>": [{ "k&y": "<script>alert('x')</script> & more", sent_at: 1_764_410_400_000, none: null }],
      empty: [],
    });
    expect(text).toContain("<b>odd&lt;table&gt;</b>");
    expect(text).toContain("k&amp;y: &lt;script&gt;alert('x')&lt;/script&gt; &amp; more");
    expect(text).toContain("sent_at: 2025-11-29 10:00 UTC");
    expect(text).toContain("none: –");
    expect(text).not.toContain("empty");
  });

  it("splits long exports into messages Telegram accepts, losing no row", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, kind: "reminder", sent_at: new Date(0) }));
    const messages = formatExport({ deliveries: rows });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(4000);
    const joined = messages.join("\n");
    for (let i = 0; i < 200; i++) expect(joined).toContain(`id: ${i}\n`);
  });
});
