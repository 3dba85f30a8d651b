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
import { reminderButtonFor } from "../reminders/button.js";
import { answerDeepLink } from "./links.js";

/** Answers in groups stay short: a few lines, then a link to the whole answer in a private chat. */
const maxGroupAnswerLength = 400;

function title(knowledge: KnowledgeBase, id: string, lang: Lang): string {
  return (knowledge.entries.get(id) ?? knowledge.intents.get(id))?.title[lang] ?? id;
}

/**
 * The entry's sources, one short line: each publisher linked to the page the fact comes from, the
 * article by its title (it has no address).
 */
export function sourceLine(entry: Entry, lang: Lang, t: Translate): string {
  const names = entry.citations.map((c) =>
    c.url ? `<a href="${escapeHtml(c.url)}">${escapeHtml(c.name[lang])}</a>` : escapeHtml(c.name[lang]),
  );
  return `📎 <i>${t(names.length === 1 ? "answer.source" : "answer.sources")}: ${names.join(" · ")}</i>`;
}

type AnswerDeps = Pick<BotDeps, "knowledge" | "i18n" | "clock">;

/** An entry's answer text, as Telegram HTML, for the current moment (without its sources). */
function answerBody(deps: AnswerDeps, entry: Entry, lang: Lang): string {
  return renderAnswer(deps.knowledge, entry, lang, deps.clock(), daysWording(deps.i18n, lang));
}

/** An entry's whole answer, as Telegram HTML, for the current moment, ending with its sources. */
export function answerHtml(deps: AnswerDeps, entry: Entry, lang: Lang): string {
  return `${answerBody(deps, entry, lang)}\n\n${sourceLine(entry, lang, deps.i18n.fixed(lang))}`;
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

/** At most this many buttons under an answer: more make the screen busy on a phone. */
export const maxAnswerButtons = 5;

/**
 * Under an answer, at most five buttons: the two next steps that help most (the reminder where a
 * deadline lies ahead, then the related entries in the content's order), "helpful?" 👍 👎, and
 * "Mehr …". "Mehr …" shows the rest in place: the other related entries, "Teilen" and all topics.
 */
export function answerKeyboard(
  knowledge: KnowledgeBase,
  id: string,
  lang: Lang,
  t: Translate,
  now: Date,
  expanded = false,
): InlineKeyboard {
  const steps: { text: string; data: string }[] = [];
  const remind = reminderButtonFor(knowledge, id, now, t);
  if (remind) steps.push(remind);
  for (const related of knowledge.entries.get(id)?.related ?? []) {
    steps.push({ text: title(knowledge, related, lang), data: encode({ kind: "answer", id: related }) });
  }
  const keyboard = new InlineKeyboard();
  if (expanded) {
    // The rest of the next steps (at most three), then "Teilen" and all topics: five at most.
    for (const step of steps.slice(2, maxAnswerButtons)) keyboard.text(step.text, step.data).row();
    return keyboard
      .text(t("sharing.button"), encode({ kind: "share", id }))
      .text(t("buttons.topics"), encode({ kind: "menu" }));
  }
  for (const step of steps.slice(0, 2)) keyboard.text(step.text, step.data).row();
  return keyboard
    .text(t("buttons.helpful"), encode({ kind: "feedback", id, helpful: true }))
    .text(t("buttons.notHelpful"), encode({ kind: "feedback", id, helpful: false }))
    .row()
    .text(t("buttons.more"), encode({ kind: "more", id, open: true }));
}

/** "Meinten Sie …?": one button per candidate (at most four), then the topics. */
export function choicesKeyboard(
  knowledge: KnowledgeBase,
  ids: string[],
  lang: Lang,
  t: Translate,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const id of ids.slice(0, maxAnswerButtons - 1)) {
    keyboard.text(title(knowledge, id, lang), encode({ kind: "answer", id })).row();
  }
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
  // Groups get the same entry, short, with its sources and the whole answer one tap away in a private chat.
  if (isGroupChat(ctx)) {
    const short = groupAnswerText(entry, answerBody(ctx.deps, entry, ctx.lang), ctx.lang);
    return {
      text: `${short}\n${sourceLine(entry, ctx.lang, ctx.t)}`,
      keyboard: new InlineKeyboard().url(ctx.t("groups.more"), answerDeepLink(ctx.me.username, entry.id)),
    };
  }
  return {
    text: answerHtml(ctx.deps, entry, ctx.lang),
    keyboard: answerKeyboard(knowledge, entry.id, ctx.lang, ctx.t, ctx.deps.clock()),
  };
}

/** "So fragen Sie mich: /frage …", with the command in the chat's language, addressed to this bot in a group. */
export function askHow(ctx: BotContext): Reply {
  const command = `/${commands.question[ctx.lang]}`;
  return {
    text: ctx.t("groups.askHow", { command: isGroupChat(ctx) ? `${command}@${ctx.me.username}` : command }),
  };
}
