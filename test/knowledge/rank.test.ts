import { describe, expect, it } from "vitest";
import { knowledge } from "../helpers/bot.js";

describe("matcher.rank", () => {
  it("ranks like match(): the same best entry, scores falling, at most the limit", () => {
    for (const question of ["insta widerspruch", "muss ich nochmal widersprechen?", "bis wann?", "daten?"]) {
      const ranked = knowledge.matcher.rank(question, 5);
      const result = knowledge.matcher.match(question);
      expect(ranked.length).toBeLessThanOrEqual(5);
      expect(result.decision, question).toBe("answer");
      expect(ranked[0]?.id, question).toBe(result.id);
      expect(ranked[0]?.score).toBe(result.score);
      for (let i = 1; i < ranked.length; i++) {
        expect(ranked[i]?.score ?? 0).toBeLessThanOrEqual(ranked[i - 1]?.score ?? 0);
      }
    }
    expect(knowledge.matcher.rank("", 5)).toEqual([]);
    expect(knowledge.matcher.rank("insta", 0)).toEqual([]);
  });
});
