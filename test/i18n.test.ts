import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n, languageFromTelegram } from "../src/i18n.js";
import { localesDir } from "../src/paths.js";

const i18n = createI18n();

describe("i18n", () => {
  it("escapes interpolated values for Telegram's HTML, and nothing more", () => {
    const text = i18n.t("de", "groups.askHow", { command: "/frage@Bot <b>&" });
    expect(text).toContain("/frage@Bot &lt;b&gt;&amp;");
  });

  it("says which key is missing instead of showing it to the user", () => {
    expect(() => i18n.t("en", "no.such.key")).toThrow(/missing interface string "no.such.key" \(en\)/);
  });

  it("has the same keys in German and English (command names aside)", () => {
    const keys = (lang: string): string[] => {
      const walk = (value: unknown, prefix: string): string[] =>
        value && typeof value === "object"
          ? Object.entries(value).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k))
          : [prefix];
      const file = JSON.parse(readFileSync(join(localesDir, `${lang}.json`), "utf8")) as unknown;
      return walk(file, "")
        .filter((key) => !key.startsWith("commands."))
        .sort();
    };
    expect(keys("en")).toEqual(keys("de"));
  });

  it("answers in English only when Telegram says the client is English", () => {
    expect(languageFromTelegram("en-GB")).toBe("en");
    expect(languageFromTelegram("de")).toBe("de");
    expect(languageFromTelegram("fr")).toBe("de");
    expect(languageFromTelegram(undefined)).toBe("de");
  });
});
