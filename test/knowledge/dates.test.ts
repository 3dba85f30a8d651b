import { describe, expect, it } from "vitest";
import { offlineBotInfo } from "../../src/bot/offline.js";
import { announcementMessage, reminderMessage } from "../../src/features/reminders/messages.js";
import { campaignSlots, reminderDue } from "../../src/features/reminders/schedule.js";
import { daysWording } from "../../src/i18n.js";
import { formatDate, localDate } from "../../src/kernel/dates.js";
import { renderAnswer } from "../../src/knowledge/answer.js";
import { deadlineStatus, lastDayToObject } from "../../src/knowledge/deadline.js";
import type { Campaign, Entry } from "../../src/knowledge/schema.js";
import { createTestBot, i18n, knowledge, texts } from "../helpers/bot.js";
import { testCampaign } from "../helpers/reminders.js";

/**
 * Every answer is right for the day it is read. The four days: before the deadline, its last day
 * (26 May 2025, the last day to object in time), the deadline day (27 May 2025, training starts)
 * and a fixed "today" long after. Noon in Berlin, so the calendar day is unambiguous.
 */
const days = {
  before: new Date("2025-04-20T10:00:00Z"),
  lastDay: new Date("2025-05-26T10:00:00Z"),
  today: new Date("2025-05-27T10:00:00Z"),
  after: new Date("2026-12-02T10:00:00Z"),
} as const;
const langs = ["de", "en"] as const;
type Lang = (typeof langs)[number];

const entries = [...knowledge.entries.values()];
const phased = entries.filter((e) => !("de" in e.answer));
const plain = entries.filter((e) => "de" in e.answer);

const render = (entry: Entry, lang: Lang, now: Date) =>
  renderAnswer(knowledge, entry, lang, now, daysWording(i18n, lang));

/** A countdown of any kind: "noch 3 Tage", "3 days left", "1 Tag", an unfilled {days}. */
const countdown = /noch \d+ Tage?\b|\b\d+ days? left\b|\b1 (Tag|day)\b|\{days\}/;
/** Present-tense "object in time" advice, wrong once the last day has passed. */
const inTimeAdvice =
  /rechtzeitig|in good time|object in time|Wenn, dann jetzt|do it now|Heute ist der letzte Tag|Today is the last day|noch Zeit|still time/i;

/** The key sentence each phase must say, per language. */
const keySentences: Record<keyof typeof days, Record<Lang, RegExp[]>> = {
  before: { de: [/noch 37 Tage/], en: [/37 days left/] },
  lastDay: {
    de: [/Heute ist der letzte Tag/],
    en: [/Today is the last day/],
  },
  today: {
    de: [/Heute(, am 27\. Mai 2025,)? beginnt Meta/, /weiterhin|auch jetzt noch/, /nur Ihre Daten ab/],
    en: [/Today(, on 27 May 2025,)? Meta starts/, /still/, /only protects your data from/],
  },
  after: {
    de: [/vorbei|begonnen/, /weiterhin/, /nur Ihre Daten ab/],
    en: [/has passed|started/, /still/, /only protects your data from/],
  },
};

describe("every entry on every day, in both languages", () => {
  it("has phased entries, each with a text for every phase", () => {
    expect(phased.map((e) => e.id).sort()).toEqual([
      "deadline",
      "dpa-advice",
      "no-objection",
      "what-is-happening",
    ]);
    expect(plain.length).toBeGreaterThan(20);
  });

  for (const [phase, now] of Object.entries(days) as [keyof typeof days, Date][]) {
    it(`phased entries say the key sentence of "${phase}" on ${localDate(now, "Europe/Berlin")}`, () => {
      for (const entry of phased) {
        expect(deadlineStatus(knowledge.campaignOf(entry), now).phase).toBe(phase);
        for (const lang of langs) {
          const text = render(entry, lang, now);
          const where = `${entry.id} ${phase} ${lang}`;
          expect(text, where).not.toMatch(/[{}]/);
          for (const sentence of keySentences[phase][lang]) expect(text, where).toMatch(sentence);
          // Only "before" counts down; the last day is never "noch 1 Tag".
          if (phase !== "before") expect(text, where).not.toMatch(countdown);
          if (phase !== "lastDay")
            expect(text, where).not.toMatch(/Heute ist der letzte Tag|Today is the last day/);
        }
      }
    });
  }

  it("names the last day to object in time where the deadline answer counts down", () => {
    expect(render(knowledge.entries.get("deadline") as Entry, "de", days.before)).toContain(
      "Ihr Widerspruch muss also vorher eingehen, spätestens am 26. Mai 2025.",
    );
    expect(render(knowledge.entries.get("deadline") as Entry, "en", days.before)).toContain(
      "by 26 May 2025 at the latest",
    );
  });

  it("entries without phases never count down, and from the deadline day on never advise objecting in time", () => {
    for (const entry of plain) {
      for (const lang of langs) {
        for (const [phase, now] of Object.entries(days)) {
          const shown = [entry.title[lang], entry.summary[lang], render(entry, lang, now)].join("\n");
          const where = `${entry.id} ${phase} ${lang}`;
          expect(shown, where).not.toMatch(countdown);
          expect(shown, where).not.toMatch(/[{}]/);
          if (phase === "today" || phase === "after") expect(shown, where).not.toMatch(inTimeAdvice);
        }
      }
    }
  });

  it("the welcome and the group introduction claim nothing that is untrue on any of the days", async () => {
    for (const now of Object.values(days)) {
      for (const lang of langs) {
        const t = createTestBot({ now, languageCode: lang });
        const shown = [
          ...texts(await t.say("/start")),
          ...texts(await t.send(t.updates.myChatMember(-100_321))),
          ...texts(await t.say(`/${lang === "de" ? "hilfe" : "help"}`)),
        ].join("\n");
        expect(shown).not.toMatch(countdown);
        expect(shown).not.toMatch(inTimeAdvice);
        // No deadline date either: these texts do not change with the day.
        expect(shown).not.toMatch(/27\.? May|27\. Mai/);
        expect(shown).toContain(offlineBotInfo.username);
      }
    }
  });
});

