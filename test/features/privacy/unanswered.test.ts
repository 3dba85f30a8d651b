import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  createUnansweredPruner,
  formatReport,
  normaliseQuestion,
} from "../../../src/features/privacy/unanswered.js";
import { openSqliteStore } from "../../../src/storage/sqlite.js";
import { createTestBot } from "../../helpers/bot.js";

const unanswerable = "Wie backe ich einen Käsekuchen mit Streuseln?";
const day = 86_400_000;

describe("unanswered-question log", () => {
  it("normalises to lowercase, umlaut-folded words without punctuation", () => {
    expect(normaliseQuestion("Wie backe ich einen KÄSEKUCHEN mit Streuseln?!")).toBe(
      "wie backe ich einen kasekuchen mit streuseln",
    );
    expect(normaliseQuestion("Straße – Größe, über")).toBe("strasse grosse uber");
    expect(normaliseQuestion("?!…")).toBe("");
  });

  it("records nothing by default", async () => {
    const t = createTestBot();
    await t.say(unanswerable);
    expect(await t.store.unansweredReport(new Date(0), 10)).toEqual([]);
  });

  it("when on, keeps only the normalised text of questions without an answer", async () => {
    const t = createTestBot({ deps: { unansweredLogDays: 7 } });
    await t.say(unanswerable);
    await t.say(unanswerable.toLowerCase());
    await t.say("wie widerspreche ich bei instagram?");
    expect(await t.store.unansweredReport(new Date(0), 10)).toEqual([
      { text: "wie backe ich einen kasekuchen mit streuseln", count: 2 },
    ]);
    // Kept apart from the chat: it is not part of what /meine_daten shows or /loeschen deletes.
    const exported = JSON.stringify(await t.store.exportChat(4242));
    expect(exported).not.toContain("kasekuchen");
  });

  it("prunes questions older than the configured days, and everything when the log is off", async () => {
    const store = openSqliteStore(":memory:");
    const now = new Date("2026-11-29T10:00:00Z");
    await store.recordUnanswered("alt", new Date(now.getTime() - 8 * day));
    await store.recordUnanswered("neu", new Date(now.getTime() - day));
    const logger = pino({ level: "silent" });
    const pruner = createUnansweredPruner({ store, days: 7, clock: () => now, logger });
    expect(await pruner.runOnce()).toBe(1);
    expect(await store.unansweredReport(new Date(0), 10)).toEqual([{ text: "neu", count: 1 }]);
    const off = createUnansweredPruner({ store, days: 0, clock: () => now, logger });
    expect(await off.runOnce()).toBe(1);
    expect(await store.unansweredReport(new Date(0), 10)).toEqual([]);
    await store.close();
  });

  it("reports the most frequent first, ties alphabetically, at most the limit", async () => {
    const store = openSqliteStore(":memory:");
    const now = new Date("2026-11-29T10:00:00Z");
    // Recorded interleaved and rarest first: the order can only come from counting.
    const asked = [
      ["zahlt meta mir geld", 1],
      ["wie losche ich mein konto", 1],
      ["gilt das fur threads", 3],
      ["was kostet werbung", 12],
    ] as const;
    for (let round = 0; round < 12; round++) {
      for (const [text, times] of asked) if (round < times) await store.recordUnanswered(text, now);
    }
    expect(formatReport(await store.unansweredReport(new Date(0), 3), 30)).toBe(
      "Most frequent unanswered questions, last 30 days:\n" +
        "12  was kostet werbung\n" +
        " 3  gilt das fur threads\n" +
        " 1  wie losche ich mein konto\n",
    );
    expect(formatReport(await store.unansweredReport(new Date(now.getTime() + 1), 3), 7)).toBe(
      "No unanswered questions in the last 7 days.\n",
    );
    await store.close();
  });
});
