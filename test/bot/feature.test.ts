import { Composer } from "grammy";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.js";
import { type Feature, IntentRegistry } from "../../src/bot/feature.js";
import { features } from "../../src/features/index.js";
import { knowledge } from "../helpers/bot.js";

const feature = (name: string, intents: Feature["intents"]): Feature => ({
  name,
  composer: new Composer<BotContext>(),
  intents,
});
const answer = (summary: string, chats?: "group") => ({
  summary,
  reply: async () => undefined,
  ...(chats ? { chats } : {}),
});
const inChat = (type: string) => ({ chat: { id: 1, type } }) as unknown as BotContext;

describe("the intent registry", () => {
  it("refuses two features answering the same intent", () => {
    expect(
      () =>
        new IntentRegistry([feature("a", { thanks: answer("x") }), feature("b", { thanks: answer("y") })]),
    ).toThrow(/intent "thanks" is answered twice \(again by b\)/);
  });

  it("prefers a group answer in groups and the general one elsewhere", () => {
    const general = answer("help");
    const groups = answer("groups.intro", "group");
    const registry = new IntentRegistry([feature("a", { help: general }), feature("b", { help: groups })]);
    expect(registry.find(inChat("supergroup"), "help")).toBe(groups);
    expect(registry.find(inChat("private"), "help")).toBe(general);
    expect(registry.summary("help")).toBe("help");
    expect(registry.find(inChat("private"), "unknown")).toBeUndefined();
  });

  it("has a feature for every intent the content defines", () => {
    const registry = new IntentRegistry(features);
    for (const id of knowledge.intents.keys()) expect(registry.summary(id), id).toBeDefined();
  });
});
