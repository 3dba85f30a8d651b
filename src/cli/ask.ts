/**
 * Answers questions from stdin, one a line, the way the bot would.
 *
 *   npm run --silent ask -- --json < questions.txt    one JSON object a line:
 *     {"id": <entry id or null>, "score": n, "suggestions": [ids], "answer": "…", "lang": "de"|"en"}
 *   npm run --silent ask                              readable output
 *
 * The answer language follows the question's language. KNOWLEDGE_DIR selects other content.
 */
import { createInterface } from "node:readline";
import { IntentRegistry } from "../bot/feature.js";
import { offlineBotInfo } from "../bot/offline.js";
import { botLink } from "../features/answers/links.js";
import { features } from "../features/index.js";
import { createI18n, daysWording } from "../i18n.js";
import { renderAnswer } from "../knowledge/answer.js";
import { guessLanguage } from "../knowledge/language.js";
import { loadKnowledge } from "../knowledge/loader.js";
import { bundledKnowledgeDir } from "../paths.js";

const json = process.argv.includes("--json");
const knowledge = loadKnowledge(process.env.KNOWLEDGE_DIR || bundledKnowledgeDir);
const i18n = createI18n();
const intents = new IntentRegistry(features);
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
for await (const line of lines) {
  const question = line.trim();
  const lang = guessLanguage(question);
  const result = knowledge.matcher.match(question);
  let answer: string;
  const entry = result.id ? knowledge.entries.get(result.id) : undefined;
  if (entry) answer = renderAnswer(knowledge, entry, lang, new Date(), daysWording(i18n, lang));
  else if (result.id)
    answer = i18n.t(lang, intents.summary(result.id) ?? "answer.notFound", {
      // No bot runs here: the offline identity `npm run chat` uses stands in for its username.
      link: botLink(offlineBotInfo.username),
    });
  else answer = i18n.t(lang, "answer.notFound");
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result, answer, lang })}\n`);
  } else {
    const label = result.id ?? "— (no answer)";
    process.stdout.write(
      `${question}\n  → ${label}  score ${result.score}  suggestions ${result.suggestions.join(", ") || "–"}\n\n`,
    );
  }
}
