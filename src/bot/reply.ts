import type { InlineKeyboard, Transformer } from "grammy";
import { type BotContext, isGroupChat } from "./context.js";

/** Methods whose text the bot writes in Telegram HTML unless the call says otherwise. */
const textMethods = new Set(["sendMessage", "editMessageText"]);

type Payload = Record<string, unknown>;
const formatted = (p: Payload) => "parse_mode" in p || "entities" in p;

/**
 * An API transformer: every message text the bot writes is Telegram HTML (interface strings,
 * answers, reminders), so the parse mode is set here once instead of at every call. A call that
 * brings its own `parse_mode` or `entities` (an admin's broadcast, sent as typed) is left alone,
 * and so are inline results that do.
 */
export function htmlByDefault(): Transformer {
  return (prev, method, payload, signal) => {
    const p = (payload ?? {}) as Payload;
    if (textMethods.has(method) && !formatted(p)) {
      return prev(method, { ...p, parse_mode: "HTML" } as unknown as typeof payload, signal);
    }
    if (method === "answerInlineQuery" && Array.isArray(p.results)) {
      const results = (p.results as Payload[]).map((result) => {
        const content = result.input_message_content as Payload | undefined;
        return content && "message_text" in content && !formatted(content)
          ? { ...result, input_message_content: { ...content, parse_mode: "HTML" } }
          : result;
      });
      return prev(method, { ...p, results } as unknown as typeof payload, signal);
    }
    return prev(method, payload, signal);
  };
}

/** A message the bot answers with: HTML text and, optionally, buttons. */
export interface Reply {
  text: string;
  keyboard?: InlineKeyboard;
}

/**
 * Answers in the chat without link previews (answers cite sources; a preview card would bury the
 * text). In a group the answer replies to the question, so that everyone sees what it answers.
 */
export async function send(ctx: BotContext, reply: Reply): Promise<void> {
  const question = isGroupChat(ctx) ? ctx.message?.message_id : undefined;
  await ctx.reply(reply.text, {
    link_preview_options: { is_disabled: true },
    ...(question !== undefined
      ? { reply_parameters: { message_id: question, allow_sending_without_reply: true } }
      : {}),
    ...(reply.keyboard ? { reply_markup: reply.keyboard } : {}),
  });
}
