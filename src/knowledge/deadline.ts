import { addDays, dayNumber, localDate } from "../kernel/dates.js";
import type { Campaign, Phase } from "./schema.js";

export interface DeadlineStatus {
  phase: Phase;
  /**
   * Whole calendar days from today to the deadline day in the campaign's time zone (negative
   * after it): also the days left to object in time, today included (1 on the last day).
   */
  daysLeft: number;
}

/**
 * Where today lies for a campaign. Its `deadline` is the day training starts; objections must
 * arrive before it, so the day before is the last day to object in time ("lastDay"), the
 * deadline day itself is "today", and later days are "after".
 */
export function deadlineStatus(campaign: Pick<Campaign, "deadline" | "timezone">, now: Date): DeadlineStatus {
  const daysLeft = dayNumber(campaign.deadline) - dayNumber(localDate(now, campaign.timezone));
  const phase: Phase =
    daysLeft > 1 ? "before" : daysLeft === 1 ? "lastDay" : daysLeft === 0 ? "today" : "after";
  return { phase, daysLeft };
}

/** The last day to object in time (YYYY-MM-DD): the day before the deadline day. */
export function lastDayToObject(campaign: Pick<Campaign, "deadline">): string {
  return addDays(campaign.deadline, -1);
}

/** True while the last day to object in time has not ended: a deadline still lies ahead. */
export function deadlineAhead(campaign: Pick<Campaign, "deadline" | "timezone">, now: Date): boolean {
  return deadlineStatus(campaign, now).daysLeft >= 1;
}
