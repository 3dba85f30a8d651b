/**
 * One growth measurement in a fresh process (so that memory figures are not polluted by other
 * sizes): node --expose-gc --import tsx bench/growth-worker.ts <entries|shipped> <mix> <questions.tsv>
 * Prints one JSON line.
 */
import { loadKnowledge } from "../src/knowledge/loader.js";
import { Matcher } from "../src/knowledge/matcher.js";
import { bundledKnowledgeDir } from "../src/paths.js";
import { readQuestions } from "../test/helpers/matcher-queries.js";
import { percentile } from "./lib.js";
import { grownMatchables, type Mix } from "./synthetic.js";

const [size = "shipped", mix = "invented", file = ""] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const knowledge = loadKnowledge(bundledKnowledgeDir);
const questions = readQuestions(file).map((q) => q.question);
const shipped = knowledge.entries.size + knowledge.intents.size;
const matchables = grownMatchables(knowledge, size === "shipped" ? shipped : Number(size), mix as Mix);

gc();
const before = process.memoryUsage().heapUsed;
const started = performance.now();
const matcher = new Matcher(matchables, knowledge.outOfScope, knowledge.lexicon);
const buildMs = performance.now() - started;
gc();
const heap = process.memoryUsage().heapUsed - before;

const time = (question: string) => {
  const t = performance.now();
  matcher.match(question);
  return performance.now() - t;
};
// First pass: every word is new to the analyzer's cache (typo correction, compound splitting).
const first = questions.map(time);
const warm: number[] = [];
for (let pass = 0; pass < 30; pass++) for (const q of questions) warm.push(time(q));

process.stdout.write(
  `${JSON.stringify({
    entries: matchables.length,
    buildMs,
    heap,
    firstP50: percentile(first, 0.5),
    firstP99: percentile(first, 0.99),
    p50: percentile(warm, 0.5),
    p99: percentile(warm, 0.99),
  })}\n`,
);
