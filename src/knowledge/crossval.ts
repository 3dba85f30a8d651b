import type { Phrasing } from "./corpus.js";
import type { Calibration } from "./matcher.js";
import { IntentModel, type ModelOptions } from "./model.js";
import type { Normalizer } from "./normalizer.js";

/**
 * Honest measurement: the model is trained on every writer but one and asked that writer's
 * questions, for each writer in turn (leave one writer out). A writer's phrasings share a style,
 * so a random split would score questions against near-copies of themselves.
 */

/** What the model said to one held-out question. */
export interface HeldOutPrediction {
  text: string;
  writer: string;
  /** The expected entry or intent; null when the question is to be declined. */
  expected: string | null;
  /** The best entry or intent and its probability. */
  best: string;
  bestProbability: number;
  /** The probability of "decline". */
  declineProbability: number;
  /** The three best entries or intents, best first. */
  top3: string[];
}

export function writersOf(corpus: Phrasing[]): string[] {
  return [...new Set(corpus.map((p) => p.writer))];
}

/** Predictions for `questions` by a model trained on `training`. */
export function predictHeldOut(
  training: Phrasing[],
  questions: Phrasing[],
  normalizer: Normalizer,
  options: ModelOptions,
): HeldOutPrediction[] {
  return predictWith(IntentModel.train(training, normalizer, options), questions);
}

/** What a trained model says to each question. */
export function predictWith(
  model: IntentModel,
  questions: Pick<Phrasing, "text" | "writer" | "label">[],
): HeldOutPrediction[] {
  return questions.map((question) => {
    const probabilities = model.probabilities(question.text);
    const ranked = model.labels
      .map((label, index) => ({ label, p: probabilities[index] as number }))
      .filter((c): c is { label: string; p: number } => c.label !== null)
      .sort((a, b) => b.p - a.p);
    const best = ranked[0] as { label: string; p: number };
    return {
      text: question.text,
      writer: question.writer,
      expected: question.label,
      best: best.label,
      bestProbability: best.p,
      declineProbability: probabilities[0] as number,
      top3: ranked.slice(0, 3).map((c) => c.label),
    };
  });
}

/** Leave-one-writer-out predictions for every question of every writer (keywords only train). */
export function leaveOneWriterOut(
  corpus: Phrasing[],
  normalizer: Normalizer,
  options: ModelOptions,
  onFold?: (writer: string) => void,
): HeldOutPrediction[] {
  return writersOf(corpus).flatMap((writer) => {
    onFold?.(writer);
    return predictHeldOut(
      corpus.filter((p) => p.writer !== writer),
      corpus.filter((p) => p.writer === writer && p.kind === "question"),
      normalizer,
      options,
    );
  });
}

export interface Score {
  questions: number;
  /** Right answers and right declines, over all questions. */
  overall: number;
  /** Questions with an answer in the content answered with exactly that entry or intent. */
  inScope: number;
  /** Questions to decline that got no answer. */
  declined: number;
  /** In-scope questions whose answer is among the three best candidates. */
  top3: number;
}

/** The answer the matcher gives to a prediction under a calibration (null: no answer). */
export function decide(prediction: HeldOutPrediction, calibration: Calibration): string | null {
  const answered =
    prediction.bestProbability >= calibration.answer &&
    prediction.bestProbability > prediction.declineProbability;
  return answered ? prediction.best : null;
}

export function score(predictions: HeldOutPrediction[], calibration: Calibration): Score {
  let inScope = 0;
  let inScopeRight = 0;
  let toDecline = 0;
  let declinedRight = 0;
  let top3 = 0;
  for (const p of predictions) {
    const answer = decide(p, calibration);
    if (p.expected === null) {
      toDecline++;
      if (answer === null) declinedRight++;
    } else {
      inScope++;
      if (answer === p.expected) inScopeRight++;
      if (p.top3.includes(p.expected)) top3++;
    }
  }
  const right = inScopeRight + declinedRight;
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    questions: predictions.length,
    overall: share(right, predictions.length),
    inScope: share(inScopeRight, inScope),
    declined: share(declinedRight, toDecline),
    top3: share(top3, inScope),
  };
}

/**
 * Thresholds from held-out predictions. `answer`: the most right answers overall among the
 * thresholds that decline at least `minDeclined` of the questions to decline (the lowest such
 * threshold on a tie). `clarify`: the lowest probability from which, for questions not answered,
 * the right answer is among the offered candidates at least `minHelpful` of the time (1 if never).
 */
export function calibrate(
  predictions: HeldOutPrediction[],
  { minDeclined = 0.9, minHelpful = 0.5 }: { minDeclined?: number; minHelpful?: number } = {},
): Calibration {
  const grid = Array.from({ length: 91 }, (_, i) => i / 100);
  let best: { threshold: number; overall: number; declined: number } | undefined;
  for (const threshold of grid) {
    const { overall, declined } = score(predictions, { answer: threshold, clarify: threshold });
    const better =
      !best ||
      (declined >= minDeclined && (best.declined < minDeclined || overall > best.overall)) ||
      (best.declined < minDeclined && declined > best.declined);
    if (better) best = { threshold, overall, declined };
  }
  const answer = best?.threshold ?? 0.3;
  // Among the questions not answered (below `answer`, or "decline" more likely), the widest band
  // of best probabilities in which the offered candidates still help often enough; none: never ask.
  let clarify = 1;
  for (const threshold of grid) {
    const band = predictions.filter(
      (p) => decide(p, { answer, clarify: 0 }) === null && p.bestProbability >= threshold,
    );
    const helpful = band.filter((p) => p.expected !== null && p.top3.includes(p.expected)).length;
    if (band.length > 0 && helpful / band.length >= minHelpful) {
      clarify = threshold;
      break;
    }
  }
  return { answer, clarify };
}
