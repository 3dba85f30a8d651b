/**
 * One growth measurement in a fresh process (so that memory figures are not polluted by other
 * sizes): node --expose-gc --import tsx bench/growth-worker.ts <entries|shipped>
 * Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { loadKnowledge } from "../src/knowledge/loader.js";
import { Matcher } from "../src/knowledge/matcher.js";
import { defaultModelOptions, IntentModel } from "../src/knowledge/model.js";
import { bundledKnowledgeDir, modelCacheDir } from "../src/paths.js";
import { seeded } from "../test/helpers/matcher-queries.js";
import { percentile } from "./lib.js";
import { grownCorpus } from "./synthetic.js";

const [size = "shipped"] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const knowledge = loadKnowledge(bundledKnowledgeDir, { modelCacheDir });
const shipped = knowledge.entries.size + knowledge.intents.size;
const corpus = size === "shipped" ? knowledge.corpus : grownCorpus(knowledge.corpus, Number(size));
const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024;
const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

const peakBefore = peakRss();
let started = performance.now();
let model: IntentModel | null = IntentModel.train(corpus, knowledge.normalizer, defaultModelOptions);
const trainMs = performance.now() - started;
const peakDuringTraining = peakRss();
const bytes = model.serialize("bench");
const features = ((bytes.length - 4 - bytes.readUInt32LE(0)) / 4 - model.labels.length) / model.labels.length;
started = performance.now();
IntentModel.deserialize(bytes, "bench", knowledge.normalizer, defaultModelOptions);
const readMs = performance.now() - started;

let matcher: Matcher | null = new Matcher(
  model,
  knowledge.matcher.calibration,
  knowledge.normalizer,
  new Set(),
);
const random = seeded(11);
const questions = corpus.filter((p) => p.kind === "question").map((p) => p.text);
const sample = Array.from(
  { length: 2200 },
  () => questions[Math.floor(random() * questions.length)] as string,
);
for (const q of sample.slice(0, 200)) matcher.match(q);
const times: number[] = [];
const cpu: number[] = [];
for (const q of sample.slice(200)) {
  const cpuBefore = process.cpuUsage();
  const t = performance.now();
  matcher?.match(q);
  times.push(performance.now() - t);
  const used = process.cpuUsage(cpuBefore);
  cpu.push((used.user + used.system) / 1000);
}
const classes = model.labels.length;

// The model's memory: what is freed when it is dropped.
const settle = async () => {
  // ArrayBuffer backing stores are freed after the collection that finds them dead.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return memory();
};
const withModel = await settle();
model = null;
matcher = null;
const retained = withModel - (await settle());

process.stdout.write(
  `${JSON.stringify({
    entries: size === "shipped" ? shipped : Number(size),
    phrasings: corpus.length,
    classes,
    features,
    trainMs,
    modelBytes: bytes.length,
    readMs,
    retained,
    peakRss: Math.max(peakDuringTraining, peakBefore),
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    cpuP99: percentile(cpu, 0.99),
  })}\n`,
);
