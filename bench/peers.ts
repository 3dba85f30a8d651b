/**
 * The peers: four general-purpose search libraries, each indexing one document per training
 * phrasing (questions, keywords and titles, and the decline examples with label null) as the
 * same tokens our model's word block reads (`Normalizer.words` → `termOf`: lexicon synonyms,
 * umlaut folding, our German stems). A peer answers with the label of its best document; it
 * declines when that label is null, when nothing matched, or when the best score is below its
 * threshold (chosen from held-out predictions, see quality.ts). Configurations are the
 * libraries' defaults; only the threshold is tuned.
 */
import lunr from "lunr";
import MiniSearch from "minisearch";
import TfIdf from "natural/lib/natural/tfidf/tfidf.js";
import BM25 from "wink-bm25-text-search";

/** One training phrasing as a peer sees it. */
export interface PeerDoc {
  label: string | null;
  terms: string[];
}

/** What a peer found for a question: its best document's label and score, and the three best labels. */
export interface PeerHit {
  label: string | null;
  score: number;
  /** The three best distinct entry or intent labels (null documents skipped), best first. */
  top3: string[];
}

export type PeerSearch = (terms: string[]) => PeerHit | undefined;

export interface Peer {
  name: string;
  /** What it computes, for RESULTS.md. */
  description: string;
  /** The library's own search: what is timed. */
  build(docs: PeerDoc[]): PeerSearch;
  /**
   * The same results, bit for bit, computed faster (quality.ts checks that on the timed
   * questions): used for the writer folds when the library's own search would take minutes.
   */
  buildForFolds?(docs: PeerDoc[]): PeerSearch;
}

/** A hit from documents ranked best first. */
function hitOf(ranked: { doc: number; score: number }[], docs: PeerDoc[]): PeerHit | undefined {
  const first = ranked[0];
  if (!first) return undefined;
  const top3: string[] = [];
  for (const { doc } of ranked) {
    const label = (docs[doc] as PeerDoc).label;
    if (label !== null && !top3.includes(label)) top3.push(label);
    if (top3.length === 3) break;
  }
  return { label: (docs[first.doc] as PeerDoc).label, score: first.score, top3 };
}

const lunrPeer: Peer = {
  name: "lunr",
  description: "lunr 2.3 (BM25, k1 1.2, b 0.75), its stemmer, stop-word filter and trimmer removed",
  build(docs) {
    const index = lunr(function () {
      // Our tokens go in as they are: no English stemming, stop words or trimming on top.
      this.pipeline.reset();
      this.searchPipeline.reset();
      this.ref("id");
      this.field("text");
      docs.forEach((doc, id) => {
        this.add({ id: String(id), text: doc.terms.join(" ") });
      });
    });
    return (terms) => {
      if (terms.length === 0) return undefined;
      const results = index.query((query) => {
        for (const term of terms) query.term(term, { usePipeline: false });
      });
      return hitOf(
        results.map((r) => ({ doc: Number(r.ref), score: r.score })),
        docs,
      );
    };
  },
};

const winkPeer: Peer = {
  name: "wink-bm25-text-search",
  description: "wink-bm25-text-search 3.1 (BM25, k1 1.2, b 0.75, k 1), best 100 documents",
  build(docs) {
    const engine = BM25();
    engine.defineConfig({ fldWeights: { text: 1 } });
    engine.definePrepTasks([(text: string) => (text === "" ? [] : text.split(" "))]);
    docs.forEach((doc, id) => {
      engine.addDoc({ text: doc.terms.join(" ") }, id);
    });
    engine.consolidate();
    return (terms) => {
      if (terms.length === 0) return undefined;
      const results = engine.search(terms.join(" "), 100);
      return hitOf(
        results.map(([id, score]) => ({ doc: Number(id), score })),
        docs,
      );
    };
  },
};

const miniSearchPeer: Peer = {
  name: "MiniSearch",
  description: "MiniSearch 7 (BM25+), OR of the terms, no prefix or fuzzy matching",
  build(docs) {
    const index = new MiniSearch<{ id: number; text: string }>({
      fields: ["text"],
      tokenize: (text) => text.split(" "),
      processTerm: (term) => term || null,
    });
    index.addAll(docs.map((doc, id) => ({ id, text: doc.terms.join(" ") })));
    return (terms) => {
      if (terms.length === 0) return undefined;
      const results = index.search(terms.join(" "), { combineWith: "OR" });
      return hitOf(
        results.map((r) => ({ doc: r.id as number, score: r.score })),
        docs,
      );
    };
  },
};

/** natural's hit from its scores of the documents, in document order (as `tfidfs` reports them). */
function naturalHit(docs: PeerDoc[], scored: Iterable<[number, number]>): PeerHit | undefined {
  const bestOfLabel = new Map<string | null, number>();
  let best: { doc: number; score: number } | undefined;
  for (const [index, measure] of scored) {
    if (!(measure > 0)) continue;
    const label = (docs[index] as PeerDoc).label;
    if (measure > (bestOfLabel.get(label) ?? 0)) bestOfLabel.set(label, measure);
    if (!best || measure > best.score) best = { doc: index, score: measure };
  }
  if (!best) return undefined;
  const top3 = [...bestOfLabel]
    .filter((e): e is [string, number] => e[0] !== null)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([label]) => label);
  return { label: (docs[best.doc] as PeerDoc).label, score: best.score, top3 };
}

const naturalPeer: Peer = {
  name: "natural TfIdf",
  description: "natural 8 TfIdf: the sum of tf × idf of the question's terms in each document",
  build(docs) {
    const tfidf = new TfIdf();
    for (const doc of docs) tfidf.addDocument(doc.terms);
    return (terms) => {
      if (terms.length === 0) return undefined;
      // natural scores every document (30 ms a question here).
      const scored: [number, number][] = [];
      tfidf.tfidfs(terms, (index, measure) => {
        scored.push([index, measure]);
      });
      return naturalHit(docs, scored);
    };
  },
  buildForFolds(docs) {
    // natural's formulas (tf: the term's count in the document; idf: 1 + ln(N / (1 + df))), added
    // up in the order its \`tfidf()\` adds them, but only for the documents holding a term of the
    // question: every other document scores 0, which never wins (idf is always above 0).
    const tfidf = new TfIdf();
    for (const doc of docs) tfidf.addDocument(doc.terms);
    const postings = new Map<string, { index: number; count: number }[]>();
    docs.forEach((doc, index) => {
      const counts = new Map<string, number>();
      for (const term of doc.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        const list = postings.get(term);
        if (list) list.push({ index, count });
        else postings.set(term, [{ index, count }]);
      }
    });
    return (terms) => {
      if (terms.length === 0) return undefined;
      const candidates = [
        ...new Set(terms.flatMap((term) => (postings.get(term) ?? []).map((p) => p.index))),
      ].sort((a, b) => a - b);
      // A term named like an Object.prototype member ("constructor") makes natural's sums NaN for
      // the documents without it: leave those questions to natural itself.
      if (terms.some((term) => term in Object.prototype)) {
        return naturalHit(
          docs,
          candidates.map((index): [number, number] => [index, tfidf.tfidf(terms, index)]),
        );
      }
      const sums = new Map<number, number>(candidates.map((index) => [index, 0]));
      for (const term of terms) {
        const list = postings.get(term) ?? [];
        const idf = 1 + Math.log(docs.length / (1 + list.length));
        for (const { index, count } of list) sums.set(index, (sums.get(index) as number) + count * idf);
      }
      return naturalHit(docs, sums);
    };
  },
};

export const peers: Peer[] = [lunrPeer, winkPeer, miniSearchPeer, naturalPeer];
