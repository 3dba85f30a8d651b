import { InlineKeyboard } from "grammy";
import { encode } from "../../bot/callback-data.js";
import type { I18n } from "../../i18n.js";
import { formatDate } from "../../kernel/dates.js";
import type { Lang } from "../../kernel/lang.js";
import { deadlineStatus } from "../../knowledge/deadline.js";
import type { Campaign } from "../../knowledge/schema.js";
import type { ReminderMode } from "../../storage/store.js";
import { parseOffset, upcomingReminders } from "./schedule.js";

export interface ReminderText {
  text: string;
  keyboard: InlineKeyboard;
}

/** "7 Tage vorher, 1 Tag vorher und am Tag der Frist". */
export function describeOffsets(offsets: string[], lang: Lang, i18n: I18n): string {
  const parts = offsets.map((offset) => {
    const { days, ms } = parseOffset(offset);
    if (ms > 0) return i18n.t(lang, "reminders.offsetSeconds", { count: days * 86_400 + ms / 1000 });
    if (days === 0) return i18n.t(lang, "reminders.offsetSameDay");
    return i18n.t(lang, "reminders.offsetDays", { count: days });
  });
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} ${i18n.t(lang, "reminders.and")} ${parts.at(-1)}`;
}

function basics(campaign: Campaign, lang: Lang, now: Date, i18n: I18n) {
  const { daysLeft } = deadlineStatus(campaign, now);
  return {
    daysLeft,
    title: campaign.title[lang],
    date: formatDate(campaign.deadline, lang),
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
  if (mode === "last") upcoming = upcoming.filter((r) => r.offset === campaign.reminders.offsets.at(-1));
  const sorted = [...upcoming].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map((r) => r.offset);
  return sorted.length > 0 ? describeOffsets(sorted, lang, i18n) : null;
}

/** One campaign in the subscription state: its deadline and the reminders still to come. */
export function campaignLine(
  campaign: Campaign,
  mode: ReminderMode,
  lang: Lang,
  now: Date,
  i18n: I18n,
): string {
  const b = basics(campaign, lang, now, i18n);
  if (b.daysLeft <= 0) return i18n.t(lang, "reminders.campaignLineToday", b);
  const schedule = scheduleText(campaign, mode, lang, now, i18n);
  return schedule
    ? i18n.t(lang, "reminders.campaignLine", { ...b, schedule })
    : i18n.t(lang, "reminders.campaignLineNoMore", b);
}

/** The steps to object (the campaign's steps entry, else its deadline answer) and a stop button. */
export function reminderKeyboard(campaign: Campaign, lang: Lang, i18n: I18n): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const steps = campaign.stepsEntry ?? campaign.deadlineEntry;
  if (steps)
    keyboard.text(i18n.t(lang, "reminders.buttons.steps"), encode({ kind: "answer", id: steps })).row();
  return keyboard.text(i18n.t(lang, "reminders.buttons.stop"), encode({ kind: "reminders", op: "off" }));
}

/** A reminder, worded for the moment it is sent: days left, "tomorrow" or "today". */
export function reminderMessage(campaign: Campaign, lang: Lang, now: Date, i18n: I18n): ReminderText {
  const b = basics(campaign, lang, now, i18n);
  const key =
    b.daysLeft <= 0
      ? "reminders.reminderToday"
      : b.daysLeft === 1
        ? "reminders.reminderTomorrow"
        : "reminders.reminderFar";
  return { text: i18n.t(lang, key, b), keyboard: reminderKeyboard(campaign, lang, i18n) };
}

/** The one message to chats that asked to hear about a new deadline. */
export function announcementMessage(campaign: Campaign, lang: Lang, now: Date, i18n: I18n): ReminderText {
  const b = basics(campaign, lang, now, i18n);
  const schedule = scheduleText(campaign, "all", lang, now, i18n);
  let text: string;
  if (b.daysLeft <= 0) text = i18n.t(lang, "reminders.announcementToday", b);
  else {
    text = i18n.t(lang, "reminders.announcement", b);
    if (schedule) text += ` ${i18n.t(lang, "reminders.announcementSchedule", { ...b, schedule })}`;
  }
  return { text, keyboard: reminderKeyboard(campaign, lang, i18n) };
}
