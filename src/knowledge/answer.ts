import type { I18n } from "../i18n.js";
import { deadlineStatus, formatDate } from "./deadline.js";
import type { KnowledgeBase } from "./loader.js";
import type { Entry, Lang } from "./schema.js";

/**
 * An entry's answer in a language, as Telegram HTML, correct for the given moment. Date-aware
 * entries pick the text for before / on / after the deadline and fill in {days} ("12 Tage",
 * "1 Tag") and {deadline} ("27. Mai 2025").
 */
export function renderAnswer(
  knowledge: Pick<KnowledgeBase, "campaignOf">,
  entry: Entry,
  lang: Lang,
  now: Date,
  i18n: I18n,
): string {
  const { answer } = entry;
  if ("de" in answer) return answer[lang].trim();
  const campaign = knowledge.campaignOf(entry);
  const status = deadlineStatus(campaign, now);
  return answer[status.phase][lang]
    .replaceAll("{days}", i18n.t(lang, "units.days", { count: Math.abs(status.daysLeft) }))
    .replaceAll("{deadline}", formatDate(campaign.deadline, lang))
    .trim();
}
