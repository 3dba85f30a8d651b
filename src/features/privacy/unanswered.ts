import { type Clock, dayMs } from "../../kernel/clock.js";
import { surface, tokenize } from "../../knowledge/text.js";
import type { Logger } from "../../logger.js";
import type { Store, UnansweredCount } from "../../storage/store.js";

/**
 * What could name or reach a person, cut out of a question before anything of it is kept: web
 * addresses (with or without http, also a bare domain), e-mail addresses, @handles, and numbers
 * of four digits or more, also when written in groups ("+49 (170) 123 45 67", "0170/1234-567").
 */
const personalPatterns: readonly RegExp[] = [
  /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+/giu,
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu,
  /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu,
  /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}\/\S*/gu,
  /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|net|org|info|de|at|ch|eu|io|me|app|dev|co|uk|nl|fr)\b/giu,
];
/** A number, perhaps in groups: digits with spaces, dots, slashes, dashes or brackets between them. */
const numberPattern = /\+?\(?\d[\d\s()./-]*\d|\d/gu;
const digitsKept = 3;

function scrub(text: string): string {
  let scrubbed = text;
  for (const pattern of personalPatterns) scrubbed = scrubbed.replace(pattern, " ");
  return scrubbed.replace(numberPattern, (number) =>
    number.replace(/\D/g, "").length > digitsKept ? " " : number,
  );
}

/** The words of people's names, as normalised words (two letters or more: one letter names nobody). */
function nameWords(names: readonly string[]): Set<string> {
  return new Set(names.flatMap((name) => tokenize(name).map(surface)).filter((word) => word.length > 1));
}

/**
 * A question as the unanswered log keeps it: web and e-mail addresses, @handles and numbers of
 * four digits or more cut out, then lowercase, umlaut-folded words joined by spaces, without the
 * words of the `names` given (the people Telegram named in the update).
 * "Löscht Meta MEINE Fotos? Tel. 0170 1234567" → "loscht meta meine fotos tel".
 */
export function normaliseQuestion(text: string, names: readonly string[] = []): string {
  const personal = nameWords(names);
  return tokenize(scrub(text))
    .map(surface)
    .filter((word) => !personal.has(word))
    .join(" ")
    .slice(0, 500);
}

/** A normalised question without the words of these names (for text normalised without them). */
export function withoutNames(normalised: string, names: readonly string[]): string {
  const personal = nameWords(names);
  return normalised
    .split(" ")
    .filter((word) => word && !personal.has(word))
    .join(" ");
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
