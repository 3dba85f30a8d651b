import type { InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decode } from "../../../src/bot/callback-data.js";
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

  it("/meine_daten lists what is stored in plain words and sends exactly the stored rows as a JSON file", async () => {
    const store = await make();
    const t = createTestBot({ store, now: new Date("2026-12-02T10:00:00Z") });
    const chat = freshChat();
    await t.say("/sprache", chat);
    await t.press("1:l:en", chat);
    await t.store.setLanguage(chat + 1, "de"); // someone else
    const since = new Date("2025-05-10T08:00:00Z");
    await store.subscribe(
      { chatId: chat, campaignId: "meta-ai-2025", language: "en", chatKind: "private", mode: "last" },
      since,
    );
    await store.subscribe(
      { chatId: chat, campaignId: "*", language: "en", chatKind: "private", mode: "all" },
      since,
    );
    // Two reminders delivered, one skipped, as the worker records them.
    const query = {
      campaignId: "meta-ai-2025",
      audience: "meta-ai-2025",
      subscribedBy: since,
      includeLastOnly: true,
      unlessSubscribed: false,
    };
    for (const [reminder, day] of [
      ["P7D", "2025-05-20"],
      ["P1D", "2025-05-26"],
    ] as const) {
      const at = new Date(`${day}T08:00:00Z`);
      for (const claim of await store.claimDue({ ...query, reminder }, 10, "w", at)) {
        if (claim.chatId !== chat) continue;
        await store.markSending(claim, "w", at);
        await store.finishDelivery(claim, "sent", at);
      }
    }
    await store.skipStale({ ...query, reminder: "P0D" }, new Date("2025-05-28T08:00:00Z"));

    const calls = await t.say("/mydata", chat);
    expect(calls.map((c) => c.method)).toEqual(["sendMessage", "sendDocument"]);
    const [summary] = texts(calls);
    expect(summary).toBe(
      [
        en("privacyControls.dataHeader"),
        [
          `• <b>Stored since:</b> 2 December 2026 (chat number ${chat})`,
          "• <b>Language:</b> English (chosen with /language)",
          "• <b>Kind of chat:</b> private chat",
          "• <b>Reminders:</b> on since 10 May 2025 – news as soon as a new deadline is announced",
          "• <b>Reminders:</b> on since 10 May 2025 – “Meta AI training (2025)”, only on the last day",
          "• <b>Reminders delivered:</b> 2 (last on 26 May 2025)",
          "• <b>Reminders not delivered:</b> 1 (skipped, failed or still in progress)",
        ].join("\n"),
        en("privacyControls.dataFooter"),
      ].join("\n\n"),
    );
    // No raw column names or values: only words.
    for (const raw of [
      "chat_id",
      "chat_kind",
      "campaign_id",
      "created_at",
      "active",
      "mode",
      ": 1",
      "*",
      "_at",
    ]) {
      expect(summary, raw).not.toContain(raw);
    }
    expect(summary).not.toContain(String(chat + 1));

    const document = calls[1]?.payload;
    expect(document?.caption).toBe(en("privacyControls.dataFileCaption"));
    const file = document?.document as InputFile;
    expect(file.filename).toBe(`my-data-${chat}.json`);
    const json = JSON.parse(new TextDecoder().decode((await file.toRaw()) as Uint8Array));
    // Exactly what the store holds for this chat: every table, every row and column, nothing else.
    expect(json).toEqual(await store.exportChat(chat));
    expect(Object.keys(json).sort()).toEqual(["chats", "deliveries", "subscriptions"]);
    expect(json.deliveries).toHaveLength(3);
    expect(JSON.stringify(json)).not.toContain(String(chat + 1));
  });

  it("/meine_daten speaks German in a German chat, and says when reminders ended and that questions are logged without the chat", async () => {
    const store = await make();
    const t = createTestBot({ store, deps: { unansweredLogDays: 30 } });
    const chat = freshChat();
    await store.subscribe(
      { chatId: chat, campaignId: "meta-ai-2025", language: "de", chatKind: "private", mode: "all" },
      new Date("2025-05-10T08:00:00Z"),
    );
    await store.deactivateChat(chat, new Date("2025-05-12T08:00:00Z"));
    const [summary] = texts(await t.say("/meine_daten", chat));
    expect(summary).toContain(
      "• <b>Erinnerungen:</b> beendet am 12. Mai 2025, weil der Bot blockiert oder aus dem Chat entfernt wurde (eingeschaltet am 10. Mai 2025) – „KI-Training bei Meta (2025)“, zu allen Terminen",
    );
    expect(summary).toContain(de("privacyControls.dataUnanswered"));
    expect(summary).not.toContain("Zugestellte Erinnerungen");
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
