import type { BotContext } from "./context.js";

/**
 * Admin gate: the sender is one of ADMIN_IDS and writes in a private chat (so that admin
 * answers never land in a group). Use as `composer.filter(isAdmin).command(…)`: everyone else
 * falls through to the ordinary "unknown command" answer, as if the command did not exist.
 */
export function isAdmin(ctx: BotContext): boolean {
  const id = ctx.from?.id;
  return id !== undefined && ctx.chat?.type === "private" && (ctx.deps.adminIds ?? []).includes(id);
}
