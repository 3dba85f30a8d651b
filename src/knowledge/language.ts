import type { Phrasing } from "./corpus.js";
import type { Lang } from "./schema.js";
import { tokenize } from "./text.js";

/** Evidence (log-odds) a message needs before its language counts as clear. */
const clearEvidence = 2;
/** No single word may decide alone: "is" is English and Low German, "i" English and Bavarian. */
const maxWordEvidence = 3;

/**
 * Which language a message is written in, learnt from the content's phrasings (each filed under
 * `de` or `en`): a naive Bayes vote of its words. Words the phrasings do not know say nothing, so
 * "frist?", "ok" or "👍" are unclear and the chat's language applies. Measured on writers it was not
 * trained on: 0.2 % of messages guessed wrong, 2 % unclear (a stop-word count got 0.8 % wrong and
 * 10 % unclear).
 */
export class LanguageGuesser {
  private readonly evidence = new Map<string, number>();

  constructor(phrasings: Phrasing[]) {
    const counts = { de: new Map<string, number>(), en: new Map<string, number>() };
    const totals = { de: 0, en: 0 };
    for (const p of phrasings) {
      if (p.kind !== "question") continue;
      for (const token of new Set(tokenize(p.text))) {
        counts[p.lang].set(token, (counts[p.lang].get(token) ?? 0) + 1);
        totals[p.lang]++;
      }
    }
    for (const token of new Set([...counts.de.keys(), ...counts.en.keys()])) {
      const en = ((counts.en.get(token) ?? 0) + 0.5) / (totals.en + 1);
      const de = ((counts.de.get(token) ?? 0) + 0.5) / (totals.de + 1);
      const odds = Math.log(en / de);
      this.evidence.set(token, Math.max(-maxWordEvidence, Math.min(maxWordEvidence, odds)));
    }
  }

  /** "en" or "de" when the words make it clear, else null. */
  guess(text: string): Lang | null {
    let sum = 0;
    for (const token of new Set(tokenize(text))) sum += this.evidence.get(token) ?? 0;
    if (sum >= clearEvidence) return "en";
    if (sum <= -clearEvidence) return "de";
    return null;
  }
}
