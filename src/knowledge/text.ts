import stemmerDe from "natural/lib/natural/stemmers/porter_stemmer_de.js";

/**
 * Text normalisation shared by the index and the queries. Both sides must go through exactly
 * the same steps, so that "Löschen", "loeschen" and "loschen" all end up as one term.
 */

/** Lowercase, fold ß, drop everything that is not a letter or digit. Keeps umlauts for the stemmer. */
export function tokenize(text: string): string[] {
  const lower = text.normalize("NFKC").toLocaleLowerCase("de-DE").replace(/ß/g, "ss");
  return lower.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Umlauts and their two-letter spellings to the plain vowel: people type all three forms. */
export function foldUmlauts(word: string): string {
  return word
    .replace(/ä|ae/g, "a")
    .replace(/ö|oe/g, "o")
    .replace(/ü|ue/g, "u")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

/** A token's surface form for dictionary look-ups (lexicon, compound parts). */
export function surface(token: string): string {
  return foldUmlauts(token);
}

// natural's German Snowball stemmer; imported from its submodule because the package root
// loads database drivers and prints to stdout (which would corrupt `ask --json`).
const stem: (word: string) => string = stemmerDe.stem.bind(stemmerDe);

// Compound splitting stems every prefix of every word, so the same strings come back often;
// stemming is most of the cost of building a large index. Bounded like the analyzer's cache.
const terms = new Map<string, string>();

/** A token's index term: Snowball stem, then umlaut-folded so that "ae" spellings meet "ä". */
export function termOf(token: string): string {
  const cached = terms.get(token);
  if (cached !== undefined) return cached;
  const term = /^\d+$/.test(token) ? token : foldUmlauts(stem(token));
  if (terms.size > 200_000) terms.clear();
  terms.set(token, term);
  return term;
}
