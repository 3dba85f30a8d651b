import { type Clock, dayMs } from "../../kernel/clock.js";
import { surface, tokenize } from "../../knowledge/text.js";
import type { Logger } from "../../logger.js";
import type { Store, UnansweredCount } from "../../storage/store.js";

/** Lowercase, umlaut-folded words joined by spaces: "Löscht Meta MEINE Fotos?" → "loscht meta meine fotos". */
export function normaliseQuestion(text: string): string {
  return tokenize(text).map(surface).join(" ").slice(0, 500);
}

/**
 * Deletes unanswered questions older than `days`: once at start, then on a timer. The timer is
 * unref'd so that it never keeps the process alive.
 */
export function createUnansweredPruner(options: {
  store: Store;
  days: number;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}) {
  const { store, days, clock, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  const runOnce = async (): Promise<number> => {
    const removed = await store.pruneUnanswered(new Date(clock().getTime() - days * dayMs));
    if (removed > 0) logger.info({ removed, days }, "pruned old unanswered questions");
    return removed;
  };
  return {
    runOnce,
    start(): void {
      if (timer) return;
      const run = () => void runOnce().catch((error) => logger.error({ err: error }, "pruning failed"));
      run();
      timer = setInterval(run, options.intervalMs ?? 60 * 60 * 1000);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

/** The report as plain text lines: count, then the normalised question. */
export function formatReport(rows: UnansweredCount[], days: number): string {
  if (rows.length === 0) return `No unanswered questions in the last ${days} days.\n`;
  const width = String(rows[0]?.count ?? 0).length;
  const lines = rows.map((row) => `${String(row.count).padStart(width)}  ${row.text}`);
  return `Most frequent unanswered questions, last ${days} days:\n${lines.join("\n")}\n`;
}
