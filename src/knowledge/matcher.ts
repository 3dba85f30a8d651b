import { createRequire } from "node:module";
import { Analyzer, type QueryTerm } from "./analyzer.js";
import type { Lexicon } from "./schema.js";
import { surface } from "./text.js";

// General stop-word lists name the words that say nothing about a topic. We never remove them
// (that would also drop "wann", "nicht", "wieder", which carry intent); they only weigh less.
const stopwords = createRequire(import.meta.url)("stopwords-iso/stopwords-iso.json") as Record<
  string,
  string[]
>;

/** Something the matcher can point to: a content entry or one of the bot's own intents. */
export interface Matchable {
  id: string;
  questions: { de: string[]; en: string[] };
  keywords: string[];
  title: { de: string; en: string };
}

export interface MatchResult {
  /** The entry to answer with, or null when the bot should decline. */
  id: string | null;
  /** Confidence of the best candidate, 0..1. */
  score: number;
  /** Up to two other candidates worth offering. */
  suggestions: string[];
  /** True when the runner-up is so close that the bot should ask which one was meant. */
  ambiguous: boolean;
}

export interface RankedCandidate {
  id: string;
  /** The same combined score match() reports, 0..1. */
  score: number;
}

export interface MatcherOptions {
  /** Minimum combined score to answer. */
  threshold: number;
  /** Minimum share of the question's weight the entry must explain. */
  minCoverage: number;
  /** A runner-up within this distance of the best makes the answer ambiguous. */
  tieMargin: number;
  /** Weight of a word the content does not know, relative to the rarest known word. */
  unknownWeight: number;
  /** How much of an unknown word's weight counts against coverage (rambling questions have many). */
  unknownPenalty: number;
  /** Weight factor for generic words (stop words not kept by the lexicon). */
  genericWeight: number;
}

export const defaultMatcherOptions: MatcherOptions = {
  threshold: 0.5,
  minCoverage: 0.5,
  tieMargin: 0.04,
  unknownWeight: 1.2,
  unknownPenalty: 0.6,
  genericWeight: 0.3,
};

interface Query {
  weights: Map<string, number>;
  /** The question's weight that an entry has to explain. */
  total: number;
}
interface Doc {
  terms: Set<string>;
  weight: number;
}
interface Item {
  id: string;
  docs: Doc[];
  vocabulary: Set<string>;
}

/**
 * Term → the documents that contain it, with per-query accumulators. Matching walks only the
 * postings of the question's terms, so its cost follows how common those words are, not how
 * many entries the knowledge base holds.
 */
class Postings {
  private readonly lists = new Map<string, number[]>();
  /** Per document: the query weight it matches and its own idf weight the query matches. */
  readonly queryShare: Float64Array;
  readonly docShare: Float64Array;
  private readonly seen: Uint8Array;

  constructor(documents: Iterable<string>[]) {
    documents.forEach((terms, index) => {
      for (const term of terms) {
        const list = this.lists.get(term);
        if (list) list.push(index);
        else this.lists.set(term, [index]);
      }
    });
    this.queryShare = new Float64Array(documents.length);
    this.docShare = new Float64Array(documents.length);
    this.seen = new Uint8Array(documents.length);
  }

  /**
   * Fills the accumulators for the documents sharing a term with the query and returns them (in
   * no particular order). Terms are visited in the query's order, so each document's sums add up in
   * the same order as a term-by-term scan of that document would (identical floating point).
   */
  gather(query: Query, idfOf: (term: string) => number): number[] {
    const touched: number[] = [];
    for (const [term, weight] of query.weights) {
      const list = this.lists.get(term);
      if (!list) continue;
      const idf = idfOf(term);
      for (const doc of list) {
        if (this.seen[doc] === 0) {
          this.seen[doc] = 1;
          this.queryShare[doc] = 0;
          this.docShare[doc] = 0;
          touched.push(doc);
        }
        this.queryShare[doc] = (this.queryShare[doc] as number) + weight;
        this.docShare[doc] = (this.docShare[doc] as number) + idf;
      }
    }
    for (const doc of touched) this.seen[doc] = 0;
    return touched;
  }
}

/**
 * Ranks entries for a question and decides whether to answer. Scores combine how much of the
 * question the entry explains (coverage, where words the content does not know weigh heavily:
 * "Bußgeldbescheid" makes "Wie widerspreche ich …" someone else's question) with how much of
 * the closest phrasing the question matches. Out-of-scope examples in the content compete as
 * "no answer", so questions that resemble them are declined.
 */
