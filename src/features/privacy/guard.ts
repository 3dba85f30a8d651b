import { Composer } from "grammy";
import type { MessageEntity, MessageOrigin, User } from "grammy/types";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { withoutNames } from "./unanswered.js";

function originNames(origin: MessageOrigin | undefined): string[] {
  if (origin?.type === "user") return userNames(origin.sender_user);
  if (origin?.type === "hidden_user") return [origin.sender_user_name];
  // A forward from a chat or channel: its title names no person, its author's signature may.
  if (origin?.type === "chat" || origin?.type === "channel")
    return origin.author_signature ? [origin.author_signature] : [];
  return [];
}

function userNames(user: User | undefined): string[] {
  return user ? [user.first_name, user.last_name ?? "", user.username ?? ""] : [];
}

/**
 * The names Telegram gives the bot with an update: those of the sender, of the person a message
 * was forwarded from or replies to, and of people mentioned by name (text mentions) — first and
 * last name and username each.
 */
export function namesIn(ctx: BotContext): string[] {
  const message = ctx.msg;
  const mentioned = [...(message?.entities ?? []), ...(message?.caption_entities ?? [])]
    .filter((e): e is MessageEntity.TextMentionMessageEntity => e.type === "text_mention")
    .flatMap((e) => userNames(e.user));
  return [
    ...userNames(ctx.from),
    ...originNames(message?.forward_origin),
    ...userNames(message?.reply_to_message?.from),
    ...originNames(message?.external_reply?.origin),
    ...mentioned,
  ].filter(Boolean);
}

/**
 * Registered first: while the unanswered-question log is on, it keeps no word of the names
 * Telegram gave the bot with this update. The question is normalised where it is recorded
 * (normaliseQuestion cuts out addresses, handles and numbers), but only the update knows whose
 * names to leave out: this update's view of the store drops their words before anything is stored.
 */
const composer = new Composer<BotContext>();

composer.use((ctx, next) => {
  if (ctx.deps.unansweredLogDays > 0) {
    const names = namesIn(ctx);
    const { store } = ctx.deps;
    ctx.deps = {
      ...ctx.deps,
      store: {
        ...store,
        async recordUnanswered(text, at) {
          const kept = withoutNames(text, names);
          if (kept) await store.recordUnanswered(kept, at);
        },
      },
    };
  }
  return next();
});

export const privacyGuard: Feature = { name: "privacy-guard", composer };
