import type { Transformer } from "grammy";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * The bot's Prometheus series, on a registry of its own (never prom-client's global one), so
 * that every server instance and every test starts from zero. Features increment the named
 * counters; GET /metrics serialises `registry`.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Updates handled, by update type (message, callback_query, …). */
  readonly updates: Counter<"type">;
  /** Answers sent, by knowledge-base entry id. */
  readonly answers: Counter<"entry">;
  /** Questions the bot could not answer. */
  readonly unanswered: Counter;
  /** Bot API calls that failed, by method and error code ("network" when no answer came). */
  readonly apiErrors: Counter<"method" | "code">;
  /** Time from receiving an update to finishing its handling, by update type. */
  readonly handlerSeconds: Histogram<"type">;
  /** Reminder deliveries (incremented by the reminder sender). */
  readonly remindersSent: Counter;
  readonly remindersFailed: Counter;
  readonly remindersSkipped: Counter;
  /** Updates dropped by the per-user rate limit. */
  readonly rateLimited: Counter;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    updates: new Counter({
      name: "bot_updates_total",
      help: "Updates handled, by update type",
      labelNames: ["type"],
      registers,
    }),
    answers: new Counter({
      name: "bot_answers_total",
      help: "Answers sent, by knowledge-base entry id",
      labelNames: ["entry"],
      registers,
    }),
    unanswered: new Counter({
      name: "bot_unanswered_questions_total",
      help: "Questions the bot had no answer for",
      registers,
    }),
    apiErrors: new Counter({
      name: "bot_api_errors_total",
      help: "Failed Bot API calls, by method and error code",
      labelNames: ["method", "code"],
      registers,
    }),
    handlerSeconds: new Histogram({
      name: "bot_handler_duration_seconds",
      help: "Time to handle one update, by update type",
      labelNames: ["type"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    remindersSent: new Counter({
      name: "bot_reminders_sent_total",
      help: "Reminders delivered",
      registers,
    }),
    remindersFailed: new Counter({
      name: "bot_reminders_failed_total",
      help: "Reminders that could not be delivered",
      registers,
    }),
    remindersSkipped: new Counter({
      name: "bot_reminders_skipped_total",
      help: "Reminders skipped (already sent, unsubscribed, blocked, too late)",
      registers,
    }),
    rateLimited: new Counter({
      name: "bot_rate_limited_updates_total",
      help: "Updates dropped by the per-user rate limit",
      registers,
    }),
  };
}

/**
 * An API transformer that counts failed Bot API calls by error code. Install it last (outermost)
 * so that it sees the outcome after retries.
 */
export function countApiErrors(metrics: Metrics): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) metrics.apiErrors.inc({ method, code: String(result.error_code) });
      return result;
    } catch (error) {
      metrics.apiErrors.inc({ method, code: "network" });
      throw error;
    }
  };
}
