import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { Bot, Context, Transformer } from "grammy";

/**
 * How the bot survives a struggling Bot API: 429 answers are retried after their retry_after
 * (up to a minute), 5xx answers and dropped connections with a growing pause (3 s, 6 s, 12 s …).
 * Shared by main.ts and the robustness tests, so that the tests exercise the real settings.
 */
export function apiRetry(): Transformer {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 });
}

/** Long polling with @grammyjs/runner: chats concurrently, each chat in order (sequentialize in createBot). */
export function startPolling<C extends Context>(
  bot: Bot<C>,
  allowedUpdates: string[],
  options: { timeoutSeconds?: number } = {},
): RunnerHandle {
  return run(bot, {
    runner: {
      fetch: {
        allowed_updates: allowedUpdates as never,
        ...(options.timeoutSeconds !== undefined ? { timeout: options.timeoutSeconds } : {}),
      },
    },
  });
}
