import { dayNumber, localDate } from "../kernel/dates.js";
import type { Campaign, Phase } from "./schema.js";

export interface DeadlineStatus {
  phase: Phase;
  /** Whole calendar days from today to the deadline day in the campaign's time zone (negative after it). */
  daysLeft: number;
}

export function deadlineStatus(campaign: Pick<Campaign, "deadline" | "timezone">, now: Date): DeadlineStatus {
  const daysLeft = dayNumber(campaign.deadline) - dayNumber(localDate(now, campaign.timezone));
  const phase: Phase = daysLeft > 0 ? "before" : daysLeft === 0 ? "today" : "after";
  return { phase, daysLeft };
}
