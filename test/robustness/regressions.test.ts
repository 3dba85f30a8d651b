import { describe, expect, it } from "vitest";
import { createTestBot, i18n } from "../helpers/bot.js";

// Cases the property suite (updates.test.ts) found, kept as plain examples.
describe("found by the robustness suite", () => {
  it("stays silent in a channel, even for a command addressed to it", async () => {
    const t = createTestBot();
    const channel = { id: -1001234567890, type: "channel" as const, title: "Kanal" };
    for (const text of ["/help@WiderspruchBot", "/start", "/frist"]) {
      const post = {
        message_id: 7,
        date: 1_750_000_000,
        chat: channel,
        sender_chat: channel,
        text,
        entities: [{ type: "bot_command" as const, offset: 0, length: text.length }],
      };
      expect(await t.send(t.updates.raw({ channel_post: post }))).toEqual([]);
      expect(
        await t.send(t.updates.raw({ edited_channel_post: { ...post, edit_date: 1_750_000_100 } })),
      ).toEqual([]);
    }
  });
});

describe("a button under a message sent in inline mode (no chat to answer in)", () => {
  const inlinePress = (t: ReturnType<typeof createTestBot>, data: string) =>
    t.send(
      t.updates.raw({
        callback_query: {
          id: "9",
          from: { id: 77, is_bot: false, first_name: "A" },
          chat_instance: "c",
          inline_message_id: "AAAA",
          data,
        },
      }),
    );

  it("opens the answer in the private chat through the deep link", async () => {
    const logs: string[] = [];
    const t = createTestBot({ logs });
    const calls = await inlinePress(t, "1:a:how-to-object");
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    expect(calls[0]?.payload.url).toBe("https://t.me/WiderspruchBot?start=faq-how-to-object");
    expect(logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });

  it("opens the topic menu for the menu button and calls an unknown entry stale", async () => {
    const t = createTestBot();
    const [menu] = await inlinePress(t, "1:m");
    expect(menu?.payload.url).toBe("https://t.me/WiderspruchBot?start=menu");
    const [stale] = await inlinePress(t, "1:a:no-such-entry");
    expect(stale?.payload.url).toBeUndefined();
    expect(stale?.payload.text).toBe(i18n.t("de", "callback.stale"));
  });
});
