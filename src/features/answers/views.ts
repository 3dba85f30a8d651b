import { InlineKeyboard } from "grammy";
import { encode } from "../../bot/callback-data.js";
import { type BotContext, type BotDeps, isGroupChat } from "../../bot/context.js";
import type { Reply } from "../../bot/reply.js";
import { daysWording, type Translate } from "../../i18n.js";
import { escapeHtml } from "../../kernel/html.js";
import type { Lang } from "../../kernel/lang.js";
import { renderAnswer } from "../../knowledge/answer.js";
import type { KnowledgeBase } from "../../knowledge/loader.js";
import type { Entry } from "../../knowledge/schema.js";
import { commands } from "../commands.js";
import { answerDeepLink } from "./links.js";

/** Answers in groups stay short: a few lines, then a link to the whole answer in a private chat. */
const maxGroupAnswerLength = 400;

function title(knowledge: KnowledgeBase, id: string, lang: Lang): string {
  return (knowledge.entries.get(id) ?? knowledge.intents.get(id))?.title[lang] ?? id;
}

/** An entry's whole answer, as Telegram HTML, for the current moment. */
export function answerHtml(
  deps: Pick<BotDeps, "knowledge" | "i18n" | "clock">,
  entry: Entry,
  lang: Lang,
): string {
  return renderAnswer(deps.knowledge, entry, lang, deps.clock(), daysWording(deps.i18n, lang));
}

/** The topic menu: the campaign's chosen entries, two a row. */
export function topicMenu(knowledge: KnowledgeBase, lang: Lang): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  knowledge.menu.forEach((id, index) => {
    keyboard.text(title(knowledge, id, lang), encode({ kind: "answer", id }));
    if (index % 2 === 1) keyboard.row();
  });
  return keyboard;
}

/** Under an answer: related entries, "helpful?", the way back to the topics and "Teilen". */
export function answerKeyboard(
  knowledge: KnowledgeBase,
  id: string,
  lang: Lang,
  t: Translate,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const related of knowledge.entries.get(id)?.related ?? []) {
    keyboard.text(title(knowledge, related, lang), encode({ kind: "answer", id: related })).row();
  }
  if (knowledge.campaigns.some((c) => c.deadlineEntry === id)) {
    keyboard.text(t("reminders.buttons.subscribe"), encode({ kind: "reminders", op: "on" })).row();
  }
  return keyboard
    .text(t("buttons.helpful"), encode({ kind: "feedback", id, helpful: true }))
    .text(t("buttons.notHelpful"), encode({ kind: "feedback", id, helpful: false }))
    .row()
    .text(t("buttons.topics"), encode({ kind: "menu" }))
    .text(t("sharing.button"), encode({ kind: "share", id }));
}

/** "Meinten Sie …?": one button per candidate, then the topics. */
export function choicesKeyboard(
  knowledge: KnowledgeBase,
  ids: string[],
  lang: Lang,
  t: Translate,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const id of ids) keyboard.text(title(knowledge, id, lang), encode({ kind: "answer", id })).row();
  return keyboard.text(t("buttons.topics"), encode({ kind: "menu" }));
}

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

/** An entry's answer as the user sees it, for the current moment and kind of chat. */
export function entryReply(ctx: BotContext, entry: Entry): Reply {
  const { knowledge } = ctx.deps;
  const text = answerHtml(ctx.deps, entry, ctx.lang);
  // Groups get the same entry, short, with the whole answer one tap away in a private chat.
  if (isGroupChat(ctx)) {
    return {
      text: groupAnswerText(entry, text, ctx.lang),
      keyboard: new InlineKeyboard().url(ctx.t("groups.more"), answerDeepLink(ctx.me.username, entry.id)),
    };
  }
  return { text, keyboard: answerKeyboard(knowledge, entry.id, ctx.lang, ctx.t) };
}

/** "So fragen Sie mich: /frage …", with the command in the chat's language, addressed to this bot in a group. */
export function askHow(ctx: BotContext): Reply {
  const command = `/${commands.question[ctx.lang]}`;
  return {
    text: ctx.t("groups.askHow", { command: isGroupChat(ctx) ? `${command}@${ctx.me.username}` : command }),
  };
}
