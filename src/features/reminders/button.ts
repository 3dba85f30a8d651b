import { encode } from "../../bot/callback-data.js";
import type { Translate } from "../../i18n.js";
import { deadlineAhead } from "../../knowledge/deadline.js";
import type { KnowledgeBase } from "../../knowledge/loader.js";

/** An inline button as text and callback data (`InlineKeyboard.text(button.text, button.data)`). */
export interface ReminderButton {
  text: string;
  data: string;
}

/**
 * The reminder button under an entry's answer, or null when the entry is no campaign's deadline
 * answer. While one can still object in time for that campaign (its last day has not ended) it is
 * "⏰ Erinnern" and switches reminders on; once that day is over it offers "🔔 Bei neuer Frist
 * Bescheid geben" instead, which is what pressing it leads to (the reminders feature's "notify";
 * if a deadline of another campaign lies ahead by then, that one is subscribed).
 */
export function reminderButtonFor(
  knowledge: Pick<KnowledgeBase, "campaigns">,
  entryId: string,
  now: Date,
  t: Translate,
): ReminderButton | null {
  const campaigns = knowledge.campaigns.filter((c) => c.deadlineEntry === entryId);
  if (campaigns.length === 0) return null;
  if (campaigns.some((c) => deadlineAhead(c, now))) {
    return { text: t("reminders.buttons.subscribe"), data: encode({ kind: "reminders", op: "on" }) };
  }
  return { text: t("reminders.buttons.notify"), data: encode({ kind: "reminders", op: "notify" }) };
}
