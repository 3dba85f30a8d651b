import { describe, expect, it } from "vitest";
import { Analyzer } from "../../src/knowledge/analyzer.js";
import { boundedDistance } from "../../src/knowledge/distance.js";
import { guessLanguage } from "../../src/knowledge/language.js";
import { foldUmlauts, termOf, tokenize } from "../../src/knowledge/text.js";

describe("normalisation", () => {
  it("lowercases, folds ß and drops punctuation and emojis", () => {
    expect(tokenize("Über die Frist?! 🙂 Straße, KI-Training…")).toEqual([
      "über",
      "die",
      "frist",
      "strasse",
      "ki",
      "training",
    ]);
  });

  it("meets umlauts, their two-letter spellings and plain vowels in one term", () => {
    expect(new Set(["löschen", "loeschen", "loschen"].map((w) => termOf(foldUmlauts(w))))).toHaveProperty(
      "size",
      1,
    );
    expect(
      new Set(
        ["Beiträge", "beitraege", "beitrage"].map((w) => termOf(foldUmlauts(tokenize(w)[0] as string))),
      ),
    ).toHaveProperty("size", 1);
  });

  it("stems inflections to one term", () => {
    expect(termOf("widerspreche")).toBe(termOf("widersprechen"));
    expect(termOf("nachrichten")).toBe(termOf("nachricht"));
  });
});

describe("Analyzer", () => {
  const analyzer = new Analyzer({
    synonyms: [
      { canonical: "instagram", variants: ["insta", "ig"] },
      { canonical: "frist", variants: ["bis wann", "stichtag"] },
    ],
    fillers: ["eigentlich", "mal"],
    keep: [],
  });
  analyzer.setVocabulary([
    "widerspruch",
    "recht",
    "daten",
    "schutz",
    "datenschutz",
    "richtlini",
    "ki",
    "training",
    "instagram",
    "facebook",
    "frist",
  ]);

  it("rewrites synonyms and phrases, and drops fillers", () => {
    expect(analyzer.words("Bis wann eigentlich bei Insta?")).toEqual(["frist", "bei", "instagram"]);
  });

  it("splits German compounds into known parts", () => {
    expect(analyzer.queryTerms("Widerspruchsrecht").map((t) => t.term)).toEqual(["widerspruch", "recht"]);
    expect(analyzer.queryTerms("Datenschutzrichtlinie").map((t) => t.term)).toEqual([
      "datenschutz",
      "richtlini",
    ]);
    expect(analyzer.queryTerms("KI-Training").map((t) => t.term)).toEqual(["ki", "training"]);
    expect(analyzer.queryTerms("kitraining").map((t) => t.term)).toEqual(["ki", "training"]);
  });

  it("corrects typos in longer words only", () => {
    expect(analyzer.queryTerms("facebok")).toEqual([{ term: "facebook", kind: "fuzzy" }]);
    expect(analyzer.queryTerms("wiederspruch")).toEqual([{ term: "widerspruch", kind: "fuzzy" }]);
    // Four letters are too few to tell a typo from another word.
    expect(analyzer.queryTerms("fris")).toEqual([{ term: "fris", kind: "unknown" }]);
  });
});

describe("boundedDistance", () => {
  it("counts edits including adjacent transpositions, and stops early", () => {
    expect(boundedDistance("frist", "frist", 2)).toBe(0);
    expect(boundedDistance("frsit", "frist", 2)).toBe(1);
    expect(boundedDistance("facebok", "facebook", 2)).toBe(1);
    expect(boundedDistance("kitten", "sitting", 2)).toBe(3);
    expect(boundedDistance("a", "abcdef", 2)).toBe(3);
  });
});

describe("guessLanguage", () => {
  it("tells English from German and falls back for unclear text", () => {
    expect(guessLanguage("How do I object on Instagram?")).toBe("en");
    expect(guessLanguage("Wie widerspreche ich bei Instagram?")).toBe("de");
    expect(guessLanguage("frist?")).toBe("de");
    expect(guessLanguage("frist?", "en")).toBe("en");
  });
});
