import { type Clock, systemClock } from "../kernel/clock.js";

/**
 * The moment a command-line tool (ask, chat) acts at: `--now <ISO time>`, else the environment's
 * `BOT_NOW`, else undefined (the real time). "2025-05-26T10:00+02:00" is that moment; a bare
 * date ("2025-05-26") means noon UTC that day, which is the same calendar day in Berlin. A value
 * that is no date throws one sentence naming it.
 */
export function parseNow(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Date | undefined {
  const index = argv.indexOf("--now");
  const value = index >= 0 ? argv[index + 1] : env.BOT_NOW;
  if (index < 0 && !value) return undefined;
  const iso = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value;
  const date = iso && !iso.startsWith("--") ? new Date(iso) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    const name = index >= 0 ? "--now" : "BOT_NOW";
    throw new Error(`${name} needs a date and time like 2025-05-26T10:00+02:00, not "${value ?? ""}"`);
  }
  return date;
}

/** A clock that starts at `start` and runs on in real time; the real clock without a start. */
export function clockFrom(start: Date | undefined, real: Clock = systemClock): Clock {
  if (!start) return real;
  const offset = start.getTime() - real().getTime();
  return () => new Date(real().getTime() + offset);
}

/** parseNow for a tool's start: on a bad value prints "<tool>: <sentence>" and exits with 2. */
export function nowOrExit(tool: string, argv: readonly string[] = process.argv.slice(2)): Date | undefined {
  try {
    return parseNow(argv, process.env);
  } catch (error) {
    console.error(`${tool}: ${(error as Error).message}`);
    process.exit(2);
  }
}
