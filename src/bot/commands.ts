import type { Api, RawApi } from "grammy";
import type { I18n } from "../i18n.js";
import type { Lang } from "../knowledge/schema.js";

/** Command names per language; the handlers accept both spellings. */
const commandNames: Record<Lang, string[]> = {
  de: ["start", "frist", "themen", "hilfe", "sprache", "erinnern", "stopp"],
  en: ["start", "deadline", "topics", "help", "language", "remind", "stop"],
};

export function commandList(i18n: I18n, lang: Lang) {
  return commandNames[lang].map((command) => ({ command, description: i18n.t(lang, `commands.${command}`) }));
}

/** The command menus Telegram shows: German by default, English for English clients. */
export async function registerCommands(api: Api<RawApi>, i18n: I18n): Promise<void> {
  await api.setMyCommands(commandList(i18n, "de"));
  await api.setMyCommands(commandList(i18n, "de"), { language_code: "de" });
  await api.setMyCommands(commandList(i18n, "en"), { language_code: "en" });
}
