import { addDays, formatter, localDate } from "../../kernel/dates.js";
import { deadlineAhead } from "../../knowledge/deadline.js";
import type { Campaign } from "../../knowledge/schema.js";
import { announcementKey } from "../../storage/store.js";

/**
 * One message every subscriber of a campaign is due: a reminder (keyed by its offset, e.g. "P7D")
 * or the announcement of the campaign to those who asked to hear about new deadlines.
 */
export interface ReminderSlot {
  campaign: Campaign;
  /** Delivery key: the offset ("P7D") or "announce". */
  key: string;
  kind: "reminder" | "announce";
  /** Only subscriptions made at or before this moment get the message. */
  dueAt: Date;
  /** After this moment the message is stale: skipped, never sent late. */
  windowEnd: Date;
  /**
   * The campaign's last reminder on or before the last day to object in time (else its last one):
   * subscribers who chose "only the last day" get this one only.
   */
  last: boolean;
}

/** Quiet hours: no reminder is sent between 22:00 and 08:00 Berlin time. */
export const quietHours = { from: 22, to: 8, timeZone: "Europe/Berlin" } as const;

export function isNight(now: Date): boolean {
  const hour = Number(
    formatter("quiet hours", () => ({
      locale: "en-GB",
      options: { timeZone: quietHours.timeZone, hour: "2-digit", hourCycle: "h23" },
    })).format(now),
  );
  return hour >= quietHours.from || hour < quietHours.to;
}

/** An ISO-8601 duration of days and time ("P7D", "PT30S", "P1DT2H") as days plus milliseconds. */
export function parseOffset(offset: string): { days: number; ms: number } {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(offset);
  if (!match) throw new Error(`not an ISO-8601 duration: ${offset}`);
  const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return { days: d ?? 0, ms: ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000 };
}

/** Milliseconds the time zone is ahead of UTC at an instant. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = formatter(`zone offset ${timeZone}`, () => ({
    locale: "en-US",
    options: {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    },
  })).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall-clock time ("2025-05-20", "10:00") in a time zone. */
export function zonedTime(isoDate: string, time: string, timeZone: string): Date {
  const wall = Date.parse(`${isoDate}T${time}:00Z`);
  // Two passes settle the offset also on days when summer time starts or ends.
  let instant = wall - zoneOffset(wall, timeZone);
  instant = wall - zoneOffset(instant, timeZone);
  return new Date(instant);
}

/** The moment the deadline day is over (local midnight after it). */
export function deadlineEnd(campaign: Campaign): Date {
  return zonedTime(addDays(campaign.deadline, 1), "00:00", campaign.timezone);
}

/** The moment the last day to object in time is over: local midnight at the start of the deadline day. */
export function lastDayEnd(campaign: Campaign): Date {
  return zonedTime(campaign.deadline, "00:00", campaign.timezone);
}

/** When a reminder with this offset is due: `sendAt` local time, `days` calendar days before, minus the time part. */
export function reminderDue(campaign: Campaign, offset: string): Date {
  const { days, ms } = parseOffset(offset);
  return new Date(
    zonedTime(addDays(campaign.deadline, -days), campaign.reminders.sendAt, campaign.timezone).getTime() - ms,
  );
}

/**
 * A campaign whose last day to object in time has not ended: one can still subscribe to it. (On
 * the deadline day itself training starts; nothing can be done in time any more.)
 */
export function isUpcoming(campaign: Campaign, now: Date): boolean {
  return deadlineAhead(campaign, now);
}

/**
 * Every message a campaign owes its subscribers, in time order. A reminder's window runs from
 * its due moment until the next reminder is due, the local day it was due on ends, or the
 * deadline day ends — whichever comes first — so a reminder the bot could not send in time is
 * never sent with an outdated "tomorrow". The announcement of a new campaign goes out only while
 * its last day to object in time has not ended.
 */
export function campaignSlots(campaign: Campaign, now: Date): ReminderSlot[] {
  const end = deadlineEnd(campaign);
  const inTime = lastDayEnd(campaign);
  const reminders = [...new Set(campaign.reminders.offsets)]
    .map((offset) => ({ offset, dueAt: reminderDue(campaign, offset) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  // "Only the last day" means the last reminder while objecting is still in time (P1D for
  // meta-ai-2025); a reminder on the deadline day (P0D) counts only when there is no other.
  const lastInTime = reminders.findLastIndex((r) => r.dueAt < inTime);
  const lastIndex = lastInTime >= 0 ? lastInTime : reminders.length - 1;
  const slots: ReminderSlot[] = reminders.map(({ offset, dueAt }, index) => {
    const dayEnd = zonedTime(addDays(localDate(dueAt, campaign.timezone), 1), "00:00", campaign.timezone);
    const next = reminders[index + 1]?.dueAt ?? end;
    const windowEnd = new Date(Math.min(next.getTime(), dayEnd.getTime(), end.getTime()));
    return {
      campaign,
      key: offset,
      kind: "reminder",
      dueAt,
      windowEnd,
      last: index === lastIndex,
    };
  });
  // The announcement goes to everyone who asked before now, as long as one can object in time.
  if (now < inTime) {
    slots.unshift({
      campaign,
      key: announcementKey,
      kind: "announce",
      dueAt: now,
      windowEnd: inTime,
      last: false,
    });
  }
  return slots;
}

/** A reminder still to come: its offset, when it is due, and whether it is the "only the last day" one. */
export interface UpcomingReminder {
  offset: string;
  dueAt: Date;
  last: boolean;
}

/** The reminders still to come for a campaign (what the bot promises when someone subscribes). */
export function upcomingReminders(campaign: Campaign, now: Date): UpcomingReminder[] {
  return campaignSlots(campaign, now)
    .filter((slot) => slot.kind === "reminder" && slot.windowEnd > now && slot.dueAt > now)
    .map((slot) => ({ offset: slot.key, dueAt: slot.dueAt, last: slot.last }));
}
