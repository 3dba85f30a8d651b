import { describe, expect, it } from "vitest";
import { decode } from "../../../src/bot/callback-data.js";
import { reminderButtonFor } from "../../../src/features/reminders/button.js";
import { createTestBot, i18n, knowledge, texts } from "../../helpers/bot.js";
import { berlin } from "../../helpers/reminders.js";

const de = i18n.fixed("de");
const en = i18n.fixed("en");

describe("the reminder button under the deadline answer (reminderButtonFor)", () => {
  it("switches reminders on while one can still object in time, up to the end of the last day", () => {
    for (const now of [berlin("2025-04-20 12:00"), berlin("2025-05-26 23:59")]) {
      const button = reminderButtonFor(knowledge, "deadline", now, de);
      expect(button?.text).toBe("⏰ Erinnern");
      expect(decode(button?.data)).toEqual({ kind: "reminders", op: "on" });
    }
  });

  it("offers to tell about a new deadline once the last day is over, in the chat's language", () => {
    for (const now of [berlin("2025-05-27 00:00"), berlin("2026-12-02 12:00")]) {
      const button = reminderButtonFor(knowledge, "deadline", now, de);
      expect(button?.text).toBe("🔔 Bei neuer Frist Bescheid geben");
      expect(decode(button?.data)).toEqual({ kind: "reminders", op: "notify" });
      expect(reminderButtonFor(knowledge, "deadline", now, en)?.text).toBe(
        "🔔 Tell me when there is a new deadline",
      );
    }
  });

  it("is no button under an entry that is no campaign's deadline answer", () => {
    expect(reminderButtonFor(knowledge, "how-to-object", berlin("2025-05-20 12:00"), de)).toBeNull();
    expect(reminderButtonFor(knowledge, "no-such-entry", berlin("2025-05-20 12:00"), de)).toBeNull();
  });

  it("leads where its label says: pressed after the deadline it waits for a new one, never 'no deadline'", async () => {
    const after = createTestBot({ now: berlin("2026-12-02 12:00") });
    const late = reminderButtonFor(knowledge, "deadline", berlin("2026-12-02 12:00"), de);
    expect(texts(await after.press(late?.data ?? ""))).toEqual([de("reminders.waiting")]);
    expect((await after.store.subscriptions(4242)).map((s) => s.campaignId)).toEqual(["*"]);

    const before = createTestBot({ now: berlin("2025-05-19 12:00") });
    const early = reminderButtonFor(knowledge, "deadline", berlin("2025-05-19 12:00"), de);
    const [subscribed] = texts(await before.press(early?.data ?? ""));
    expect(subscribed).toContain("Erinnerung ist eingeschaltet");
    expect(subscribed).toContain("bis einschließlich 26. Mai 2025 (noch 8 Tage)");
    expect(subscribed).toContain("am 20. Mai 2025 und am letzten Tag (26. Mai 2025)");
    expect((await before.store.subscriptions(4242)).map((s) => s.campaignId)).toEqual(["meta-ai-2025"]);
  });
});
