import type { Lang } from "../../kernel/lang.js";
import type { Entry } from "../../knowledge/schema.js";

/** t.me/<bot>?start=faq-<id>: opens the answer in a private chat with the bot (the /start handler reads it). */
export function answerDeepLink(botUsername: string, id: string): string {
  return `https://t.me/${botUsername}?start=faq-${id}`;
}

/** The payload of an answer's deep link: the entry id, or undefined for anything else. */
export function deepLinkEntry(payload: string): string | undefined {
  return /^faq-([a-z0-9-]{1,40})$/.exec(payload)?.[1];
}

export function botLink(botUsername: string): string {
  return `https://t.me/${botUsername}`;
}

/** Telegram's share sheet (t.me/share/url): the person picks a chat, the link and text are prefilled. */
export function shareUrl(botUsername: string, text: string): string {
  return `https://t.me/share/url?url=${encodeURIComponent(botLink(botUsername))}&text=${encodeURIComponent(text)}`;
}

/**
 * The inline query that brings up this entry first: its title without the leading emoji
 * ("📸 Widerspruch Instagram" → "Widerspruch Instagram"). The inline handler puts an entry whose
 * title equals the query first, so a share button always lands on the answer it came from.
 */
export function inlineQueryFor(entry: Entry, lang: Lang): string {
  return plainTitle(entry.title[lang]);
}

export function plainTitle(title: string): string {
  return title.replace(/^[^\p{L}\p{N}]+/u, "").trim();
}
