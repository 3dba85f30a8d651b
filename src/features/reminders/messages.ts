import { InlineKeyboard } from "grammy";
import { encode } from "../../bot/callback-data.js";
import type { I18n } from "../../i18n.js";
import { addDays, formatDate } from "../../kernel/dates.js";
import type { Lang } from "../../kernel/lang.js";
import { deadlineStatus, lastDayToObject } from "../../knowledge/deadline.js";
import type { Campaign } from "../../knowledge/schema.js";
import type { ReminderMode } from "../../storage/store.js";
import { parseOffset, upcomingReminders } from "./schedule.js";

export interface ReminderText {
  text: string;
  keyboard: InlineKeyboard;
}

/**
 * When the reminders come, by date: "am 20. Mai 2025 und am letzten Tag (26. Mai 2025)". A
 * reminder one day before the deadline day falls on the last day to object in time; one on the
 * deadline day itself on the day training starts; test campaigns' seconds stay seconds.
 */
export function describeOffsets(campaign: Campaign, offsets: string[], lang: Lang, i18n: I18n): string {
  const parts = offsets.map((offset) => {
    const { days, ms } = parseOffset(offset);
    if (ms > 0) return i18n.t(lang, "reminders.offsetSeconds", { count: days * 86_400 + ms / 1000 });
    const date = formatDate(addDays(campaign.deadline, -days), lang);
    if (days === 0) return i18n.t(lang, "reminders.offsetDeadlineDay", { date });
    if (days === 1) return i18n.t(lang, "reminders.offsetLastDay", { date });
    return i18n.t(lang, "reminders.offsetDate", { date });
  });
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} ${i18n.t(lang, "reminders.and")} ${parts.at(-1)}`;
}

/**
 * What every reminder text may name: the campaign, the deadline day ({{date}}, training starts),
 * the last day to object in time ({{lastDay}}) and the days left to object, today included.
 */
function basics(campaign: Campaign, lang: Lang, now: Date, i18n: I18n) {
  const { daysLeft } = deadlineStatus(campaign, now);
  return {
    daysLeft,
    title: campaign.title[lang],
    date: formatDate(campaign.deadline, lang),
    lastDay: formatDate(lastDayToObject(campaign), lang),
    days: i18n.t(lang, "units.days", { count: Math.max(daysLeft, 0) }),
    time: campaign.reminders.sendAt,
  };
}

/** The reminders still to come for a subscriber in this mode, described in words. */
function scheduleText(
  campaign: Campaign,
  mode: ReminderMode,
  lang: Lang,
  now: Date,
  i18n: I18n,
): string | null {
  let upcoming = upcomingReminders(campaign, now);
  if (mode === "last") upcoming = upcoming.filter((r) => r.last);
  const sorted = [...upcoming].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map((r) => r.offset);
  return sorted.length > 0 ? describeOffsets(campaign, sorted, lang, i18n) : null;
}

/**
 * One campaign in the subscription state: until when one can object in time, and the reminders
 * still to come. Only campaigns whose last day has not ended are shown (views.ts, upcoming).
 */
export function campaignLine(
  campaign: Campaign,
  mode: ReminderMode,
  lang: Lang,
  now: Date,
  i18n: I18n,
): string {
  const b = basics(campaign, lang, now, i18n);
  const schedule = scheduleText(campaign, mode, lang, now, i18n);
  const head = i18n.t(lang, b.daysLeft <= 1 ? "reminders.campaignLineLastDay" : "reminders.campaignLine", b);
  const tail = schedule
    ? i18n.t(lang, "reminders.campaignSchedule", { ...b, schedule })
    : i18n.t(lang, "reminders.campaignNoMore");
  return `${head}\n${tail}`;
}

/** The steps to object (the campaign's steps entry, else its deadline answer) and a stop button. */
export function reminderKeyboard(campaign: Campaign, lang: Lang, i18n: I18n): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const steps = campaign.stepsEntry ?? campaign.deadlineEntry;
  if (steps)
    keyboard.text(i18n.t(lang, "reminders.buttons.steps"), encode({ kind: "answer", id: steps })).row();
  return keyboard.text(i18n.t(lang, "reminders.buttons.stop"), encode({ kind: "reminders", op: "off" }));
}

/**
 * A reminder, worded for the moment it is sent: the days left to object in time, "today is the
 * last day", or — for a campaign that lists a reminder on the deadline day (P0D) — that training
 * starts today and an objection now only protects from now on.
 */
export function reminderMessage(campaign: Campaign, lang: Lang, now: Date, i18n: I18n): ReminderText {
  const b = basics(campaign, lang, now, i18n);
  const key =
    b.daysLeft <= 0
      ? "reminders.reminderDeadlineDay"
      : b.daysLeft === 1
        ? "reminders.reminderLastDay"
        : "reminders.reminderFar";
  return { text: i18n.t(lang, key, b), keyboard: reminderKeyboard(campaign, lang, i18n) };
}

/**
 * The one message to chats that asked to hear about a new deadline (sent only while one can
 * still object in time: campaignSlots).
 */
export function announcementMessage(campaign: Campaign, lang: Lang, now: Date, i18n: I18n): ReminderText {
  const b = basics(campaign, lang, now, i18n);
  const schedule = scheduleText(campaign, "all", lang, now, i18n);
  let text = i18n.t(lang, b.daysLeft <= 1 ? "reminders.announcementLastDay" : "reminders.announcement", b);
  if (schedule) text += ` ${i18n.t(lang, "reminders.announcementSchedule", { ...b, schedule })}`;
  return { text, keyboard: reminderKeyboard(campaign, lang, i18n) };
}