/** What /frist says at a moment, to hold the reminders to the same meaning of the deadline. */
const deadlineAnswer = (campaign: Campaign, lang: Lang, now: Date) =>
  render(knowledge.entries.get(campaign.deadlineEntry as string) as Entry, lang, now);

describe("every scheduled reminder, rendered at its send time", () => {
  const meta = knowledge.campaigns.find((c) => c.id === "meta-ai-2025") as Campaign;

  it("meta-ai-2025 reminds on 20 May and on the last day, 26 May, at 10:00 Berlin, and not on 27 May", () => {
    const slots = campaignSlots(meta, days.before).filter((s) => s.kind === "reminder");
    expect(slots.map((s) => [s.key, s.dueAt.toISOString(), s.last])).toEqual([
      ["P7D", "2025-05-20T08:00:00.000Z", false],
      ["P1D", "2025-05-26T08:00:00.000Z", true],
    ]);
    expect(lastDayToObject(meta)).toBe("2025-05-26");
  });

  it("says the same as /frist at that moment: days left to object in time, 'last day', or 'training starts'", () => {
    // The bundled campaign and a campaign that also lists the deadline day (P0D).
    for (const campaign of [meta, testCampaign({ deadline: "2025-05-27" })]) {
      for (const offset of campaign.reminders.offsets) {
        const at = reminderDue(campaign, offset);
        const { daysLeft } = deadlineStatus(campaign, at);
        for (const lang of langs) {
          const { text } = reminderMessage(campaign, lang, at, i18n);
          const answer = deadlineAnswer(meta, lang, at);
          const where = `${campaign.id} ${offset} ${lang}`;
          const lastDay = formatDate(lastDayToObject(campaign), lang);
          if (daysLeft >= 2) {
            const left = i18n.t(lang, "units.days", { count: daysLeft });
            expect(text, where).toContain(
              lang === "de"
                ? `noch ${left}, um rechtzeitig zu widersprechen`
                : `${left} left to object in time`,
            );
            expect(text, where).toContain(lastDay);
            // /frist counts the same days.
            expect(answer, where).toContain(lang === "de" ? `noch ${left}` : `${left} left`);
          } else if (daysLeft === 1) {
            expect(text, where).toContain(
              lang === "de"
                ? "Heute ist der letzte Tag, um rechtzeitig zu widersprechen"
                : "today is the last day to object in time",
            );
            expect(answer, where).toMatch(/Heute ist der letzte Tag|Today is the last day/);
          } else {
            expect(daysLeft, where).toBe(0);
            expect(text, where).toContain(
              lang === "de" ? "Heute beginnt das Training" : "Training starts today",
            );
            expect(text, where).toContain(
              lang === "de" ? "nur Ihre Daten ab jetzt" : "only protects your data from now on",
            );
            expect(answer, where).toMatch(
              /Heute, am 27\. Mai 2025, beginnt Meta|Today, on 27 May 2025, Meta starts/,
            );
          }
          expect(text, where).not.toMatch(/\b1 (Tag|day)\b|Morgen ist die Frist|deadline is tomorrow/);
        }
      }
    }
  });

  it("announces a new deadline only with days left to object in time or on the last day", () => {
    const campaign = testCampaign({ deadline: "2025-05-27" });
    const lastDay = announcementMessage(campaign, "de", days.lastDay, i18n).text;
    expect(lastDay).toContain("Heute, am 26. Mai 2025, ist der letzte Tag, um rechtzeitig zu widersprechen");
    const before = announcementMessage(campaign, "en", new Date("2025-05-20T06:00:00Z"), i18n).text;
    expect(before).toContain("You can object in time up to and including 26 May 2025 (7 days left)");
    expect(campaignSlots(campaign, days.today).map((s) => s.kind)).not.toContain("announce");
  });
});
