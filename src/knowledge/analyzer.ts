import { boundedDistance } from "./distance.js";
import type { Lexicon } from "./schema.js";
import { englishTermOf, surface, termOf, tokenize } from "./text.js";

/** How a query word reached the index: directly, as parts of a compound, by typo tolerance, or not at all. */
export type TermKind = "known" | "compound" | "fuzzy" | "unknown";
export interface QueryTerm {
  term: string;
  kind: TermKind;
  /** The word says nothing about a topic ("meinen", "and"); decided on the word, not its stem. */
  generic?: boolean;
}

const maxPhraseLength = 4;

/**
 * Turns text into index terms. The lexicon rewrites people's words to the content's words
 * (insta → instagram, bis wann → frist) and drops fillers; the vocabulary (all terms of the
 * content) lets the analyzer split German compounds into known parts and correct typos.
 */
export class Analyzer {
  private readonly phrases = new Map<string, string[]>();
  private readonly fillers: Set<string>;
  private vocabulary = new Set<string>();
  private byFirstLetter = new Map<string, string[]>();
  private readonly cache = new Map<string, QueryTerm[]>();
  private genericWords = new Set<string>();

  constructor(lexicon: Lexicon) {
    for (const group of lexicon.synonyms) {
      const canonical = tokenize(group.canonical).map(surface);
      for (const variant of group.variants) {
        const key = tokenize(variant).map(surface).join(" ");
        if (key && key !== canonical.join(" ")) this.phrases.set(key, canonical);
      }
    }
    this.fillers = new Set(lexicon.fillers.flatMap((word) => tokenize(word).map(surface)));
  }

  /** Words after synonym rewriting and filler removal, umlaut-folded. */
  words(text: string): string[] {
    const tokens = tokenize(text).map(surface);
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      let replaced = false;
      for (let len = Math.min(maxPhraseLength, tokens.length - i); len >= 1; len--) {
        const canonical = this.phrases.get(tokens.slice(i, i + len).join(" "));
        if (canonical) {
          out.push(...canonical);
          i += len;
          replaced = true;
          break;
        }
      }
      if (!replaced) out.push(tokens[i++] as string);
    }
    return out.filter((word) => !this.fillers.has(word));
  }

  /** Index side: the terms of a content text, including the parts of compounds it contains. */
  indexTerms(text: string): string[] {
    const terms: string[] = [];
    for (const word of this.words(text)) {
      terms.push(termOf(word));
      const parts = this.splitCompound(word);
      if (parts) terms.push(...parts);
    }
    return terms;
  }

  /** Fixes the vocabulary that compound splitting and typo correction resolve against. */
  setVocabulary(terms: Iterable<string>): void {
    this.vocabulary = new Set(terms);
    this.byFirstLetter = new Map();
    for (const term of this.vocabulary) {
      if (term.length < 4) continue;
      const key = term[0] as string;
      const bucket = this.byFirstLetter.get(key) ?? [];
      bucket.push(term);
      this.byFirstLetter.set(key, bucket);
    }
    this.cache.clear();
  }

  /** Query side: each word resolved to known terms where possible. */
  queryTerms(text: string): QueryTerm[] {
    return this.words(text).flatMap((word) => {
      const terms = this.resolve(word);
      return this.genericWords.has(word) ? terms.map((t) => ({ ...t, generic: true })) : terms;
    });
  }

  /** Words (surface forms) that carry no topic; they stay in the query but weigh little. */
  setGenericWords(words: Iterable<string>): void {
    this.genericWords = new Set(words);
  }

  private resolve(word: string): QueryTerm[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const result = this.resolveUncached(word);
    // Bounded so that a flood of random words cannot grow memory without limit.
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private resolveUncached(word: string): QueryTerm[] {
    const term = termOf(word);
    if (this.vocabulary.has(term)) return [{ term, kind: "known" }];
    // Genitive and plural -s the stemmer keeps after vowels: "metas", "kis", "infos".
    if (term.endsWith("s") && this.vocabulary.has(term.slice(0, -1)))
      return [{ term: term.slice(0, -1), kind: "known" }];
    // English inflections the German stemmer does not know: "decided" → "decid".
    const english = englishTermOf(word);
    if (this.vocabulary.has(english)) return [{ term: english, kind: "known" }];
    // Verb forms in -t, -et the Snowball stemmer leaves alone: "sammelt", "nutzt", "landet" → the infinitive.
    if (word.endsWith("t") && word.length > 4) {
      for (const infinitive of [
        `${word.slice(0, -1)}n`,
        `${word.slice(0, -1)}en`,
        `${word.slice(0, -2)}en`,
      ]) {
        const verb = termOf(infinitive);
        if (this.vocabulary.has(verb)) return [{ term: verb, kind: "known" }];
      }
    }
    const parts = this.splitCompound(word);
    if (parts) return parts.map((part) => ({ term: part, kind: "compound" }));
    const corrected = this.correct(term);
    if (corrected) return [{ term: corrected, kind: "fuzzy" }];
    return [{ term, kind: "unknown" }];
  }

  /**
   * Splits a German compound into known terms: "widerspruchsrecht" → widerspruch + recht,
   * "kitraining" → ki + training. Longest known head first, with the linking -s-/-es-/-n-.
   */
  splitCompound(word: string, depth = 0): string[] | null {
    if (word.length < 6 || depth > 3 || /\d/.test(word)) return null;
    for (let cut = word.length - 3; cut >= 2; cut--) {
      const head = word.slice(0, cut);
      const headTerm = termOf(head);
      if (!this.vocabulary.has(headTerm) || (head.length < 3 && headTerm !== head)) continue;
      for (const link of ["", "s", "es", "n", "en"]) {
        if (link && !word.startsWith(link, cut)) continue;
        const tail = word.slice(cut + link.length);
        if (tail.length < 3) continue;
        const tailTerm = termOf(tail);
        if (this.vocabulary.has(tailTerm)) return [headTerm, tailTerm];
        const rest = this.splitCompound(tail, depth + 1);
        if (rest) return [headTerm, ...rest];
      }
    }
    return null;
  }

  /** A vocabulary term within one edit (two for long words) of an unknown term, if exactly one is closest. */
  private correct(term: string): string | null {
    if (term.length < 5) return null;
    const max = term.length >= 9 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = max + 1;
    // Typos rarely hit the first letter; scanning one bucket keeps this fast.
    for (const candidate of this.byFirstLetter.get(term[0] as string) ?? []) {
      const distance = boundedDistance(term, candidate, Math.min(max, bestDistance));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= max ? best : null;
  }
}
