import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledKnowledgeDir } from "../../src/paths.js";
import { answerText, knowledge } from "../helpers/bot.js";

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
];
const requiredIntents = ["reminder", "share", "bot-privacy", "greeting", "thanks", "help"];

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
