import type { Phrasing } from "../src/knowledge/corpus.js";
import { seeded } from "../test/helpers/matcher-queries.js";

const onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "qu", "x", "j"];
const vowels = ["a", "e", "i", "o", "u", "y"];

/** An invented word of three syllables ("kopazu"). */
function inventedWord(random: () => number): string {
  let word = "";
  for (let i = 0; i < 3; i++) {
    word += onsets[Math.floor(random() * onsets.length)];
    word += vowels[Math.floor(random() * vowels.length)];
  }
  return word;
}

/**
 * The shipped corpus plus synthetic entries up to `total` entries and intents. Each synthetic
 * entry has 3 German and 3 English questions of 4–9 words, 2 keywords and 2 titles. A third of
 * the words come from the shipped questions ("ich", "meta", "widerspruch", …), the rest from a
 * pool of invented words chosen with a skew (some common, most rare), like a knowledge base
 * growing into new topics in the same language.
 */
export function grownCorpus(corpus: Phrasing[], total: number, seed = 7): Phrasing[] {
  const random = seeded(seed);
  const shipped = new Set(corpus.flatMap((p) => (p.label === null ? [] : [p.label]))).size;
  const pool = Array.from({ length: Math.max(2000, total * 4) }, () => inventedWord(random));
  const contentWords = corpus.filter((p) => p.kind === "question").flatMap((p) => p.text.split(/\s+/));
  const word = () =>
    random() < 1 / 3
      ? (contentWords[Math.floor(random() * contentWords.length)] as string)
      : (pool[Math.floor(random() ** 2 * pool.length)] as string);
  const phrase = () => Array.from({ length: 4 + Math.floor(random() * 6) }, word).join(" ");
  const out = [...corpus];
  for (let i = shipped; i < total; i++) {
    const label = `syn-${i}`;
    const add = (text: string, lang: "de" | "en", kind: Phrasing["kind"]) =>
      out.push({ text, label, writer: "synthetic", lang, kind });
    for (let q = 0; q < 3; q++) add(phrase(), "de", "question");
    for (let q = 0; q < 3; q++) add(phrase(), "en", "question");
    add(word(), "de", "keyword");
    add(word(), "de", "keyword");
    add(phrase(), "de", "keyword");
    add(phrase(), "en", "keyword");
  }
  return out;
}
