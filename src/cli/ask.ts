/**
 * Answers questions from stdin, one a line, the way the bot would.
 *
 *   npm run --silent ask -- --json < questions.txt    one JSON object a line:
 *     {"id": <entry id or null>, "score": n, "suggestions": [ids], "answer": "…",
 *      "decision": "answer"|"clarify"|"decline", "lang": "de"|"en", "followUp": false}
 *   npm run --silent ask                              readable output
 *   --dialogue        lines are turns of one conversation until a blank line, so that follow-ups
 *                     ("und bei insta?") are resolved against the previous answer; without it every
 *                     line stands alone
 *   --now <ISO time>  answer as if it were then (also BOT_NOW), e.g. --now 2025-05-26T10:00+02:00
 *                     or --now 2025-05-26 (noon that day); the same option as `npm run chat`
 *
 * The answer language follows the question's words when they make it clear, else German.
 * KNOWLEDGE_DIR selects other content.
 */
import { createInterface } from "node:readline";
import { IntentRegistry } from "../bot/feature.js";
import { offlineBotInfo } from "../bot/offline.js";
import { botLink } from "../features/answers/links.js";
import { answerHtml } from "../features/answers/views.js";
import { features } from "../features/index.js";
import { createI18n } from "../i18n.js";
import { matchInContext } from "../knowledge/followups.js";
import { loadKnowledge } from "../knowledge/loader.js";
import { bundledKnowledgeDir, modelCacheDir } from "../paths.js";
import { nowOrExit } from "./args.js";

const argv = process.argv.slice(2);
const json = argv.includes("--json");
const dialogue = argv.includes("--dialogue");
const now = nowOrExit("ask", argv) ?? new Date();

const knowledge = loadKnowledge(process.env.KNOWLEDGE_DIR || bundledKnowledgeDir, { modelCacheDir });
const i18n = createI18n();
const intents = new IntentRegistry(features);
// No bot runs here: the offline identity `npm run chat` uses stands in for its username.
const link = botLink(offlineBotInfo.username);
let previous: string | null = null;

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
for await (const line of lines) {
  const question = line.trim();
  if (dialogue && question === "") {
    previous = null; // a blank line ends the conversation
    continue;
  }
  const lang = knowledge.language.guess(question) ?? "de";
  const result = matchInContext(knowledge, question, dialogue ? previous : null);
  if (result.id && knowledge.entries.has(result.id)) previous = result.id;
  const entry = result.id ? knowledge.entries.get(result.id) : undefined;
  let answer: string;
  if (entry) answer = answerHtml({ knowledge, i18n, clock: () => now }, entry, lang);
  else if (result.id) answer = i18n.t(lang, intents.summary(result.id) ?? "answer.notFound", { link });
  else if (result.decision === "clarify") answer = i18n.t(lang, "answer.didYouMean");
  else answer = i18n.t(lang, "answer.notFound");
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...result, answer, lang })}\n`);
  } else {
    const label = result.id ?? (result.decision === "clarify" ? "? (which one?)" : "— (no answer)");
    process.stdout.write(
      `${question}\n  → ${label}  score ${result.score}  ${result.followUp ? "(follow-up)  " : ""}` +
        `suggestions ${result.suggestions.join(", ") || "–"}\n\n`,
    );
  }
}
