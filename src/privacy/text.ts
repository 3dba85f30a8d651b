import type { BotContext } from "../bot/context.js";

/** The privacy notice, with the unanswered-questions paragraph only when that log is on. */
export function privacyText(ctx: BotContext): string {
  const days = ctx.deps.unansweredLogDays ?? 0;
  const base = ctx.t("privacy");
  return days > 0 ? `${base}\n\n${ctx.t("privacyControls.unansweredOn", { count: days })}` : base;
}
