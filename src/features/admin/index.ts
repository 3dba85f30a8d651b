import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.js";
import type { Feature } from "../../bot/feature.js";
import { broadcast } from "./broadcast.js";
import { isOperator } from "./operators.js";
import { broadcastLine } from "./views.js";

/** Operator commands (ADMIN_IDS, private chats only): /stats and /broadcast. Everyone else: unknown. */
const composer = new Composer<BotContext>();

/** How many of the newest broadcasts /stats shows. */
const broadcastsShown = 5;

composer.filter(isOperator).command("stats", async (ctx) => {
  const { store, i18n } = ctx.deps;
  const s = await store.reminderStats();
  const reminders = ctx.t("reminders.stats", {
    subscribers: s.subscribers,
    waiting: s.waitingForDeadline,
    sent: s.sent,
    failed: s.failed,
    skipped: s.skipped,
    inProgress: s.inProgress,
  });
  // Each broadcast's progress: sent, failed, skipped and still open, running or done.
  const broadcasts = (await store.recentBroadcasts(broadcastsShown)).map((b) =>
    broadcastLine(b, ctx.lang, i18n),
  );
  await ctx.reply(
    broadcasts.length > 0
      ? `${reminders}\n\n${ctx.t("admin.broadcasts")}\n${broadcasts.join("\n")}`
      : reminders,
  );
});

composer.use(broadcast);

export const admin: Feature = { name: "admin", composer };
