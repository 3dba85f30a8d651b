/**
 * Answer quality and speed, side by side: our matcher vs natural's TfIdf, MiniSearch and Fuse.js
 * on the same content and the same questions. Each peer indexes what our matcher indexes (every
 * entry's and intent's questions, paraphrases, keywords and titles, and the out-of-scope examples
 * as "no answer" documents when that helps it), gets our German normalisation and stemmer, and
 * has its configuration and its decline threshold chosen on a separate tuning set.
 */
import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import TfIdf from "natural/lib/natural/tfidf/tfidf.js";
import { Analyzer } from "../src/knowledge/analyzer.js";
import type { KnowledgeBase } from "../src/knowledge/loader.js";
import type { Lexicon } from "../src/knowledge/schema.js";
import { surface, termOf, tokenize } from "../src/knowledge/text.js";
import { ms, pct, percentile, table } from "./lib.js";

export interface Question {
  question: string;
  expected: string;
}

/** The best document a peer found: the item it belongs to (null for an out-of-scope example) and its score. */
interface Hit {
  id: string | null;
  score: number;
}
type Searcher = (question: string) => Hit | undefined;

interface Doc {
  id: string | null;
  text: string;
}

interface Config {
  /** One document per phrasing, or one per entry with all its phrasings. */
  granularity: "phrasing" | "entry";
  /** Out-of-scope examples indexed as "no answer" documents. */
  outOfScope: boolean;
  /** Umlaut-folded words, our stems, or our stems after our lexicon's synonym and filler rewriting. */
  analysis: "folded" | "stemmed" | "lexicon";
  /** Peer-specific option. */
  variant: string;
}

interface Peer {
  name: string;
  variants: string[];
  build(docs: Doc[], config: Config, lexicon: Lexicon): Searcher;
  /** Configurations not worth trying (to keep the run short). */
  skip?: (config: Config) => boolean;
}

function analyse(analysis: Config["analysis"], lexicon: Lexicon): (text: string) => string[] {
  if (analysis === "lexicon") {
    const analyzer = new Analyzer(lexicon);
    return (text) => analyzer.words(text).map(termOf);
  }
  return (text) =>
    tokenize(text).map((token) => (analysis === "stemmed" ? termOf(surface(token)) : surface(token)));
}

function documents(knowledge: KnowledgeBase, config: Config): Doc[] {
  const docs: Doc[] = [];
  for (const m of [...knowledge.entries.values(), ...knowledge.intents.values()]) {
    const texts = [...m.questions.de, ...m.questions.en, ...m.keywords, m.title.de, m.title.en];
    if (config.granularity === "entry") docs.push({ id: m.id, text: texts.join(" \n ") });
    else for (const text of texts) docs.push({ id: m.id, text });
  }
  if (config.outOfScope) for (const text of knowledge.outOfScope) docs.push({ id: null, text });
  return docs;
}

const naturalPeer: Peer = {
  name: "natural TfIdf",
  // "sum": the tf-idf sum natural computes; "per-term": divided by the number of query terms.
  variants: ["sum", "per-term"],
  build(docs, config, lexicon) {
    const tfidf = new TfIdf();
    const terms = analyse(config.analysis, lexicon);
    for (const doc of docs) tfidf.addDocument(terms(doc.text));
    return (question) => {
      const query = terms(question);
      if (query.length === 0) return undefined;
      let best: Hit | undefined;
      tfidf.tfidfs(query, (index, measure) => {
        const score = config.variant === "per-term" ? measure / query.length : measure;
        if (score > 0 && (!best || score > best.score)) best = { id: (docs[index] as Doc).id, score };
      });
      return best;
    };
  },
};

const miniSearchPeer: Peer = {
  name: "MiniSearch",
  variants: ["exact", "fuzzy 0.2", "prefix", "fuzzy 0.2 + prefix"],
  build(docs, config, lexicon) {
    const terms = analyse(config.analysis, lexicon);
    const index = new MiniSearch<{ id: number; text: string }>({
      fields: ["text"],
      tokenize: (text) => tokenize(text),
      processTerm: (token) => terms(token)[0] ?? null,
    });
    index.addAll(docs.map((doc, id) => ({ id, text: doc.text })));
    const options = {
      combineWith: "OR" as const,
      fuzzy: config.variant.includes("fuzzy") ? 0.2 : false,
      prefix: config.variant.includes("prefix"),
    };
    return (question) => {
      const [top] = index.search(question, options);
      return top ? { id: (docs[top.id as number] as Doc).id, score: top.score } : undefined;
    };
  },
};

const fusePeer: Peer = {
  name: "Fuse.js",
  // Fuse's classic fuzzy (Bitap) string match, or its token search with TF-IDF scoring.
  variants: ["bitap", "token search"],
  // Fuse is slow (up to 100 ms a question per phrasing), so its full grid takes minutes. Never
  // tried: Bitap over all of an entry's phrasings glued together (a fuzzy substring match over
  // ~1,000 characters). Skipped unless BENCH_FULL_GRID=1, because a full run on the shipped content
  // showed none of them winning: folded words, per-phrasing token search, per-phrasing without
  // out-of-scope docs.
  skip: (config) =>
    (config.variant === "bitap" && config.granularity === "entry") ||
    (!process.env.BENCH_FULL_GRID &&
      (config.analysis === "folded" ||
        (config.granularity === "phrasing" && (config.variant === "token search" || !config.outOfScope)))),
  build(docs, config, lexicon) {
    const terms = analyse(config.analysis, lexicon);
    const normalised = docs.map((doc) => ({ text: terms(doc.text).join(" ") }));
    const fuse = new Fuse(normalised, {
      keys: ["text"],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.6,
      minMatchCharLength: 2,
      ...(config.variant === "token search" ? { useTokenSearch: true } : {}),
    });
    return (question) => {
      const query = terms(question).join(" ");
      if (!query) return undefined;
      const [top] = fuse.search(query, { limit: 1 });
      // Fuse scores 0 (perfect) to 1 (no match): turn it into a confidence.
      return top ? { id: (docs[top.refIndex] as Doc).id, score: 1 - (top.score ?? 1) } : undefined;
    };
  },
};

