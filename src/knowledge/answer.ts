import { formatDate } from "../kernel/dates.js";
import type { Lang } from "../kernel/lang.js";
import { deadlineStatus, lastDayToObject } from "./deadline.js";
import type { KnowledgeBase } from "./loader.js";
import type { Entry } from "./schema.js";

/** "12 Tage", "1 day": how the interface words a number of days in the answer's language. */
export type DaysWording = (count: number) => string;

/**
 * An entry's answer in a language, as Telegram HTML, correct for the given moment. Date-aware
 * entries pick the text for before the deadline, its last day, the deadline day and after it,
 * and fill in {days} ("12 Tage", "1 Tag"), {deadline} ("27. Mai 2025", the day training starts)
 * and {lastDay} ("26. Mai 2025", the last day to object in time).
 */
export function renderAnswer(
  knowledge: Pick<KnowledgeBase, "campaignOf">,
  entry: Entry,
  lang: Lang,
  now: Date,
  days: DaysWording,
): string {
  const { answer } = entry;
  if ("de" in answer) return answer[lang].trim();
  const campaign = knowledge.campaignOf(entry);
  const status = deadlineStatus(campaign, now);
  return answer[status.phase][lang]
    .replaceAll("{days}", days(Math.abs(status.daysLeft)))
    .replaceAll("{deadline}", formatDate(campaign.deadline, lang))
    .replaceAll("{lastDay}", formatDate(lastDayToObject(campaign), lang))
    .trim();
}
