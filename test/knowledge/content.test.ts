import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IntentRegistry } from "../../src/bot/feature.js";
import { plainTitle } from "../../src/features/answers/links.js";
import { features } from "../../src/features/index.js";
import { daysWording } from "../../src/i18n.js";
import { renderAnswer } from "../../src/knowledge/answer.js";
import { bundledKnowledgeDir } from "../../src/paths.js";
import { answerText, i18n, knowledge } from "../helpers/bot.js";

const requiredEntries = [
  "what-is-happening",
  "deadline",
  "which-data",
  "private-messages",
  "minors",
  "purpose",
  "meta-ai",
  "business-model",
  "european-culture",
  "why-again",
  "opt-in-vs-opt-out",
  "consumer-centre",
  "sensitive-data",
  "legal-basis",
  "dpa-advice",
  "how-to-object",
  "object-instagram",
  "object-facebook",
  "already-objected",
  "no-objection",
  "affected-services",
  "court-ruling",
  "linked-accounts",
  "whatsapp",
  "form-fields",
  "after-objecting",
  "for-someone-else",
  "private-profile",
];
const requiredIntents = ["reminder", "share", "bot-privacy", "greeting", "thanks", "help", "about-bot"];
/** Entries and intents added in issue 10: each must know at least 40 ways to ask (German and English). */
const widelyPhrased = ["form-fields", "after-objecting", "for-someone-else", "private-profile", "about-bot"];

