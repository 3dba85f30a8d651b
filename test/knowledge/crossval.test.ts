import { describe, expect, it } from "vitest";
import { calibrate, decide, type HeldOutPrediction, score } from "../../src/knowledge/crossval.js";

const prediction = (
  expected: string | null,
  best: string,
  bestProbability: number,
  declineProbability = 0,
  top3: string[] = [best],
): HeldOutPrediction => ({
  text: "",
  writer: "w",
  expected,
  best,
  bestProbability,
  declineProbability,
  top3,
});

describe("score", () => {
  it("counts right answers, right declines and the top three", () => {
    const predictions = [
      prediction("a", "a", 0.9), // right
      prediction("a", "b", 0.9, 0, ["b", "a"]), // wrong, but a is among the top three
      prediction("a", "a", 0.2), // below the threshold: declined, wrong
      prediction(null, "a", 0.9), // answered, should have been declined
      prediction(null, "a", 0.6, 0.7), // "decline" more likely: declined, right
    ];
    const s = score(predictions, { answer: 0.5, clarify: 0.1 });
    expect(s.questions).toBe(5);
    expect(s.overall).toBeCloseTo(2 / 5);
    expect(s.inScope).toBeCloseTo(1 / 3);
    expect(s.declined).toBeCloseTo(1 / 2);
    expect(s.top3).toBeCloseTo(3 / 3);
    expect(decide(predictions[4] as HeldOutPrediction, { answer: 0.5, clarify: 0 })).toBeNull();
  });
});

describe("calibrate", () => {
  it("picks the answer threshold with the most right answers among those declining 90 %", () => {
    // Wrong answers sit below 0.4, right ones above; questions to decline reach up to 0.35.
    const predictions = [
      ...Array.from({ length: 10 }, () => prediction("a", "a", 0.8)),
      ...Array.from({ length: 3 }, () => prediction("a", "b", 0.3, 0, ["b", "a", "c"])),
      ...Array.from({ length: 9 }, () => prediction(null, "a", 0.1)),
      prediction(null, "a", 0.35),
    ];
    const { answer, clarify } = calibrate(predictions);
    expect(answer).toBeGreaterThan(0.35);
    expect(answer).toBeLessThanOrEqual(0.8);
    // Below it, the three near misses have the right answer among their candidates: worth offering.
    expect(clarify).toBeLessThanOrEqual(0.3);
    expect(clarify).toBeGreaterThan(0.1);
  });
});
