/**
 * Answer quality, measured honestly: leave one writer out. For each writer (each phrasings file,
 * and `content` for the entry files, intents.yaml and out-of-scope.yaml) every system is trained
 * on all other writers' phrasings, keywords and titles included, and asked the held-out writer's
 * questions. The decline threshold a system uses on a writer is chosen from the held-out
 * predictions of the OTHER writers only, so no figure is scored with a threshold that saw it.
 *
 * Systems: our intent model, and four search libraries as peers (peers.ts) on the same content
 * and the same tokens. Question sets from files (the shared dev set, the old validation fixtures,
 * `--questions`, `--holdout`) are answered by each system trained on the whole corpus, with the
 * threshold calibrated on all writer folds.
 */
import { readFileSync } from "node:fs";
import { CORE_SCHEMA, load } from "js-yaml";
import { buildCorpus, type Phrasing, type WriterPhrasings } from "../src/knowledge/corpus.js";
import {
  calibrate,
  decide,
  type HeldOutPrediction,
  leaveOneWriterOut,
  predictWith,
  writersOf,
} from "../src/knowledge/crossval.js";
import type { KnowledgeBase } from "../src/knowledge/loader.js";
import { defaultModelOptions, type IntentModel } from "../src/knowledge/model.js";
import { loadOrTrainModel } from "../src/knowledge/model-cache.js";
import { phrasingsFileSchema } from "../src/knowledge/schema.js";
import { termOf } from "../src/knowledge/text.js";
import { modelCacheDir } from "../src/paths.js";
import { readQuestions, seeded } from "../test/helpers/matcher-queries.js";
import { ms, percentile, table } from "./lib.js";
import { type PeerDoc, type PeerHit, peers } from "./peers.js";

/** A question to evaluate: its text, who wrote it, and the expected entry or intent (null: decline). */
export interface Sample {
  text: string;
  writer: string;
  expected: string | null;
}

/** A question file answered by every system trained on the whole corpus. */
export interface EvalSet {
  name: string;
  file: string;
  samples: Sample[];
  /** Whether the set was read while tuning (then it is a training figure) or never read. */
  note: string;
  /** A held-out set: never print or look at its texts; report per-id error counts for our model. */
  holdout?: boolean;
}

/** Question<TAB>expected id (`none`: decline). */
export function readTsv(file: string, writer: string): Sample[] {
  return readQuestions(file).map((q) => ({
    text: q.question,
    writer,
    expected: q.expected === "none" || q.expected === "" ? null : q.expected,
  }));
}

/**
 * A writer YAML like the content's phrasings files. Its texts are never printed: a validation
 * error names the path inside the file only.
 */
export function readHoldout(file: string): Sample[] {
  let raw: unknown;
  try {
    raw = load(readFileSync(file, "utf8"), { schema: CORE_SCHEMA });
  } catch {
    throw new Error(`${file}: not valid YAML`);
  }
  const result = phrasingsFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `${file}: not a phrasings file (at ${issue?.path.join(".") || "top level"}: ${issue?.code})`,
    );
  }
  const parsed = result.data as WriterPhrasings;
  return buildCorpus([], { de: [], en: [] }, [parsed]).map((p) => ({
    text: p.text,
    writer: p.writer,
    expected: p.label,
  }));
}

/** What a system did with one question. */
interface Outcome {
  expected: string | null;
  /** Its answer under its threshold; null: declined. */
  decision: string | null;
  /** Its best label with no threshold (null: its best is "decline"). */
  top1: string | null;
  top3: string[];
}

export interface Summary {
  questions: number;
  toAnswer: number;
  toDecline: number;
  /** Best label right, no threshold (a decline counts when the best label is "decline"). */
  top1: number;
  /** Right answers and right declines over all questions. */
  overall: number;
  /** In-scope questions answered with exactly the expected entry or intent. */
  inScope: number;
  /** Questions to decline that got no answer. */
  declined: number;
  /** In-scope questions whose answer is among the three best labels. */
  top3: number;
}

