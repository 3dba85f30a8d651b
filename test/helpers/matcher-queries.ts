import { readFileSync } from "node:fs";
import type { KnowledgeBase } from "../../src/knowledge/loader.js";
import { mulberry32 } from "../../src/knowledge/logistic.js";

/** Question<TAB>expected id rows of a TSV question file (blank lines skipped). */
export function readQuestions(file: string): { question: string; expected: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [question = "", expected = ""] = line.split("\t");
      return { question: question.trim(), expected: expected.trim() };
    });
}

/** A small seeded generator, so that query sets are the same on every run. */
export const seeded = mulberry32;

/**
 * A broad, fixed set of queries for comparing matcher outputs: the validation questions, every
 * phrasing in the content, the same with a letter dropped (typos), and seeded word salads mixing
 * content words with invented ones.
 */
export function matcherQueries(knowledge: KnowledgeBase, validationFile: string): string[] {
  const queries = readQuestions(validationFile).map((r) => r.question);
  const phrasings = [
    ...[...knowledge.entries.values(), ...knowledge.intents.values()].flatMap((m) => [
      ...m.questions.de,
      ...m.questions.en,
      ...m.keywords,
    ]),
    ...knowledge.outOfScope,
  ];
  queries.push(...phrasings);
  const random = seeded(20250601);
  for (const phrase of phrasings) {
    const at = Math.floor(random() * phrase.length);
    queries.push(phrase.slice(0, at) + phrase.slice(at + 1));
  }
  const words = phrasings.flatMap((p) => p.split(/\s+/));
  const invented = ["zorbel", "quantifex", "bananenbrot", "steuererklärung", "xyz", "fahrrad", "ölwechsel"];
  for (let i = 0; i < 300; i++) {
    const length = 1 + Math.floor(random() * 8);
    const salad: string[] = [];
    for (let j = 0; j < length; j++) {
      salad.push(
        random() < 0.8
          ? (words[Math.floor(random() * words.length)] ?? "")
          : (invented[Math.floor(random() * invented.length)] ?? ""),
      );
    }
    queries.push(salad.join(" "));
  }
  queries.push("", "   ", "?!", "ich", "meta", "und oder aber");
  return queries;
}