export const peers: Peer[] = [naturalPeer, miniSearchPeer, fusePeer];

interface Score {
  answeredRight: number;
  answerable: number;
  declinedRight: number;
  declinable: number;
}
function score(predictions: (string | null)[], questions: Question[]): Score {
  const s: Score = { answeredRight: 0, answerable: 0, declinedRight: 0, declinable: 0 };
  questions.forEach((q, i) => {
    const predicted = predictions[i] ?? null;
    if (q.expected === "none") {
      s.declinable++;
      if (predicted === null) s.declinedRight++;
    } else {
      s.answerable++;
      if (predicted === q.expected) s.answeredRight++;
    }
  });
  return s;
}
const overall = (s: Score) => (s.answeredRight + s.declinedRight) / Math.max(1, s.answerable + s.declinable);

const decide = (hit: Hit | undefined, threshold: number) =>
  hit && hit.id !== null && hit.score >= threshold ? hit.id : null;

/** The threshold that gets most tuning questions right (midway to the next lower score, for margin). */
function tuneThreshold(
  hits: (Hit | undefined)[],
  questions: Question[],
): { threshold: number; accuracy: number } {
  const scores = [...new Set(hits.flatMap((h) => (h ? [h.score] : [])))].sort((a, b) => a - b);
  let best = { threshold: Number.POSITIVE_INFINITY, accuracy: -1 };
  scores.forEach((candidate, i) => {
    const accuracy = overall(
      score(
        hits.map((h) => decide(h, candidate)),
        questions,
      ),
    );
    if (accuracy > best.accuracy) {
      const below = i > 0 ? (scores[i - 1] as number) : 0;
      best = { threshold: (candidate + below) / 2, accuracy };
    }
  });
  return best;
}

/** Runs every question `passes` times and returns the predictions of the first pass and all timings. */
function measure(answer: (q: string) => string | null, questions: Question[], passes: number) {
  const times: number[] = [];
  let predictions: (string | null)[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const current = questions.map((q) => {
      const started = performance.now();
      const id = answer(q.question);
      times.push(performance.now() - started);
      return id;
    });
    if (pass === 0) predictions = current;
  }
  return { predictions, times };
}

export interface QualityRun {
  knowledge: KnowledgeBase;
  tune: Question[];
  evaluate: Question[];
  passes: number;
  log: (line: string) => void;
}

export function qualityTable(run: QualityRun): string {
  const { knowledge, tune, evaluate, passes, log } = run;
  const rows: (string | number)[][] = [];
  const row = (name: string, config: string, predictions: (string | null)[], times: number[]) => {
    const s = score(predictions, evaluate);
    rows.push([
      name,
      config,
      `${pct(s.answeredRight, s.answerable)} (${s.answeredRight}/${s.answerable})`,
      `${pct(s.declinedRight, s.declinable)} (${s.declinedRight}/${s.declinable})`,
      pct(s.answeredRight + s.declinedRight, s.answerable + s.declinable),
      ms(percentile(times, 0.5)),
      ms(percentile(times, 0.99)),
    ]);
  };

  const ours = measure((q) => knowledge.matcher.match(q).id, evaluate, passes);
  row("**Widerspruch-Bot matcher**", "as shipped", ours.predictions, ours.times);

  for (const peer of peers) {
    const started = performance.now();
    let best: { config: Config; threshold: number; accuracy: number; search: Searcher } | undefined;
    for (const granularity of ["phrasing", "entry"] as const) {
      for (const outOfScope of [true, false]) {
        for (const analysis of ["lexicon", "stemmed", "folded"] as const) {
          for (const variant of peer.variants) {
            const config = { granularity, outOfScope, analysis, variant };
            if (peer.skip?.(config)) continue;
            const search = peer.build(documents(knowledge, config), config, knowledge.lexicon);
            const tuned = tuneThreshold(
              tune.map((q) => search(q.question)),
              tune,
            );
            if (process.env.BENCH_FULL_GRID)
              log(
                `    ${JSON.stringify(config)} ${tuned.accuracy.toFixed(3)} ${((performance.now() - started) / 1000).toFixed(1)} s`,
              );
            if (!best || tuned.accuracy > best.accuracy) best = { config, search, ...tuned };
          }
        }
      }
    }
    if (!best) continue;
    const { config, threshold, search } = best;
    log(
      `  ${peer.name}: tuned ${JSON.stringify(config)} threshold ${threshold.toFixed(3)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const result = measure((q) => decide(search(q), threshold), evaluate, passes);
    const analysis = { folded: "folded words", stemmed: "our stems", lexicon: "our lexicon + stems" }[
      config.analysis
    ];
    const described = `${config.variant}, per ${config.granularity}, ${analysis}${
      config.outOfScope ? ", out-of-scope docs" : ""
    }, threshold ${threshold.toFixed(3)}`;
    row(peer.name, described, result.predictions, result.times);
  }
  return table(
    [
      "System",
      "Configuration (tuned)",
      "Answered right",
      "Declined right",
      "Overall",
      "p50 / question",
      "p99 / question",
    ],
    rows,
  );
}
