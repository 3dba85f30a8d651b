import { autoRetry } from "@grammyjs/auto-retry";
import { createConcurrentSink, createRunner, createSource, type UpdateSupplier } from "@grammyjs/runner";
import { type Bot, type Context, GrammyError, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import { UpdateTracker } from "./update-tracker.js";

/**
 * How the bot survives a struggling Bot API: 429 answers are retried after their retry_after
 * (up to a minute), 5xx answers and dropped connections with a growing pause (3 s, 6 s, 12 s …).
 * Shared by main.ts and the robustness tests, so that the tests exercise the real settings.
 */
export function apiRetry(): Transformer {
  return autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 });
}

/**
 * Closes the Bot API to a process that is stopping: once closed, no call reaches Telegram (it
 * fails at once). Handlers the shutdown left unfinished — their updates are delivered again to
 * the next process — so cannot send half an answer or an apology first. Install innermost.
 */
export function shutdownGate(): { transformer: Transformer; close(): void } {
  let closed = false;
  return {
    transformer: (prev, method, payload, signal) => {
      if (closed) return Promise.reject(new Error(`the bot is stopping: ${method} not sent`));
      return prev(method, payload, signal);
    },
    close: () => {
      closed = true;
    },
  };
}

export interface PollingOptions {
  /** The update types to ask Telegram for. */
  allowedUpdates: readonly string[];
  logger: Logger;
  /** Long polling timeout in seconds (Telegram holds an empty getUpdates this long). */
  timeoutSeconds?: number;
  /** Update ids the previous process handled without being able to confirm them (handover). */
  handled?: Iterable<number>;
  /** Pause before fetching again when Telegram only sent back updates still in hand. */
  inHandPauseMs?: number;
  /** Polling stopped for good (401: the token was revoked; 409: another poller or a webhook). */
  onFailure?: (error: unknown) => void;
}

/** Where things stood when polling stopped (see UpdateTracker.report). */
export interface PollingStop {
  /** Not finished and not confirmed: Telegram delivers them again to the next process. */
  unfinished: number[];
  /** Finished after an unfinished one, so not confirmed: the next process must drop them. */
  handledAfter: number[];
  /** Confirmed to Telegram while still in hand (too many held back): lost. */
  lost: number[];
}

export interface Poller {
  /**
   * Stops fetching, waits for the updates in hand (at most `deadline` ms, no limit by default),
   * then confirms to Telegram every update that is finished and has no unfinished one before it.
   */
  stop(deadline?: number): Promise<PollingStop>;
}

/**
 * Long polling with @grammyjs/runner's source, sink and runner: chats concurrently, each chat in
 * order (sequentialize in createBot). In place of the runner's update fetcher, which confirms
 * every update as soon as it has fetched it, updates are confirmed once handled (UpdateTracker):
 * what a stopped process could not finish is delivered again, and nothing is handled twice.
 */
export function startPolling<C extends Context>(bot: Bot<C>, options: PollingOptions): Poller {
  const { logger } = options;
  const tracker = new UpdateTracker({ ...(options.handled ? { handled: options.handled } : {}) });
  const pauseMs = options.inHandPauseMs ?? 500;

  /** grammY's AbortSignal type (the abort-controller shim's); the platform's at run time. */
  type Signal = Parameters<typeof bot.api.getUpdates>[1];
  const fetch = (signal: Signal) =>
    bot.api.getUpdates(
      {
        offset: tracker.offset,
        limit: 100,
        timeout: options.timeoutSeconds ?? 30,
        allowed_updates: options.allowedUpdates as never,
      },
      signal,
    );

  const supplier: UpdateSupplier<Update> = {
    async supply(_batchSize, runnerSignal) {
      const signal = runnerSignal as unknown as AbortSignal;
      if (!bot.isInited()) await bot.init(signal as Signal);
      let failures = 0;
      for (;;) {
        let updates: Update[];
        try {
          updates = await fetch(signal as Signal);
          failures = 0;
        } catch (error) {
          if (signal.aborted) throw error;
          // 401 (token revoked) and 409 (another poller or a webhook) will not get better.
          if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409))
            throw error;
          failures++;
          logger.warn({ err: error, failures }, "fetching updates failed; trying again");
          await tracker.changed(Math.min(100 * 2 ** failures, 30_000), signal);
          continue;
        }
        const fresh = tracker.accept(updates);
        if (fresh.length > 0) return fresh;
        // Only updates still in hand came back (Telegram returns them at once while the offset
        // waits for them): ask again when one finishes, or after a pause.
        if (updates.length > 0) await tracker.changed(pauseMs, signal);
        if (signal.aborted) throw new Error("polling stopped");
      }
    },
  };

  const sink = createConcurrentSink<Update>(
    {
      consume: async (update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          tracker.finish(update.update_id);
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error as never);
      } catch (failure) {
        logger.error({ err: failure }, "the error handler failed");
      }
    },
  );
  const runner = createRunner(createSource(supplier), sink);
  runner.start();
  void runner
    .task()
    ?.catch(options.onFailure ?? ((error) => logger.fatal({ err: error }, "polling stopped by an error")));

  return {
    async stop(deadline) {
      if (runner.isRunning()) await runner.stop();
      const until = deadline === undefined ? Number.POSITIVE_INFINITY : Date.now() + deadline;
      while (tracker.inHand > 0 && Date.now() < until) {
        await tracker.changed(Math.min(250, until - Date.now()));
      }
      const report = tracker.report();
      // One last getUpdates confirms what is finished; it waits for nothing (timeout 0) and is
      // not retried for long: a stop does not wait on Telegram.
      try {
        await bot.api.getUpdates(
          { offset: tracker.offset, limit: 1, timeout: 0 },
          AbortSignal.timeout(2000) as Signal,
        );
      } catch (error) {
        logger.warn(
          { err: error },
          "could not confirm the handled updates; the next process drops them as repeats",
        );
      }
      return report;
    },
  };
}
