import type { Lexicon } from "./schema.js";
import { surface, tokenize } from "./text.js";

const maxPhraseLength = 4;

/**
 * Rewrites people's words to the content's words before the intent model sees them (insta →
 * instagram, bis wann → frist; umlauts folded). The synonyms live in the content's lexicon, so an
 * editor can teach the bot a new word without writing new phrasings.
 */
export class Normalizer {
  private readonly phrases = new Map<string, string[]>();

  constructor(synonyms: Lexicon["synonyms"]) {
    for (const group of synonyms) {
      const canonical = tokenize(group.canonical).map(surface);
      for (const variant of group.variants) {
        const key = tokenize(variant).map(surface).join(" ");
        if (key && key !== canonical.join(" ")) this.phrases.set(key, canonical);
      }
    }
  }

  /** The text's words, lowercased and umlaut-folded, with the longest matching phrase rewritten first. */
  words(text: string): string[] {
    const tokens = tokenize(text).map(surface);
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      let replaced = false;
      for (let length = Math.min(maxPhraseLength, tokens.length - i); length >= 1; length--) {
        const canonical = this.phrases.get(tokens.slice(i, i + length).join(" "));
        if (canonical) {
          out.push(...canonical);
          i += length;
          replaced = true;
          break;
        }
      }
      if (!replaced) out.push(tokens[i++] as string);
    }
    return out;
  }
}