function summarise(outcomes: Outcome[]): Summary {
  let toAnswer = 0;
  let toDecline = 0;
  let top1 = 0;
  let inScope = 0;
  let declined = 0;
  let top3 = 0;
  for (const o of outcomes) {
    if (o.top1 === o.expected) top1++;
    if (o.expected === null) {
      toDecline++;
      if (o.decision === null) declined++;
    } else {
      toAnswer++;
      if (o.decision === o.expected) inScope++;
      if (o.top3.includes(o.expected)) top3++;
    }
  }
  const share = (n: number, of: number) => (of === 0 ? Number.NaN : n / of);
  return {
    questions: outcomes.length,
    toAnswer,
    toDecline,
    top1: share(top1, outcomes.length),
    overall: share(inScope + declined, outcomes.length),
    inScope: share(inScope, toAnswer),
    declined: share(declined, toDecline),
    top3: share(top3, toAnswer),
  };
}

/** How a system turns its predictions into decisions, and how it picks its threshold. */
interface Judge<P> {
  threshold(predictions: P[]): number;
  outcome(prediction: P, threshold: number): Outcome;
}

/** Our model: `calibrate` from crossval.ts, and the matcher's rule (crossval's `decide`). */
export const modelJudge: Judge<HeldOutPrediction> = {
  threshold: (predictions) => calibrate(predictions).answer,
  outcome: (p, threshold) => ({
    expected: p.expected,
    decision: decide(p, { answer: threshold, clarify: threshold }),
    top1: decide(p, { answer: 0, clarify: 0 }),
    top3: p.top3,
  }),
};

/** A peer's answer to one question. */
export interface PeerPrediction {
  writer: string;
  expected: string | null;
  /** The label of the best document; null when it is a decline example or nothing matched. */
  label: string | null;
  score: number;
  top3: string[];
}

/**
 * The peers' analogue of `calibrate`: among the thresholds that decline at least `minDeclined` of
 * the questions to decline, the one with the most right answers overall (the lowest on a tie);
 * when none reaches it, the one that declines most. Candidates are the predictions' own scores.
 */
export function calibratePeer(predictions: PeerPrediction[], minDeclined = 0.9): number {
  const toDecline = predictions.filter((p) => p.expected === null).length;
  const answerable = predictions
    .filter((p): p is PeerPrediction & { label: string } => p.label !== null)
    .sort((a, b) => b.score - a.score);
  // Threshold +∞: nothing answered, every question to decline declined.
  let right = toDecline;
  let declined = toDecline;
  const share = (n: number) => (toDecline === 0 ? 1 : n / toDecline);
  let best = { threshold: Number.POSITIVE_INFINITY, right, declined: share(declined) };
  for (let i = 0; i < answerable.length; ) {
    const threshold = (answerable[i] as PeerPrediction).score;
    // Everything scoring exactly `threshold` is answered together.
    for (; i < answerable.length && (answerable[i] as PeerPrediction).score === threshold; i++) {
      const p = answerable[i] as PeerPrediction & { label: string };
      if (p.expected === null) {
        right--;
        declined--;
      } else if (p.expected === p.label) right++;
    }
    const d = share(declined);
    const better =
      (d >= minDeclined && (best.declined < minDeclined || right >= best.right)) ||
      (best.declined < minDeclined && d > best.declined);
    if (better) best = { threshold, right, declined: d };
  }
  return best.threshold;
}

export const peerJudge: Judge<PeerPrediction> = {
  threshold: (predictions) => calibratePeer(predictions),
  outcome: (p, threshold) => ({
    expected: p.expected,
    decision: p.label !== null && p.score >= threshold ? p.label : null,
    top1: p.label,
    top3: p.top3,
  }),
};

export interface WriterFigures {
  summary: Summary;
  /** The threshold used on this writer, calibrated on the other writers' predictions. */
  threshold: number;
}

/** Writer-split figures: each writer scored with a threshold from the other writers' predictions. */
export function nestedLowo<P extends { writer: string }>(
  predictions: P[],
  judge: Judge<P>,
): { pooled: Summary; perWriter: Map<string, WriterFigures> } {
  const perWriter = new Map<string, WriterFigures>();
  const all: Outcome[] = [];
  for (const writer of [...new Set(predictions.map((p) => p.writer))]) {
    const threshold = judge.threshold(predictions.filter((p) => p.writer !== writer));
    const outcomes = predictions.filter((p) => p.writer === writer).map((p) => judge.outcome(p, threshold));
    all.push(...outcomes);
    perWriter.set(writer, { summary: summarise(outcomes), threshold });
  }
  return { pooled: summarise(all), perWriter };
}

