import type { Lang } from "./lang.js";

// Creating an Intl.DateTimeFormat costs ~50 µs, more than the rest of an answer; they are reused.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached Intl.DateTimeFormat, made on first use under `key`. */
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

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatter(`local ${timeZone}`, () => ({
    locale: "en-CA",
    options: { timeZone, year: "numeric", month: "2-digit", day: "2-digit" },
  })).format(instant);
}

/** "27. Mai 2025" / "27 May 2025". */
export function formatDate(isoDate: string, lang: Lang): string {
  return formatter(`date ${lang}`, () => ({
    locale: lang === "de" ? "de-DE" : "en-GB",
    options: { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
  })).format(new Date(`${isoDate}T00:00:00Z`));
}

/** Whole days since 1970-01-01 of a calendar date (YYYY-MM-DD). */
export function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
}

/** The calendar date (YYYY-MM-DD) `days` days after another one (before it when negative). */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
