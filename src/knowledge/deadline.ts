import type { Campaign, Lang, Phase } from "./schema.js";

/** The current time; injected so that tests can stand before, on and after a deadline. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface DeadlineStatus {
  phase: Phase;
  /** Whole calendar days from today to the deadline day in the campaign's time zone (negative after it). */
  daysLeft: number;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatter(`local ${timeZone}`, () => ({
    locale: "en-CA",
    options: { timeZone, year: "numeric", month: "2-digit", day: "2-digit" },
  })).format(instant);
}

// Creating an Intl.DateTimeFormat costs ~50 µs, more than the rest of an answer; they are reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatter(
  key: string,
  make: () => { locale: string; options: Intl.DateTimeFormatOptions },
): Intl.DateTimeFormat {
  let format = formatters.get(key);
  if (!format) {
    const { locale, options } = make();
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
}

export function deadlineStatus(campaign: Pick<Campaign, "deadline" | "timezone">, now: Date): DeadlineStatus {
  const daysLeft = dayNumber(campaign.deadline) - dayNumber(localDate(now, campaign.timezone));
  const phase: Phase = daysLeft > 0 ? "before" : daysLeft === 0 ? "today" : "after";
  return { phase, daysLeft };
}

/** "27. Mai 2025" / "27 May 2025". */
export function formatDate(isoDate: string, lang: Lang): string {
  return formatter(`date ${lang}`, () => ({
    locale: lang === "de" ? "de-DE" : "en-GB",
    options: { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
  })).format(new Date(`${isoDate}T00:00:00Z`));
}
