import { readFileSync } from "node:fs";
import { join } from "node:path";
import i18next, { type i18n } from "i18next";
import { escapeHtml } from "./kernel/html.js";
import { type Lang, languages } from "./kernel/lang.js";
import { localesDir } from "./paths.js";

export type Translate = (key: string, vars?: Record<string, unknown>) => string;
export interface I18n {
  t(lang: Lang, key: string, vars?: Record<string, unknown>): string;
  /** A translate function bound to one language. */
  fixed(lang: Lang): Translate;
}

/**
 * i18next over `locales/<lang>.json`, loaded synchronously at start. Interpolated values are
 * HTML-escaped (messages are sent as HTML); `{{- value}}` marks trusted HTML such as answers.
 */
export function createI18n(dir = localesDir): I18n {
  const instance: i18n = i18next.createInstance();
  const resources = Object.fromEntries(
    languages.map((lang) => [
      lang,
      { translation: JSON.parse(readFileSync(join(dir, `${lang}.json`), "utf8")) },
    ]),
  );
  void instance.init({
    resources,
    lng: "de",
    fallbackLng: "de",
    initAsync: false,
    // Telegram's HTML needs only &, < and > escaped; i18next's default would also turn "/" in
    // "/frage@bot" or a link into &#x2F;.
    interpolation: { escapeValue: true, escape: escapeHtml },
    returnNull: false,
    // i18next otherwise prints an advertisement on stdout, which would corrupt `ask --json`.
    showSupportNotice: false,
  });
  const t = (lang: Lang, key: string, vars?: Record<string, unknown>) => {
    if (!instance.exists(key, { lng: lang, ...vars }))
      throw new Error(`missing interface string "${key}" (${lang})`);
    return instance.t(key, { lng: lang, ...vars }) as string;
  };
  return { t, fixed: (lang) => (key, vars) => t(lang, key, vars) };
}

/** German unless Telegram tells us the user's client is English. */
export function languageFromTelegram(code: string | undefined): Lang {
  return code?.toLowerCase().startsWith("en") ? "en" : "de";
}

/** "12 Tage" / "1 day": the interface's wording of a number of days, for answers that count them. */
export function daysWording(i18n: I18n, lang: Lang): (count: number) => string {
  return (count) => i18n.t(lang, "units.days", { count });
}
