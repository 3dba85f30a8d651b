/**
 * Learning curve: the writer-split figures when each fold's model is trained on a seeded share of
 * the other writers' phrasings (keywords and titles included). The shares are nested (the 25 %
 * sample is part of the 50 % sample), so the curve shows what more phrasings add.
 */
import type { Phrasing } from "../src/knowledge/corpus.js";
import { type HeldOutPrediction, predictHeldOut, writersOf } from "../src/knowledge/crossval.js";
import type { KnowledgeBase } from "../src/knowledge/loader.js";
import { mulberry32 } from "../src/knowledge/logistic.js";
import { defaultModelOptions } from "../src/knowledge/model.js";
import { table } from "./lib.js";
import { modelJudge, nestedLowo, type Summary } from "./quality.js";

interface Point {
  share: number;
  trainingPhrasings: number;
  summary: Summary;
  seconds: number;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function learningCurve(
  knowledge: KnowledgeBase,
  full: HeldOutPrediction[],
  fullSeconds: number,
  shares: number[],
  log: (line: string) => void,
): Point[] {
  const { corpus, normalizer } = knowledge;
  const writers = writersOf(corpus);
  const points: Point[] = [];
  for (const share of shares) {
    const started = performance.now();
    let training = 0;
    const predictions = writers.flatMap((writer, fold) => {
      const others: Phrasing[] = corpus.filter((p) => p.writer !== writer);
      const sample = shuffled(others, 9000 + fold).slice(0, Math.round(share * others.length));
      training += sample.length;
      return predictHeldOut(
        sample,
        corpus.filter((p) => p.writer === writer && p.kind === "question"),
        normalizer,
        defaultModelOptions,
      );
    });
    const seconds = (performance.now() - started) / 1000;
    const summary = nestedLowo(predictions, modelJudge).pooled;
    log(
      `  ${Math.round(share * 100)} %: overall ${(100 * summary.overall).toFixed(1)} % (${seconds.toFixed(0)} s)`,
    );
    points.push({ share, trainingPhrasings: training / writers.length, summary, seconds });
  }
  const othersAverage =
    writers.reduce((sum, writer) => sum + corpus.filter((p) => p.writer !== writer).length, 0) /
    writers.length;
  points.push({
    share: 1,
    trainingPhrasings: othersAverage,
    summary: nestedLowo(full, modelJudge).pooled,
    seconds: fullSeconds,
  });
  return points;
}

export function learningCurveTable(points: Point[]): string {
  const p1 = (x: number) => `${(100 * x).toFixed(1)} %`;
  const last = points.at(-1);
  const before = points.at(-2);
  const gain =
    last && before
      ? `\n\nThe last ${Math.round((last.share - before.share) * 100)} % of the phrasings added ${(100 * (last.summary.overall - before.summary.overall)).toFixed(1)} points overall.`
      : "";
  return `${table(
    [
      "Share of the other writers' phrasings",
      "training phrasings per fold (avg)",
      "overall",
      "in scope",
      "declined right",
      "top-1, no threshold",
      "time for all folds",
    ],
    points.map((p) => [
      `${Math.round(p.share * 100)} %`,
      Math.round(p.trainingPhrasings).toLocaleString("en"),
      p1(p.summary.overall),
      p1(p.summary.inScope),
      p1(p.summary.declined),
      p1(p.summary.top1),
      `${p.seconds.toFixed(0)} s`,
    ]),
  )}${gain}`;
}
