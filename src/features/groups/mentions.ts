import type { Message } from "grammy/types";

/** The message's text without mentions of this bot, or null when the message does not mention it. */
export function withoutMention(message: Message, username: string, botId: number): string | null {
  const text = message.text ?? "";
  const own = `@${username}`.toLowerCase();
  const mentions = (message.entities ?? []).filter(
    (e) =>
      (e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === own) ||
      (e.type === "text_mention" && e.user.id === botId),
  );
  if (mentions.length === 0) return null;
  let rest = text;
  // From the end, so that earlier offsets stay valid.
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
    rest = rest.slice(0, e.offset) + rest.slice(e.offset + e.length);
  }
  return rest.replace(/\s+/g, " ").trim();
}

/** A reply to one of the bot's own messages. */
export function repliesToBot(message: Message, botId: number): boolean {
  const replied = message.reply_to_message;
  // In forum topics every message "replies" to the topic's first service message; that is no reply.
  return replied !== undefined && replied.forum_topic_created === undefined && replied.from?.id === botId;
}
