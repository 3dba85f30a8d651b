import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { registerCommands } from "../../src/bot/commands.js";
import { type ApiCall, offlineApi } from "../../src/bot/offline.js";
import { commandMenu } from "../../src/features/index.js";
import { i18n } from "../helpers/bot.js";

describe("command menus", () => {
  it("are set separately for private chats and groups, in German and English", async () => {
    const calls: ApiCall[] = [];
    const api = new Api("123:offline");
    api.config.use(offlineApi((call) => calls.push(call)));
    await registerCommands(api, i18n, commandMenu);
    const menu = (scope: string | undefined, lang: string | undefined) =>
      calls.find(
        (c) =>
          (c.payload.scope as { type?: string } | undefined)?.type === scope &&
          c.payload.language_code === lang,
      )?.payload.commands as { command: string; description: string }[];
    const names = (scope: string | undefined, lang: string | undefined) =>
      menu(scope, lang)?.map((c) => c.command);
    expect(names("all_private_chats", "de")).toEqual([
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
    ]);
    expect(names("all_private_chats", "en")).toEqual([
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
    ]);
    expect(names("all_group_chats", "de")).toEqual([
      "frage",
      "frist",
      "erinnern",
      "stopp",
      "themen",
      "teilen",
      "hilfe",
      "sprache",
      "datenschutz",
    ]);
    expect(names("all_group_chats", "en")).toEqual([
      "question",
      "deadline",
      "remind",
      "stop",
      "topics",
      "share",
      "help",
      "language",
      "privacy",
    ]);
    expect(names("all_group_chats", undefined)).toEqual(names("all_group_chats", "de"));
    expect(names(undefined, undefined)).toEqual(names("all_private_chats", "de"));
    for (const call of calls) {
      for (const c of call.payload.commands as { description: string }[]) expect(c.description).not.toBe("");
    }
  });
});
