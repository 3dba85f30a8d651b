import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { registerCommands } from "../../src/bot/commands.js";
import { type ApiCall, offlineApi, offlineBotInfo } from "../../src/bot/offline.js";
import { commandMenu } from "../../src/features/index.js";
import { createTestBot, i18n, texts } from "../helpers/bot.js";

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

describe("every command in the menus", () => {
  it("is answered by a feature, in private chats and (when listed there) in groups", async () => {
    const unknown = i18n.t("de", "unknownCommand");
    for (const command of commandMenu) {
      for (const name of new Set([command.de, command.en])) {
        const t = createTestBot();
        const calls = await t.say(`/${name}`);
        expect(calls.length, `/${name}`).toBeGreaterThan(0);
        expect(texts(calls), `/${name}`).not.toContain(unknown);
        if (command.groups) {
          const inGroup = await t.say(`/${name}@${offlineBotInfo.username}`, -100_123);
          expect(inGroup.length, `/${name} in a group`).toBeGreaterThan(0);
        }
      }
    }
  });
});
