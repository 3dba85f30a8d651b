import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { broadcast } from "./broadcast.js";
import { isOperator } from "./operators.js";

/** Operator commands (ADMIN_IDS, private chats only): /stats and /broadcast. Everyone else: unknown. */
const composer = new Composer<BotContext>();

composer.filter(isOperator).command("stats", async (ctx) => {
  const s = await ctx.deps.store.reminderStats();
  await ctx.reply(
    ctx.t("reminders.stats", {
      subscribers: s.subscribers,
      waiting: s.waitingForDeadline,
      sent: s.sent,
      failed: s.failed,
      skipped: s.skipped,
      inProgress: s.inProgress,
    }),
  );
});

composer.use(broadcast);

export const admin: Feature = { name: "admin", composer };
