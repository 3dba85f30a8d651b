import type { Api, RawApi } from "grammy";
import type { BotCommandScope } from "grammy/types";
import type { I18n } from "../i18n.js";
import type { Lang } from "../kernel/lang.js";

export type CommandChats = "private" | "group";

/** Command names per language and kind of chat; the handlers accept both spellings everywhere. */
const commandNames: Record<CommandChats, Record<Lang, string[]>> = {
  private: {
    de: [
      "start",
      "frage",
      "frist",
      "erinnern",
      "stopp",
      "themen",
      "teilen",
      "hilfe",
      "sprache",
      "datenschutz",
      "meine_daten",
      "loeschen",
    ],
    en: [
      "start",
      "question",
      "deadline",
      "remind",
      "stop",
      "topics",
      "share",
      "help",
      "language",
      "privacy",
      "mydata",
      "delete",
    ],
  },
  // No /start in groups: people add the bot and ask it; /hilfe says how.
  group: {
    de: ["frage", "frist", "erinnern", "stopp", "themen", "teilen", "hilfe", "sprache", "datenschutz"],
    en: ["question", "deadline", "remind", "stop", "topics", "share", "help", "language", "privacy"],
  },
};

export function commandList(i18n: I18n, lang: Lang, chats: CommandChats = "private") {
  return commandNames[chats][lang].map((command) => ({
    command,
    description: i18n.t(lang, `commands.${command}`),
  }));
}

/**
 * The command menus Telegram shows, separately for private chats and groups: German by default,
 * English for English clients. The default scope (other chats) gets the private list.
 */
export async function registerCommands(api: Api<RawApi>, i18n: I18n): Promise<void> {
  const scopes: [BotCommandScope | undefined, CommandChats][] = [
    [undefined, "private"],
    [{ type: "all_private_chats" }, "private"],
    [{ type: "all_group_chats" }, "group"],
  ];
  for (const [scope, chats] of scopes) {
    const where = scope ? { scope } : {};
    await api.setMyCommands(commandList(i18n, "de", chats), where);
    await api.setMyCommands(commandList(i18n, "de", chats), { ...where, language_code: "de" });
    await api.setMyCommands(commandList(i18n, "en", chats), { ...where, language_code: "en" });
  }
}
