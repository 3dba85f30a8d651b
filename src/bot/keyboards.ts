import { InlineKeyboard } from "grammy";
import type { Translate } from "../i18n.js";
import type { Lang } from "../kernel/lang.js";
import type { KnowledgeBase } from "../knowledge/loader.js";
import { encode } from "./callback-data.js";

function title(knowledge: KnowledgeBase, id: string, lang: Lang): string {
  return (knowledge.entries.get(id) ?? knowledge.intents.get(id))?.title[lang] ?? id;
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

export function languageKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text("🇩🇪 Deutsch", encode({ kind: "language", lang: "de" }))
    .text("🇬🇧 English", encode({ kind: "language", lang: "en" }));
}
