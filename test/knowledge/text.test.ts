import { describe, expect, it } from "vitest";
import { guessLanguage } from "../../src/knowledge/language.js";
import { Normalizer } from "../../src/knowledge/normalizer.js";
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

describe("Normalizer", () => {
  const normalizer = new Normalizer([
    { canonical: "instagram", variants: ["insta", "ig"] },
    { canonical: "frist", variants: ["bis wann", "stichtag"] },
  ]);

  it("rewrites synonyms and phrases, longest first, and folds umlauts", () => {
    expect(normalizer.words("Bis wann eigentlich bei Insta?")).toEqual(["frist", "eigentlich", "bei", "instagram"]);
    expect(normalizer.words("Stichtag für IG-Löschung")).toEqual(["frist", "fur", "instagram", "loschung"]);
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
