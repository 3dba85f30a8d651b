import { InlineKeyboard } from "grammy";
import type { Translate } from "../i18n.js";
import { escapeHtml } from "../kernel/html.js";
import type { Lang } from "../kernel/lang.js";
import type { Entry } from "../knowledge/schema.js";
import { answerDeepLink } from "./links.js";

/** Answers in groups stay short: a few lines, then a link to the whole answer in a private chat. */
const maxGroupAnswerLength = 400;

/** True when every tag opened in the line is closed in it, so the line can stand alone. */
function balanced(line: string): boolean {
  const open: string[] = [];
  for (const [, closing, name] of line.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (!closing) open.push(name ?? "");
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/**
 * The same entry as in a private chat, formatted for a group: the answer's bold first line and
 * the entry's one-line summary. When the bold line introduces what follows ("… über dieses
 * Formular:"), the next whole lines are kept instead, up to a short length — the form link matters
 * more than the summary.
 */
export function groupAnswerText(entry: Entry, rendered: string, lang: Lang): string {
  const lines = rendered.split("\n").filter((line) => line.trim() !== "");
  const first = lines[0] ?? "";
  const boldFirst = /^<b>.*<\/b>$/.test(first) && balanced(first);
  if (!boldFirst) return `<b>${escapeHtml(entry.title[lang])}</b>\n${escapeHtml(entry.summary[lang])}`;
  if (
    !first
      .replace(/<\/b>$/, "")
      .trimEnd()
      .endsWith(":")
  ) {
    return `${first}\n${escapeHtml(entry.summary[lang])}`;
  }
  const kept = [first];
  let length = first.length;
  for (const line of lines.slice(1)) {
    if (!balanced(line) || length + line.length + 1 > maxGroupAnswerLength) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n");
}

/** Under a group answer: the whole answer in a private chat with the bot. */
export function groupAnswerKeyboard(botUsername: string, id: string, t: Translate): InlineKeyboard {
  return new InlineKeyboard().url(t("groups.more"), answerDeepLink(botUsername, id));
}