/** What the model says to each sample (crossval's predictWith, with the samples' expected ids). */
function predictSamples(model: IntentModel, samples: Sample[]): HeldOutPrediction[] {
  return predictWith(
    model,
    samples.map((sample) => ({ text: sample.text, writer: sample.writer, label: sample.expected })),
  );
}

/** Time per question: wall clock, and the process's CPU time (less hit by other processes' load). */
export interface Speed {
  p50: number;
  p99: number;
  cpuP50: number;
  cpuP99: number;
  count: number;
  how: string;
}

/** Times `fn` on every question; drops the first `warmup` from the figures. */
function timeEach(questions: string[], warmup: number, how: string, fn: (question: string) => void): Speed {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const question of questions) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    fn(question);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  const w = wall.slice(warmup);
  const c = cpu.slice(warmup);
  return {
    p50: percentile(w, 0.5),
    p99: percentile(w, 0.99),
    cpuP50: percentile(c, 0.5),
    cpuP99: percentile(c, 0.99),
    count: w.length,
    how,
  };
}

export interface SystemFigures {
  name: string;
  description: string;
  lowo: Summary;
  perWriter: Map<string, WriterFigures>;
  /** One threshold calibrated on all folds' predictions: what the whole-corpus system uses. */
  threshold: number;
  /** The folds scored with that one threshold (as kb:calibrate reports: tuned on what it scores). */
  lowoOneThreshold: Summary;
  /** Question sets answered by the system trained on the whole corpus. */
  sets: Map<string, { summary: Summary; perId?: Map<string, { questions: number; wrong: number }> }>;
  speed: Speed;
  /** Seconds for all folds (training or indexing, and answering). */
  foldSeconds: number;
}

export interface QualityResult {
  writers: string[];
  questions: number;
  systems: SystemFigures[];
  /** Our model's held-out predictions (for the learning curve's 100 % point). */
  modelPredictions: HeldOutPrediction[];
  /** Our model's thresholds calibrated on all folds, and what calibration.yaml says. */
  calibration: { answer: number; clarify: number; shipped: { answer: number; clarify: number } };
}

function perIdErrors(outcomes: Outcome[]): Map<string, { questions: number; wrong: number }> {
  const counts = new Map<string, { questions: number; wrong: number }>();
  for (const o of outcomes) {
    const id = o.expected ?? "(decline)";
    const c = counts.get(id) ?? { questions: 0, wrong: 0 };
    c.questions++;
    if (o.decision !== o.expected) c.wrong++;
    counts.set(id, c);
  }
  return counts;
}

/** A seeded sample of the corpus's questions, for timing. */
function timingQuestions(corpus: Phrasing[], count: number): string[] {
  const random = seeded(2024);
  const questions = corpus.filter((p) => p.kind === "question").map((p) => p.text);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(questions[Math.floor(random() * questions.length)] as string);
  return out;
}

