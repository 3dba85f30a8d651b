import type { NextFunction, Transformer } from "grammy";
import { type BotContext, isGroupChat } from "../context.js";

/** A reply to a group was dropped because the group's message budget is spent. */
export class GroupRateLimited extends Error {
  override name = "GroupRateLimited";
  constructor(readonly chatId: number) {
    super(`group ${chatId} is over its message budget`);
  }
}

/** Everything that puts a new message into a chat; chat actions and edits do not count. */
export const countsAsMessage = (method: string) =>
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
export async function groupBudget(ctx: BotContext, next: NextFunction): Promise<void> {
  const chat = ctx.chat;
  if (chat && isGroupChat(ctx)) {
    const { limiter } = ctx.groups;
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
