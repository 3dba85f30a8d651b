import type { Command, CommandChats } from "../bot/commands.js";
import type { Translate } from "../i18n.js";
import type { Lang } from "../kernel/lang.js";

/**
 * The bot's commands in the order of Telegram's command menu (German and English spellings; all
 * but /start, /meine_daten and /loeschen are listed in groups too). Each feature answers its own;
 * operator commands (/stats, /broadcast) are deliberately not listed.
 */
export const commands = {
  start: { de: "start", en: "start", groups: false },
  question: { de: "frage", en: "question", groups: true },
  deadline: { de: "frist", en: "deadline", groups: true },
  remind: { de: "erinnern", en: "remind", groups: true },
  stop: { de: "stopp", en: "stop", groups: true },
  topics: { de: "themen", en: "topics", groups: true },
  share: { de: "teilen", en: "share", groups: true },
  help: { de: "hilfe", en: "help", groups: true },
  language: { de: "sprache", en: "language", groups: true },
  privacy: { de: "datenschutz", en: "privacy", groups: true },
  myData: { de: "meine_daten", en: "mydata", groups: false },
  delete: { de: "loeschen", en: "delete", groups: false },
} as const satisfies Record<string, Command>;

export const commandMenu: readonly Command[] = Object.values(commands);

/**
 * "/frist – Die Frist und was heute gilt": one line per command a user can use in this kind of
 * chat, in menu order, with the menu's own description — what /hilfe and the group introduction
 * list, so that they cannot leave a command out. Operator commands are not in the table.
 */
export function commandLines(t: Translate, lang: Lang, chats: CommandChats): string {
  return commandMenu
    .filter((c) => chats === "private" || c.groups)
    .map((c) => `/${c[lang]} – ${t(`commands.${c[lang]}`)}`)
    .join("\n");
}