export function runQuality(
  knowledge: KnowledgeBase,
  sets: EvalSet[],
  log: (line: string) => void,
): QualityResult {
  const { corpus, normalizer } = knowledge;
  const writers = writersOf(corpus);
  const systems: SystemFigures[] = [];
  const setDescription = (set: EvalSet) => `${set.name}: ${set.samples.length} questions`;
  const warmup = 200;
  const timedQuestions = 2000;
  const speedHow = `${timedQuestions.toLocaleString("en")} questions drawn from the corpus, after ${warmup} warm-up questions`;

  // --- Our model.
  log(`  our model: ${writers.length} writer folds`);
  let started = performance.now();
  const predictions = leaveOneWriterOut(corpus, normalizer, defaultModelOptions);
  const modelFoldSeconds = (performance.now() - started) / 1000;
  log(`    ${modelFoldSeconds.toFixed(0)} s`);
  const calibration = calibrate(predictions);
  const whole = loadOrTrainModel(
    corpus,
    knowledge.lexicon.synonyms,
    normalizer,
    defaultModelOptions,
    modelCacheDir,
  ).model;
  const modelSets = new Map<
    string,
    { summary: Summary; perId?: Map<string, { questions: number; wrong: number }> }
  >();
  for (const set of sets) {
    const outcomes = predictSamples(whole, set.samples).map((p) => modelJudge.outcome(p, calibration.answer));
    modelSets.set(set.name, {
      summary: summarise(outcomes),
      ...(set.holdout ? { perId: perIdErrors(outcomes) } : {}),
    });
    log(`    ${setDescription(set)}`);
  }
  // Speed: the shipped matcher, as the bot calls it.
  const timingSample = timingQuestions(corpus, warmup + timedQuestions);
  const modelSpeed = timeEach(
    timingSample,
    warmup,
    `\`knowledge.matcher.match()\` (the whole-corpus model, from the cache); ${speedHow}`,
    (q) => knowledge.matcher.match(q),
  );
  const nested = nestedLowo(predictions, modelJudge);
  systems.push({
    name: "**Widerspruch-Bot intent model**",
    description: "softmax regression over word stems, stem pairs and character 2–5-grams (src/knowledge)",
    lowo: nested.pooled,
    perWriter: nested.perWriter,
    threshold: calibration.answer,
    lowoOneThreshold: summarise(predictions.map((p) => modelJudge.outcome(p, calibration.answer))),
    sets: modelSets,
    speed: modelSpeed,
    foldSeconds: modelFoldSeconds,
  });

  // --- Peers, on the same tokens as our model's word block.
  const termCache = new Map<string, string[]>();
  const terms = (text: string) => {
    let t = termCache.get(text);
    if (!t) {
      t = normalizer.words(text).map((word) => termOf(word));
      termCache.set(text, t);
    }
    return t;
  };
  const docsOf = (phrasings: Phrasing[]): PeerDoc[] =>
    phrasings.map((p) => ({ label: p.label, terms: terms(p.text) }));
  const docsOfAll = docsOf(corpus);
  const peerPredictionOf = (sample: Sample, hit: PeerHit | undefined): PeerPrediction => ({
    writer: sample.writer,
    expected: sample.expected,
    label: hit?.label ?? null,
    score: hit?.score ?? Number.NEGATIVE_INFINITY,
    top3: hit?.top3 ?? [],
  });
  const sameHit = (a: PeerHit | undefined, b: PeerHit | undefined) =>
    a?.label === b?.label && a?.score === b?.score && a?.top3.join() === b?.top3.join();
  for (const peer of peers) {
    log(`  ${peer.name}: ${writers.length} writer folds`);
    started = performance.now();
    const build = peer.buildForFolds ?? peer.build;
    const peerPredictions: PeerPrediction[] = [];
    for (const writer of writers) {
      const search = build(docsOf(corpus.filter((p) => p.writer !== writer)));
      for (const q of corpus.filter((p) => p.writer === writer && p.kind === "question")) {
        peerPredictions.push(
          peerPredictionOf({ text: q.text, writer, expected: q.label }, search(terms(q.text))),
        );
      }
    }
    const foldSeconds = (performance.now() - started) / 1000;
    log(`    ${foldSeconds.toFixed(0)} s`);
    const threshold = calibratePeer(peerPredictions);
    const whole = build(docsOfAll);
    const peerSets = new Map<string, { summary: Summary }>();
    for (const set of sets) {
      const outcomes = set.samples.map((q) =>
        peerJudge.outcome(peerPredictionOf(q, whole(terms(q.text))), threshold),
      );
      peerSets.set(set.name, { summary: summarise(outcomes) });
    }
    // Speed: the library's own search on the whole corpus, from the raw text (tokens included).
    const library = peer.buildForFolds ? peer.build(docsOfAll) : whole;
    const hits: (PeerHit | undefined)[] = [];
    const speed = timeEach(timingSample, warmup, speedHow, (q) => {
      hits.push(library(normalizer.words(q).map((word) => termOf(word))));
    });
    if (peer.buildForFolds) {
      const differing = timingSample.filter((q, i) => !sameHit(hits[i], whole(terms(q)))).length;
      if (differing > 0) {
        throw new Error(`${peer.name}: the folds' search differs from the library on ${differing} questions`);
      }
    }
    log(`    p50 ${ms(speed.p50)}`);
    const peerNested = nestedLowo(peerPredictions, peerJudge);
    systems.push({
      name: peer.name,
      description: peer.buildForFolds
        ? `${peer.description}; for the folds, natural's formulas over an inverted index (natural itself scores every document): the same answers and scores on all ${timingSample.length.toLocaleString("en")} timed questions`
        : peer.description,
      lowo: peerNested.pooled,
      perWriter: peerNested.perWriter,
      threshold,
      lowoOneThreshold: summarise(peerPredictions.map((p) => peerJudge.outcome(p, threshold))),
      sets: peerSets,
      speed,
      foldSeconds,
    });
  }

  return {
    writers,
    questions: predictions.length,
    systems,
    modelPredictions: predictions,
    calibration: { ...calibration, shipped: knowledge.matcher.calibration },
  };
}