export class Matcher {
  private readonly analyzer: Analyzer;
  private readonly items: Item[];
  private readonly outOfScope: Doc[];
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly outOfScopeTerms = new Set<string>();
  /** Which items' vocabularies contain a term (coverage). */
  private readonly vocabularyPostings: Postings;
  /** All items' phrasings, numbered in item order; the item each belongs to. */
  private readonly phrasings: Doc[];
  private readonly phrasingItem: number[];
  private readonly phrasingPostings: Postings;
  private readonly outOfScopePostings: Postings;
  /** Per item, the best phrasing similarity of the current query (all 0 between queries). */
  private readonly closest: Float64Array;
  readonly options: MatcherOptions;

  constructor(
    matchables: Matchable[],
    outOfScope: string[],
    lexicon: Lexicon,
    options: Partial<MatcherOptions> = {},
  ) {
    this.options = { ...defaultMatcherOptions, ...options };
    this.analyzer = new Analyzer(lexicon);
    // First pass without compound splitting, to learn the vocabulary that splitting resolves against.
    const allTexts = [
      ...matchables.flatMap((m) => [
        ...m.questions.de,
        ...m.questions.en,
        ...m.keywords,
        m.title.de,
        m.title.en,
      ]),
      ...outOfScope,
    ];
    this.analyzer.setVocabulary(allTexts.flatMap((text) => this.analyzer.indexTerms(text)));

    const toDoc = (text: string): Doc => ({ terms: new Set(this.analyzer.indexTerms(text)), weight: 0 });
    this.items = matchables.map((m) => {
      const docs = [...m.questions.de, ...m.questions.en].map(toDoc);
      const vocabulary = new Set<string>();
      for (const doc of docs) for (const term of doc.terms) vocabulary.add(term);
      for (const text of [...m.keywords, m.title.de, m.title.en]) {
        for (const term of this.analyzer.indexTerms(text)) vocabulary.add(term);
      }
      return { id: m.id, docs, vocabulary };
    });
    this.outOfScope = outOfScope.map(toDoc);
    for (const doc of this.outOfScope) for (const term of doc.terms) this.outOfScopeTerms.add(term);

    const count = this.items.length;
    const documentFrequency = new Map<string, number>();
    for (const item of this.items) {
      for (const term of item.vocabulary) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    for (const [term, df] of documentFrequency) this.idf.set(term, Math.log((count + 1) / (df + 0.5)));
    this.unknownIdf = Math.log((count + 1) / 0.5) * this.options.unknownWeight;

    // A word some entry lists as a keyword, or that the lexicon keeps, is never generic.
    // Only a keyword that is a single word says its word is topical: in "diese mail", "diese" is not.
    const stopwordList = [...(stopwords.de ?? []), ...(stopwords.en ?? [])].map((word) => surface(word));
    const singleWords = [...matchables.flatMap((m) => m.keywords), ...lexicon.keep]
      .map((text) => this.analyzer.words(text))
      .filter((words) => words.length === 1)
      .flat();
    const topical = new Set(singleWords);
    // Decided on the written word: stems of different words collide ("ändern" and "and").
    this.analyzer.setGenericWords(stopwordList.filter((word) => !topical.has(word)));
    for (const doc of [...this.items.flatMap((i) => i.docs), ...this.outOfScope]) {
      doc.weight = this.sumIdf(doc.terms);
    }

    this.phrasings = [];
    this.phrasingItem = [];
    this.items.forEach((item, index) => {
      for (const doc of item.docs) {
        this.phrasings.push(doc);
        this.phrasingItem.push(index);
      }
    });
    this.vocabularyPostings = new Postings(this.items.map((item) => item.vocabulary));
    this.phrasingPostings = new Postings(this.phrasings.map((doc) => doc.terms));
    this.outOfScopePostings = new Postings(this.outOfScope.map((doc) => doc.terms));
    this.closest = new Float64Array(this.items.length);
  }

  match(text: string): MatchResult {
    const query = this.weigh(this.analyzer.queryTerms(text));
    const none: MatchResult = { id: null, score: 0, suggestions: [], ambiguous: false };
    if (query.total === 0) return none;

    const ranked = this.topCandidates(query, 3);
    const best = ranked[0];
    if (!best) return none;

    let declineScore = 0;
    const outOfScope = this.outOfScopePostings;
    for (const index of outOfScope.gather(query, this.idfOf)) {
      const similarity = this.similarity(query, this.outOfScope[index] as Doc, outOfScope, index);
      if (similarity > declineScore) declineScore = similarity;
    }
    const suggestions = ranked
      .slice(1, 3)
      .filter((c) => c.score >= this.options.threshold * 0.7)
      .map((c) => c.id);
    const accepted =
      best.score >= this.options.threshold &&
      best.coverage >= this.options.minCoverage &&
      best.score > declineScore;
    if (!accepted)
      return {
        id: null,
        score: round(best.score),
        suggestions: [best.id, ...suggestions].slice(0, 2),
        ambiguous: false,
      };
    const second = ranked[1];
    const ambiguous =
      second !== undefined &&
      second.score >= this.options.threshold &&
      best.score - second.score < this.options.tieMargin;
    return { id: best.id, score: round(best.score), suggestions, ambiguous };
  }

  /**
   * The best candidates for a text, best first, with the same scores match() uses — without
   * match()'s decision to answer or decline (inline mode lists several answers to choose from).
   */
  rank(text: string, limit: number): RankedCandidate[] {
    const query = this.weigh(this.analyzer.queryTerms(text));
    if (query.total === 0) return [];
    return this.topCandidates(query, Math.max(0, limit)).map((c) => ({ id: c.id, score: round(c.score) }));
  }

  private weigh(terms: QueryTerm[]): Query {
    const weights = new Map<string, number>();
    const unknown = new Set<string>();
    const { genericWeight } = this.options;
    for (const { term, kind, generic: isGeneric } of terms) {
      const known = this.idf.get(term);
      const generic = isGeneric ? genericWeight : 1;
      let weight: number;
      if (kind === "unknown" || known === undefined) {
        // A word only the out-of-scope examples know names a topic we do not answer: full weight.
        // Other unknown words weigh by length: short ones are mostly chat ("bock", "grad"), long
        // ones name a topic we lack ("steuererklarung") — frequent words are short words.
        const byLength = Math.min(1.2, Math.max(0.2, (term.length - 2) / 8));
        const specificity = byLength;
        weight = this.unknownIdf * generic * specificity;
        unknown.add(term);
      } else {
        weight = known * generic * (kind === "fuzzy" ? 0.9 : 1);
      }
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
    let total = 0;
    // Words nobody wrote into the content count only partly against coverage (rambling questions
    // are full of them); words of the out-of-scope examples count fully.
    for (const [term, weight] of weights) {
      total +=
        unknown.has(term) && !this.outOfScopeTerms.has(term) ? weight * this.options.unknownPenalty : weight;
    }
    return { weights, total };
  }

  private readonly idfOf = (term: string): number => this.idf.get(term) ?? this.unknownIdf;

  /**
   * The `limit` best items sharing a word with the question, best first: scored half by coverage
   * (the question's weight the item's vocabulary explains), half by its closest phrasing. Items
   * sharing no word would score 0 and are never looked at. Ties go to the item listed first,
   * exactly as a stable sort of all items would order them.
   */
  private topCandidates(query: Query, limit: number): Candidate[] {
    const closest = this.closest;
    const phrasings = this.phrasingPostings;
    const touchedPhrasings = phrasings.gather(query, this.idfOf);
    for (const index of touchedPhrasings) {
      const item = this.phrasingItem[index] as number;
      const similarity = this.similarity(query, this.phrasings[index] as Doc, phrasings, index);
      if (similarity > (closest[item] as number)) closest[item] = similarity;
    }
    const top: Candidate[] = [];
    const vocabulary = this.vocabularyPostings;
    for (const index of vocabulary.gather(query, this.idfOf)) {
      const coverage = (vocabulary.queryShare[index] as number) / query.total;
      const score = 0.5 * coverage + 0.5 * (closest[index] as number);
      if (!(score > 0)) continue;
      const candidate = { id: (this.items[index] as Item).id, index, coverage, score };
      let at = top.length;
      while (at > 0 && ranksBefore(candidate, top[at - 1] as Candidate)) at--;
      if (at < limit) {
        top.splice(at, 0, candidate);
        if (top.length > limit) top.pop();
      }
    }
    for (const index of touchedPhrasings) closest[this.phrasingItem[index] as number] = 0;
    return top;
  }

  /**
   * F1 of the question's weight matched by a phrasing and the phrasing's weight matched by the
   * question; the two shares come from the postings' accumulators.
   */
  private similarity(query: Query, doc: Doc, postings: Postings, index: number): number {
    if (doc.weight === 0) return 0;
    const queryShare = postings.queryShare[index] as number;
    const docShare = postings.docShare[index] as number;
    if (queryShare === 0) return 0;
    const q = Math.min(1, queryShare / query.total);
    const d = docShare / doc.weight;
    return (2 * q * d) / (q + d);
  }

  private sumIdf(terms: Iterable<string>): number {
    let sum = 0;
    for (const term of terms) sum += this.idf.get(term) ?? this.unknownIdf;
    return sum;
  }
}

interface Candidate {
  id: string;
  index: number;
  coverage: number;
  score: number;
}

/** Higher score first; on a tie, the item listed first. */
function ranksBefore(a: Candidate, b: Candidate): boolean {
  return a.score > b.score || (a.score === b.score && a.index < b.index);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
