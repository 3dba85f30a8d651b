import type { Api, RawApi } from "grammy";
import type { BotCommandScope } from "grammy/types";
import type { I18n } from "../i18n.js";
import type { Lang } from "../kernel/lang.js";

/** One command in both languages; the handlers accept both spellings everywhere. */
export interface Command {
  de: string;
  en: string;
  /** Listed in the groups' menu too. */
  groups: boolean;
}

export type CommandChats = "private" | "group";

/** Both spellings of a command, for `composer.command(…)`. */
export function spellings(command: Command): string[] {
  return [...new Set([command.de, command.en])];
}

/** A command menu: the commands in order, named and described in one language. */
export function commandList(i18n: I18n, lang: Lang, commands: readonly Command[], chats: CommandChats) {
  return commands
    .filter((c) => chats === "private" || c.groups)
    .map((c) => ({ command: c[lang], description: i18n.t(lang, `commands.${c[lang]}`) }));
}

/**
 * The command menus Telegram shows, separately for private chats and groups: German by default,
 * English for English clients. The default scope (other chats) gets the private list.
 */
export async function registerCommands(
  api: Api<RawApi>,
  i18n: I18n,
  commands: readonly Command[],
): Promise<void> {
  const scopes: [BotCommandScope | undefined, CommandChats][] = [
    [undefined, "private"],
    [{ type: "all_private_chats" }, "private"],
    [{ type: "all_group_chats" }, "group"],
  ];
  for (const [scope, chats] of scopes) {
    const where = scope ? { scope } : {};
    const list = (lang: Lang) => commandList(i18n, lang, commands, chats);
    await api.setMyCommands(list("de"), where);
    await api.setMyCommands(list("de"), { ...where, language_code: "de" });
    await api.setMyCommands(list("en"), { ...where, language_code: "en" });
  }
}
