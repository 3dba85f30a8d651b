import type { KnowledgeBase } from "../src/knowledge/loader.js";
import type { Matchable } from "../src/knowledge/matcher.js";
import { seeded } from "../test/helpers/matcher-queries.js";

const onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "qu", "x", "j"];
const vowels = ["a", "e", "i", "o", "u", "y"];

/**
 * An invented word of three syllables ("kopazu"). All the same length, so that no invented word
 * is a compound of two others and compound splitting does not run wild on made-up text.
 */
function inventedWord(random: () => number): string {
  let word = "";
  for (let i = 0; i < 3; i++) {
    word += onsets[Math.floor(random() * onsets.length)];
    word += vowels[Math.floor(random() * vowels.length)];
  }
  return word;
}

export type Mix = "invented" | "content";

/**
 * The shipped entries and intents plus synthetic entries up to `total`. Each synthetic entry has
 * 8 phrasings (4 German, 4 English) of 4–9 words and 4 keywords. With mix "invented" the words
 * come from a pool of invented words (a large, topic-diverse knowledge base); with "content" a
 * third of them are drawn from the shipped content's own words, so the postings of real query
 * words grow with the knowledge base too (the worst case for an inverted index).
 */
export function grownMatchables(knowledge: KnowledgeBase, total: number, mix: Mix, seed = 7): Matchable[] {
  const random = seeded(seed);
  const shipped: Matchable[] = [...knowledge.entries.values(), ...knowledge.intents.values()];
  const pool = Array.from({ length: Math.max(2000, total * 4) }, () => inventedWord(random));
  const contentWords = shipped.flatMap((m) => [...m.questions.de, ...m.questions.en].join(" ").split(/\s+/));
  const word = () =>
    mix === "content" && random() < 1 / 3
      ? (contentWords[Math.floor(random() * contentWords.length)] as string)
      : // Squared: a skewed (Zipf-like) choice, so some invented words are common.
        (pool[Math.floor(random() ** 2 * pool.length)] as string);
  const phrase = () => Array.from({ length: 4 + Math.floor(random() * 6) }, word).join(" ");
  const out = [...shipped];
  for (let i = out.length; i < total; i++) {
    out.push({
      id: `syn-${i}`,
      title: { de: phrase(), en: phrase() },
      questions: {
        de: Array.from({ length: 4 }, phrase),
        en: Array.from({ length: 4 }, phrase),
      },
      keywords: Array.from({ length: 4 }, word),
    });
  }
  return out;
}