// --- Rendering.

const p1 = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(1)} %`);

export function headlineTable(result: QualityResult, devSet: string | undefined): string {
  const head = ["System", "top-1, no threshold", "overall", "in scope", "declined right", "top-3"];
  if (devSet) head.push(`dev set overall (training figure)`);
  return table(
    head,
    result.systems.map((s) => {
      const row = [
        s.name,
        p1(s.lowo.top1),
        p1(s.lowo.overall),
        p1(s.lowo.inScope),
        p1(s.lowo.declined),
        p1(s.lowo.top3),
      ];
      if (devSet) row.push(p1(s.sets.get(devSet)?.summary.overall ?? Number.NaN));
      return row;
    }),
  );
}

export function lowoDetailTable(result: QualityResult): string {
  return table(
    [
      "System",
      "Configuration",
      "overall, thresholds from other writers",
      "overall, one threshold tuned on all folds",
      "threshold (all folds)",
      "time for all folds",
    ],
    result.systems.map((s) => [
      s.name,
      s.description,
      p1(s.lowo.overall),
      p1(s.lowoOneThreshold.overall),
      s.threshold.toFixed(3),
      `${s.foldSeconds.toFixed(0)} s`,
    ]),
  );
}

export function perWriterTable(result: QualityResult): string {
  const ours = result.systems[0] as SystemFigures;
  const rows = result.writers.map((writer) => {
    const w = ours.perWriter.get(writer) as WriterFigures;
    const s = w.summary;
    return [
      writer,
      `${s.questions} (${s.toDecline})`,
      w.threshold.toFixed(2),
      p1(s.top1),
      p1(s.overall),
      p1(s.inScope),
      p1(s.declined),
      p1(s.top3),
      ...result.systems.slice(1).map((peer) => p1(peer.perWriter.get(writer)?.summary.overall ?? Number.NaN)),
    ];
  });
  return table(
    [
      "Held-out writer",
      "questions (to decline)",
      "threshold",
      "top-1",
      "overall",
      "in scope",
      "declined right",
      "top-3",
      ...result.systems.slice(1).map((peer) => `${peer.name} overall`),
    ],
    rows,
  );
}

export function setsTable(result: QualityResult, sets: EvalSet[]): string {
  const rows: string[][] = [];
  for (const set of sets) {
    for (const s of result.systems) {
      const summary = s.sets.get(set.name)?.summary;
      if (!summary) continue;
      rows.push([
        `${set.name} (${summary.questions}, ${summary.toDecline} to decline)`,
        s.name,
        p1(summary.top1),
        p1(summary.overall),
        p1(summary.inScope),
        p1(summary.declined),
        p1(summary.top3),
      ]);
    }
  }
  return table(
    ["Question set", "System", "top-1, no threshold", "overall", "in scope", "declined right", "top-3"],
    rows,
  );
}

/** Per expected id: how many questions and how many our model got wrong (no texts). */
export function perIdTable(result: QualityResult, set: EvalSet): string {
  const perId = (result.systems[0] as SystemFigures).sets.get(set.name)?.perId;
  if (!perId) return "";
  const rows = [...perId]
    .sort((a, b) => b[1].wrong - a[1].wrong || a[0].localeCompare(b[0]))
    .map(([id, c]) => [id, c.questions, c.wrong]);
  return table(["Expected", "questions", "wrong (our model)"], rows);
}

export function speedTable(result: QualityResult): string {
  return table(
    ["System", "p50 / question", "p99 / question", "CPU time p50 / p99", "questions timed", "How"],
    result.systems.map((s) => [
      s.name,
      ms(s.speed.p50),
      ms(s.speed.p99),
      `${ms(s.speed.cpuP50)} / ${ms(s.speed.cpuP99)}`,
      s.speed.count,
      s.speed.how,
    ]),
  );
}