const specQuotes = readFileSync(new URL("../fixtures/spec-quotes.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"));
const specAddresses = new Set(
  readFileSync(new URL("../fixtures/spec-addresses.txt", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("https://")),
);
const campaignDir = join(bundledKnowledgeDir, "campaigns", "meta-ai-2025");
const article = readFileSync(join(campaignDir, "sources", "article-2025-04-de.txt"), "utf8").replace(
  /\s+/g,
  " ",
);
const entries = [...knowledge.entries.values()];

describe("the shipped knowledge base", () => {
  it("has every entry the spec requires, in German and English", () => {
    for (const id of requiredEntries) {
      const entry = knowledge.entries.get(id);
      expect(entry, id).toBeDefined();
      expect(entry?.questions.de.length, id).toBeGreaterThanOrEqual(5);
      expect(entry?.questions.en.length, id).toBeGreaterThanOrEqual(3);
      expect(answerText(id, "de").length, id).toBeGreaterThan(50);
      expect(answerText(id, "en").length, id).toBeGreaterThan(50);
    }
    for (const id of requiredIntents) expect(knowledge.intents.get(id), id).toBeDefined();
  });

  it("knows at least 40 phrasings, German and English, for each new entry and intent", () => {
    for (const id of widelyPhrased) {
      const item = knowledge.entries.get(id) ?? knowledge.intents.get(id);
      expect(item, id).toBeDefined();
      const { de, en } = item?.questions ?? { de: [], en: [] };
      expect(de.length + en.length, id).toBeGreaterThanOrEqual(40);
      expect(de.length, id).toBeGreaterThanOrEqual(10);
      expect(en.length, id).toBeGreaterThanOrEqual(10);
    }
    const share = knowledge.intents.get("share");
    const groupPhrasings = [...(share?.questions.de ?? []), ...(share?.questions.en ?? [])].filter((q) =>
      /grupp|group|chat/i.test(q),
    );
    expect(groupPhrasings.length).toBeGreaterThanOrEqual(10);
  });

  it("answers every intent with an interface string in both languages", () => {
    const registry = new IntentRegistry(features);
    for (const id of knowledge.intents.keys()) {
      const key = registry.summary(id);
      expect(key, id).toBeDefined();
      for (const lang of ["de", "en"] as const)
        expect(i18n.t(lang, key as string, { link: "https://t.me/x" })).not.toBe("");
    }
    expect(i18n.t("de", "intents.aboutBot")).toContain("nicht von Meta");
    expect(i18n.t("en", "intents.aboutBot")).toContain("not from Meta");
    for (const lang of ["de", "en"] as const) {
      const share = i18n.t(lang, "intents.share", { link: "https://t.me/WiderspruchBot" });
      expect(share).toContain("https://t.me/WiderspruchBot");
      expect(share).toContain(lang === "de" ? "/frage" : "/question");
    }
  });

  it("puts only verbatim quotes in „…“: from the article, a later source's words as the spec records them, or a topic's title", () => {
    const titles = new Set(entries.map((e) => plainTitle(e.title.de)));
    for (const entry of entries) {
      const answers = "de" in entry.answer ? [entry.answer.de] : Object.values(entry.answer).map((a) => a.de);
      for (const text of [entry.title.de, entry.summary.de, ...answers]) {
        for (const [, quoted] of text.matchAll(/„([^“]*)“/g)) {
          const quote = (quoted as string).replace(/\s+/g, " ").trim();
          const verbatim = article.includes(quote) || specQuotes.some((line) => line.includes(quote));
          expect(verbatim || titles.has(quote), `${entry.id}: „${quote}“`).toBe(true);
        }
      }
    }
  });

  it("quotes only lines that occur in the article", () => {
    const quotes = entries.flatMap((e) =>
      e.sources.flatMap((s) => ("quote" in s ? [{ id: e.id, quote: s.quote }] : [])),
    );
    expect(quotes.length).toBeGreaterThan(20);
    for (const { id, quote } of quotes) {
      expect(article.includes(quote.replace(/\s+/g, " ").trim()), `${id}: ${quote}`).toBe(true);
    }
  });

  it("cites only addresses from the spec's sourced-facts table", () => {
    for (const entry of entries) {
      for (const source of entry.sources) {
        if ("url" in source) expect(specAddresses.has(source.url), `${entry.id}: ${source.url}`).toBe(true);
      }
    }
    for (const campaign of knowledge.campaigns) {
      for (const source of campaign.sources) expect(specAddresses.has(source.url), source.url).toBe(true);
    }
  });

  it("links in answers only to addresses the entry cites", () => {
    for (const entry of entries) {
      const cited = new Set(entry.sources.flatMap((s) => ("url" in s ? [s.url] : [])));
      const texts = "de" in entry.answer ? [entry.answer] : Object.values(entry.answer);
      for (const text of texts.flatMap((t) => [t.de, t.en])) {
        for (const [, href] of text.matchAll(/href="([^"]+)"/g)) {
          expect(cited.has(href as string), `${entry.id} links ${href} without citing it`).toBe(true);
        }
      }
    }
  });

  it("carries the objection forms in the platform steps", () => {
    for (const id of ["object-facebook", "how-to-object"]) {
      expect(answerText(id)).toContain("https://www.facebook.com/help/contact/712876720715583");
    }
    for (const id of ["object-instagram", "how-to-object"]) {
      expect(answerText(id)).toContain("https://help.instagram.com/contact/767264225370182");
    }
    expect(answerText("object-instagram")).toMatch(/STRG\+F|Strg\+F/);
    expect(answerText("object-facebook")).toContain("Einstellungen und Privatsphäre");
  });

  it("uses only the HTML Telegram accepts, within its length limit", () => {
    for (const entry of entries) {
      for (const lang of ["de", "en"] as const) {
        const text = answerText(entry.id, lang);
        expect(text.length).toBeLessThanOrEqual(4096);
        const tags = [...text.matchAll(/<\/?([a-z-]+)[^>]*>/g)].map((m) => m[1]);
        for (const tag of tags)
          expect(["b", "i", "a", "u", "s", "code", "blockquote"], `${entry.id}: <${tag}>`).toContain(tag);
        expect(text.replace(/<[^>]+>/g, "").replace(/&(amp|lt|gt|quot);/g, "")).not.toMatch(/[<>]|&\w+;/);
      }
      expect([...entry.title.de].length, entry.id).toBeLessThanOrEqual(30);
    }
  });

  it("keeps one file per entry, named after its id", () => {
    const files = readdirSync(join(campaignDir, "entries")).map((f) => f.replace(/\.ya?ml$/, ""));
    expect(files.sort()).toEqual(entries.map((e) => e.id).sort());
  });
});

/** The answer an entry gives on a given day (Berlin noon, so the calendar day is unambiguous). */
const on = (id: string, date: string, lang: "de" | "en" = "de") => {
  const entry = knowledge.entries.get(id);
  if (!entry) throw new Error(`no entry ${id}`);
  return renderAnswer(knowledge, entry, lang, new Date(`${date}T10:00:00Z`), daysWording(i18n, lang));
};

