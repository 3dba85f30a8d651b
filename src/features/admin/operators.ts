import type { BotContext } from "../../bot/context.js";

/**
 * The operators' gate: the sender is one of ADMIN_IDS and writes in a private chat (so that
 * operator answers never land in a group). Use as `composer.filter(isOperator).command(…)`:
 * everyone else falls through to the ordinary "unknown command" answer, as if the command did
 * not exist. (Group admins are another thing: bot/group-services.ts, mayChangeSettings.)
 */
export function isOperator(ctx: BotContext): boolean {
  const id = ctx.from?.id;
  return id !== undefined && ctx.chat?.type === "private" && ctx.deps.adminIds.includes(id);
}
