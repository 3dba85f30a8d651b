import type { IntentModel } from "./model.js";
import type { Normalizer } from "./normalizer.js";

/**
 * What the bot does with a question: answer with the best candidate, ask which of the best
 * candidates was meant ("Meinten Sie …?"), or say it has no answer.
 */
export type Decision = "answer" | "clarify" | "decline";

export interface MatchResult {
  /** The entry or intent to answer with; null unless the decision is "answer". */
  id: string | null;
  /** The model's probability for the best candidate, 0..1. */
  score: number;
  /**
   * Answer: up to two other candidates worth offering. Clarify: the candidates to choose from.
   * Decline: the closest topics when the question names a platform or the objection, else none.
   */
  suggestions: string[];
  decision: Decision;
}

export interface RankedCandidate {
  id: string;
  /** The model's probability, 0..1. */
  score: number;
}

/**
 * Probability thresholds, measured on writers the model was not trained on (`npm run kb:calibrate`
 * writes them to the content's calibration.yaml): answer from `answer` on (when "decline" is not
 * more likely); otherwise offer the candidates from `clarify` on, and decline below.
 */
export interface Calibration {
  answer: number;
  clarify: number;
}

export const defaultCalibration: Calibration = { answer: 0.3, clarify: 0.1 };

/** At most this many candidates are offered. */
const maxCandidates = 3;

/**
 * Turns the intent model's probabilities into a decision. The model has a class of its own for
 * questions to decline, trained on the out-of-scope examples; its probability competes with the
 * best candidate's.
 */
export class Matcher {
  constructor(
    private readonly model: IntentModel,
    readonly calibration: Calibration,
    private readonly normalizer: Normalizer,
    /** Words (after normalisation) that name what the bot is about: a platform, the objection. */
    private readonly topicWords: ReadonlySet<string>,
  ) {}

  /** The same model with other thresholds (to measure them, or to show a decision in a test). */
  withCalibration(calibration: Calibration): Matcher {
    return new Matcher(this.model, calibration, this.normalizer, this.topicWords);
  }

  /** Entries and intents, best first, with the model's probabilities; nothing for a text without words. */
  rank(text: string, limit: number): RankedCandidate[] {
    if (!hasContent(text)) return [];
    return this.ranked(this.model.probabilities(text), limit);
  }

  private ranked(probabilities: Float64Array, limit: number): RankedCandidate[] {
    const ranked: RankedCandidate[] = [];
    this.model.labels.forEach((id, index) => {
      if (id !== null) ranked.push({ id, score: probabilities[index] as number });
    });
    // Stable: equal probabilities keep the content's order.
    ranked.sort((a, b) => b.score - a.score);
    return ranked.slice(0, Math.max(0, limit)).map((c) => ({ id: c.id, score: round(c.score) }));
  }

  match(text: string): MatchResult {
    if (!hasContent(text)) return { id: null, score: 0, suggestions: [], decision: "decline" };
    const probabilities = this.model.probabilities(text);
    const declineProbability = probabilities[0] as number;
    const ranked = this.ranked(probabilities, maxCandidates);
    const best = ranked[0];
    if (!best) return { id: null, score: 0, suggestions: [], decision: "decline" };
    const { answer, clarify } = this.calibration;
    if (best.score >= answer && best.score > declineProbability) {
      const suggestions = ranked
        .slice(1)
        .filter((c) => c.score >= clarify)
        .slice(0, 2)
        .map((c) => c.id);
      return { id: best.id, score: best.score, suggestions, decision: "answer" };
    }
    if (best.score >= clarify) {
      return { id: null, score: best.score, suggestions: ranked.map((c) => c.id), decision: "clarify" };
    }
    // A question that names a platform or the objection deserves the closest topics, never a bare "no".
    const suggestions = this.namesTopic(text) ? ranked.map((c) => c.id) : [];
    return { id: null, score: best.score, suggestions, decision: "decline" };
  }

  private namesTopic(text: string): boolean {
    return this.normalizer.words(text).some((word) => this.topicWords.has(word));
  }
}

/** Words, digits or emoji: something the model can read (an empty text or "?!" is not). */
function hasContent(text: string): boolean {
  return /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(text);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
