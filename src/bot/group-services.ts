import type { NextFunction, Transformer } from "grammy";
import type { Clock } from "../kernel/clock.js";
import { AdminCache } from "./admins.js";
import { ChatRateLimiter } from "./chat-limiter.js";
import type { BotContext } from "./context.js";

/** Per-bot state for groups: the reply budget per group and the admin cache. */
export interface GroupServices {
  limiter: ChatRateLimiter;
  admins: AdminCache;
}

export function createGroupServices(clock: Clock): GroupServices {
  return { limiter: new ChatRateLimiter(clock), admins: new AdminCache(clock) };
}

export function groupServices(ctx: BotContext): GroupServices {
  const services = ctx.deps.groups;
  if (!services) throw new Error("group services missing: createBot sets deps.groups");
  return services;
}

/** A reply to a group was dropped because the group's message budget is spent. */
export class GroupRateLimited extends Error {
  override name = "GroupRateLimited";
  constructor(readonly chatId: number) {
    super(`group ${chatId} is over its message budget`);
  }
}

// Everything that puts a new message into the chat; chat actions and edits do not count.
const countsAsMessage = (method: string) =>
  (method.startsWith("send") && method !== "sendChatAction") ||
  method === "copyMessage" ||
  method === "copyMessages" ||
  method === "forwardMessage" ||
  method === "forwardMessages";

/**
 * For updates from a group: every message the bot sends into that group takes from its budget
 * (20 a minute); over budget the call is not made and GroupRateLimited ends the update quietly
 * (the error boundary logs it). Installed on this update's own Api object only.
 */
export async function groupRateLimit(ctx: BotContext, next: NextFunction): Promise<void> {
  const chat = ctx.chat;
  if (chat && isGroupChat(ctx)) {
    const { limiter } = groupServices(ctx);
    const limit: Transformer = (prev, method, payload, signal) => {
      const target = (payload as { chat_id?: unknown } | undefined)?.chat_id;
      if (countsAsMessage(method) && String(target) === String(chat.id) && !limiter.tryTake(chat.id)) {
        throw new GroupRateLimited(chat.id);
      }
      return prev(method, payload, signal);
    };
    ctx.api.config.use(limit);
  }
  await next();
}

/** Telegram's stand-in sender for admins who post anonymously in their group. */
const anonymousAdminBot = 1_087_968_824;

export const isGroupChat = (ctx: BotContext): boolean =>
  ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

/**
 * True when the sender of this update may change the group's settings: a creator or administrator,
 * or an admin posting anonymously as the group. In private chats everybody is their own admin.
 * A failed lookup counts as "no" (and is logged): settings stay as they are.
 */
export async function mayChangeSettings(ctx: BotContext): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat || !isGroupChat(ctx)) return true;
  if (ctx.senderChat?.id === chat.id) return true;
  const userId = ctx.from?.id;
  if (userId === undefined || userId === anonymousAdminBot) return false;
  try {
    return await groupServices(ctx).admins.isAdmin(chat.id, userId, async () => {
      const member = await ctx.api.getChatMember(chat.id, userId);
      return member.status;
    });
  } catch (error) {
    ctx.log.warn({ err: error, chat_id: chat.id }, "could not check admin status");
    return false;
  }
}
