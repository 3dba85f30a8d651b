import { GrammyError } from "grammy";
import { describe, expect, it } from "vitest";
import { paceChats } from "../../src/bot/chat-pace.js";
import { type ApiCall, fakeResult, UpdateFactory } from "../../src/bot/offline.js";
import { createTestBot, i18n, texts } from "../helpers/bot.js";
import { fakeClock } from "../helpers/reminders.js";

const de = i18n.fixed("de");
const group = -100_555;
const stranger = new UpdateFactory({ id: 5555, first_name: "Fremd", language_code: "de" });

/** How often each press was answered, by callback_query_id. */
function answersPerPress(calls: ApiCall[]): Map<string, number> {
  const answers = new Map<string, number>();
  for (const call of calls.filter((c) => c.method === "answerCallbackQuery")) {
    const id = String(call.payload.callback_query_id);
    answers.set(id, (answers.get(id) ?? 0) + 1);
  }
  return answers;
}

/** A getChatMember answer that makes every user a plain member of a group. */
const asMember = (call: ApiCall) =>
  call.method === "getChatMember"
    ? { status: "member", user: { id: call.payload.user_id, is_bot: false, first_name: "x" } }
    : fakeResult(call.method, call.payload);

describe("button presses", () => {
  it("are answered exactly once, whatever the button, the chat and the outcome", async () => {
    const t = createTestBot({ respond: asMember, deps: { adminIds: [4242] } });
    const presses = [
      t.updates.callback("1:m"),
      t.updates.callback("1:a:deadline"),
      t.updates.callback("1:f:y:deadline"),
      t.updates.callback("1:l:en"),
      t.updates.callback("1:l:de"),
      t.updates.callback("1:s"),
      t.updates.callback("1:s:deadline"),
      t.updates.callback("1:d:n"),
      t.updates.callback("1:r:notify"),
      t.updates.callback("1:r:last"),
      t.updates.callback("1:r:off"),
      t.updates.callback("1:r:on"),
      t.updates.callback("1:b:n"),
      stranger.callback("1:b:y"),
      t.updates.callback("0:m"),
      t.updates.callback("forged data"),
      t.updates.callback("1:a:no-such-entry"),
      // In a group, by a member who is no admin: refused with an alert.
      t.updates.callback("1:r:off", group),
      t.updates.callback("1:l:en", group),
      t.updates.callback("1:d:y", group),
      t.updates.callback("1:m", group),
      // A button under a message sent in inline mode: no chat, answered with a link.
      t.updates.raw({
        callback_query: {
          id: "inline-press",
          from: { id: 4242, is_bot: false, first_name: "Test" },
          chat_instance: "inline",
          inline_message_id: "AAAA",
          data: "1:a:deadline",
        },
      } as never),
    ];
    for (const press of presses) {
      const calls = await t.send(press);
      const id = String(press.callback_query?.id);
      expect(answersPerPress(calls), press.callback_query?.data).toEqual(new Map([[id, 1]]));
    }
  });

  it("a press refused to a group member gets the alert as its only answer", async () => {
    const t = createTestBot({ respond: asMember });
    const calls = await t.press("1:r:off", group);
    expect(calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload)).toEqual([
      expect.objectContaining({ text: de("reminders.adminsOnly"), show_alert: true }),
    ]);
    expect(texts(calls)).toEqual([]);
  });

  it("a press whose handling fails is answered once, and the apology follows", async () => {
    const t = createTestBot({
      respond: (call) => {
        if (call.method === "sendMessage" && String(call.payload.text).includes("Themen")) {
          throw new Error("simulated network failure");
        }
        return fakeResult(call.method, call.payload);
      },
    });
    const press = t.updates.callback("1:m");
    const calls = await t.send(press);
    expect(answersPerPress(calls)).toEqual(new Map([[String(press.callback_query?.id), 1]]));
    expect(texts(calls).at(-1)).toBe(de("error.apology"));
  });

  it("25 presses in a minute: 25 answers, the flood note once, and no 429 from Telegram", async () => {
    const clock = fakeClock(new Date("2026-11-29T10:00:00Z"));
    // Telegram's limit per private chat: one message a second, else 429.
    const lastMessage = new Map<number, number>();
    const floods: ApiCall[] = [];
    const t = createTestBot({
      deps: { rateLimit: { limit: 20, windowMs: 60_000 } },
      respond: (call) => {
        if (call.method === "sendMessage") {
          const chat = Number(call.payload.chat_id);
          const now = clock.clock().getTime();
          if (now - (lastMessage.get(chat) ?? Number.NEGATIVE_INFINITY) < 1000) {
            floods.push(call);
            const description = "Too Many Requests: retry after 1";
            throw new GrammyError(
              description,
              { ok: false, error_code: 429, description, parameters: { retry_after: 1 } },
              call.method,
              call.payload,
            );
          }
          lastMessage.set(chat, now);
        }
        return fakeResult(call.method, call.payload);
      },
    });
    t.bot.api.config.use(paceChats({ clock: clock.clock, sleep: clock.sleep }));
    // The user hammers the topic button: all 25 presses come in at once.
    const presses = Array.from({ length: 25 }, () => t.updates.callback("1:m"));
    await Promise.all(presses.map((press) => t.bot.handleUpdate(press)));
    const calls = t.calls;
    const ids = presses.map((press) => String(press.callback_query?.id));
    expect(answersPerPress(calls)).toEqual(new Map(ids.map((id) => [id, 1])));
    const notes = calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.text);
    expect(notes.map((c) => c.payload.text)).toEqual([de("abuse.slowDown")]);
    expect(texts(calls)).toHaveLength(20);
    expect(floods).toEqual([]);
  });
});
