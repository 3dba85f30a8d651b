import { describe, expect, it } from "vitest";
import { LanguageGuesser } from "../../src/knowledge/language.js";
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
    expect(normalizer.words("Bis wann eigentlich bei Insta?")).toEqual([
      "frist",
      "eigentlich",
      "bei",
      "instagram",
    ]);
    expect(normalizer.words("Stichtag für IG-Löschung")).toEqual(["frist", "fur", "instagram", "loschung"]);
  });
});

describe("LanguageGuesser", () => {
  const phrasing = (text: string, lang: "de" | "en") =>
    ({ text, lang, label: "x", writer: "w", kind: "question" }) as const;
  const guesser = new LanguageGuesser([
    phrasing("Wie widerspreche ich bei Instagram?", "de"),
    phrasing("Muss ich nochmal widersprechen?", "de"),
    phrasing("Was ist Meta AI?", "de"),
    phrasing("How do I object on Instagram?", "en"),
    phrasing("Do I have to object again?", "en"),
    phrasing("What is Meta AI?", "en"),
  ]);

  it("tells English from German by the words the phrasings use in each", () => {
    expect(guesser.guess("how do I object on facebook")).toBe("en");
    expect(guesser.guess("wie widerspreche ich bei facebook")).toBe("de");
  });

  it("says nothing when the words do not tell: names, unknown words, emojis", () => {
    expect(guesser.guess("Instagram?")).toBeNull();
    expect(guesser.guess("frist")).toBeNull();
    expect(guesser.guess("👍")).toBeNull();
  });
});