describe("date-aware answers", () => {
  const days = ["2025-04-20", "2025-05-26", "2025-05-27", "2026-12-02"];

  it("fill in every placeholder on every day", () => {
    for (const id of ["what-is-happening", "dpa-advice", "deadline", "no-objection"]) {
      for (const date of days) {
        for (const lang of ["de", "en"] as const)
          expect(on(id, date, lang), `${id} ${date} ${lang}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("what-is-happening counts down, says when training starts today, and says plainly afterwards that it started", () => {
    expect(on("what-is-happening", "2025-04-20")).toContain("Am 27. Mai 2025 beginnt Meta");
    expect(on("what-is-happening", "2025-04-20")).toContain("noch 37 Tage");
    expect(on("what-is-happening", "2025-05-26")).toContain(
      "Morgen, am 27. Mai 2025, beginnt Meta, mit den Daten aller zu trainieren, die bis dahin nicht widersprochen haben. Heute ist der letzte Tag, um rechtzeitig zu widersprechen.",
    );
    expect(on("what-is-happening", "2025-05-27")).toContain("Heute, am 27. Mai 2025, beginnt Meta");
    expect(on("what-is-happening", "2026-12-02")).toContain("Am 27. Mai 2025 hat Meta begonnen");
    expect(on("what-is-happening", "2026-12-02")).toContain(
      "schützt aber nur Ihre Daten ab dem Zeitpunkt des Widerspruchs",
    );
    expect(on("what-is-happening", "2026-12-02")).not.toContain("noch");

    expect(on("what-is-happening", "2025-04-20", "en")).toContain("On 27 May 2025, Meta starts training");
    expect(on("what-is-happening", "2025-05-26", "en")).toContain("Today is the last day to object in time.");
    expect(on("what-is-happening", "2025-05-27", "en")).toContain(
      "Today, on 27 May 2025, Meta starts training",
    );
    expect(on("what-is-happening", "2026-12-02", "en")).toContain("On 27 May 2025, Meta started training");
    expect(on("what-is-happening", "2026-12-02", "en")).toContain(
      "only protects your data from the time you object",
    );
  });

  it("dpa-advice advises objecting in time only before the date, and afterwards reports the advice as April 2025's", () => {
    for (const date of ["2025-04-20", "2025-05-26"]) {
      expect(on("dpa-advice", date)).toContain(
        "Der Rat der zuständigen Aufsicht: rechtzeitig widersprechen.",
      );
      expect(on("dpa-advice", date)).toContain("Rechtzeitig heißt: vor dem 27. Mai 2025.");
      expect(on("dpa-advice", date, "en")).toContain("In good time means: before 27 May 2025.");
    }
    expect(on("dpa-advice", "2025-05-26")).toContain("Heute ist der letzte Tag dafür.");
    for (const date of ["2025-05-27", "2026-12-02"]) {
      const de = on("dpa-advice", date);
      const en = on("dpa-advice", date, "en");
      expect(de).toContain("Der Rat der zuständigen Aufsicht war: rechtzeitig widersprechen");
      expect(de).toContain("Im April 2025 sagte er:");
      expect(de).toContain("nur Ihre Daten ab dem Zeitpunkt des Widerspruchs");
      expect(en).toContain("The advice of the responsible authority was: object in good time");
      expect(en).toContain("In April 2025 he said:");
      expect(en).toContain("only protects your data from the time you object");
      // Bremen's point is Bremen's (and the consumer centres'), not Hamburg's.
      expect(de).toContain("Darauf weisen die Bremer Datenschutzbehörde und die Verbraucherzentralen hin.");
      expect(de).not.toMatch(/auch die Bremer/);
    }
    expect(on("dpa-advice", "2025-05-27")).toContain("vor dem heutigen 27. Mai 2025");
    expect(on("dpa-advice", "2026-12-02")).toContain(
      "Ein Widerspruch heute schützt nur noch für die Zukunft.",
    );
    expect(on("dpa-advice", "2026-12-02", "en")).toContain(
      "An objection made today only protects your data from then on.",
    );
  });
});
