/**
 * The benchmark suite: `npm run bench [-- --questions FILE.tsv]` writes bench/RESULTS.md.
 * Benchmarks, not tests: numbers depend on the machine, which RESULTS.md records.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadKnowledge } from "../src/knowledge/loader.js";
import { bundledKnowledgeDir } from "../src/paths.js";
import { readQuestions, seeded } from "../test/helpers/matcher-queries.js";
import { growthTable } from "./growth.js";
import { machine } from "./lib.js";
import { overheadTable } from "./overhead.js";
import { type Question, qualityTable } from "./quality.js";
import { startupTable } from "./startup.js";

const began = performance.now();
const log = (line: string) => console.log(line);
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const tmpDir = "bench/.tmp";
const validationFile = "test/fixtures/questions-validation.tsv";
const defaultQuestions = "../shared/eval/questions-dev.tsv";
const notes: string[] = [];

let questionsFile = flag("--questions") ?? defaultQuestions;
if (!existsSync(questionsFile)) {
  if (flag("--questions")) throw new Error(`question file not found: ${questionsFile}`);
  notes.push(
    `The default question file ${defaultQuestions} is missing here; used ${validationFile} instead.`,
  );
  questionsFile = validationFile;
}

// Peers tune on the validation questions and are scored on the question file; when both are the
// same file, a seeded half of it tunes and the other half is scored.
let tune: Question[];
let evaluate: Question[];
if (resolve(questionsFile) === resolve(validationFile)) {
  const random = seeded(4242);
  const all = readQuestions(validationFile).map((q) => ({ q, key: random() }));
  all.sort((a, b) => a.key - b.key);
  const half = Math.floor(all.length / 2);
  tune = all.slice(0, half).map((x) => x.q);
  evaluate = all.slice(half).map((x) => x.q);
  notes.push(
    `Tuning and scoring on one file: a seeded 50/50 split (${tune.length} tune, ${evaluate.length} scored).`,
  );
} else {
  tune = readQuestions(validationFile);
  evaluate = readQuestions(questionsFile);
}

const tuneLabel =
  resolve(questionsFile) === resolve(validationFile) ? "the other half" : `\`${validationFile}\``;
const knowledge = loadKnowledge(bundledKnowledgeDir);
const sections: string[] = [];

log("1. answer quality and speed");
sections.push(`## 1. Answer quality and speed

Question file: \`${questionsFile}\` (${evaluate.length} questions, ${evaluate.filter((q) => q.expected === "none").length} of them to decline). Peers' configurations and decline thresholds were tuned on ${tuneLabel} (${tune.length} questions); times are per question over 10 passes.

${qualityTable({ knowledge, tune, evaluate, passes: 10, log })}

Every peer indexes the same content as our matcher: each entry's and intent's German and English
questions and paraphrases, keywords and titles, and (if it helps it) the out-of-scope examples as
"no answer" documents. Every peer gets our normalisation (\`tokenize\`, umlaut folding) and was
offered our German stemmer and our lexicon's synonym and filler rewriting; the table shows what
won on the tuning set. What the peers do not get is the matcher itself: compound splitting against
the content's vocabulary, typo correction, coverage with weights for unknown and generic words, and
the out-of-scope examples competing as "no answer". "Answered right" counts questions with an
expected entry answered with exactly that entry; "declined right" counts questions to decline that
got no answer.`);

log("2. growth");
sections.push(`## 2. Growth

Matcher time per question (the question file, 30 warm passes; "first sight" is the first pass,
with every word new to the analyzer's cache) and the matcher's heap, with the shipped content and
with synthetic entries added (8 phrasings of 4–9 words and 4 keywords each). With "invented words"
the synthetic entries use made-up words, like a knowledge base growing into new topics; with
"⅓ content words" a third of their words come from the shipped content ("ich", "meta",
"widerspruch", …), so the postings of the questions' words grow with the knowledge base — the
worst case for an inverted index.

${growthTable(questionsFile, log)}

The matcher looks only at the documents that share a word with the question (an inverted index,
term → entries, phrasings and out-of-scope examples), so its cost follows the length of those
postings, not the number of entries. Before the index (commit 72ea60e) it scanned every entry and
every out-of-scope example: on this machine that took, on average per validation question, 1.0 ms
at 100, 7.2 ms at 1,000 and 67 ms at 10,000 entries with invented words. \`test/knowledge/matcher-snapshot.test.ts\` checks that the index returns
exactly the results of the scan.`);

log("3. bot overhead");
const overheadQuestions = evaluate.map((q) => q.question);
sections.push(`## 3. Bot overhead

20,000 updates (70 % questions from the question file, 10 % /start and /frist, 20 % button
presses; 1,000 users), handled one after another after 500 warm-up updates. The full bot runs all
middleware, the matcher, the SQLite store in a file (WAL), i18n and pino at level info; the bare
bot is \`new Bot()\` with one \`on("message:text")\` echo handler. Both have the Bot API answered by
the \`offlineApi\` transformer in the process, so no network time is included.

${await overheadTable(knowledge, overheadQuestions, 20_000, tmpDir, log)}

Telegram lets a bot send about 30 messages a second in total, so the bot's own cost is far below
what the Bot API allows.`);

log("4. start-up");
const startup = await startupTable(tmpDir, 3, log);
sections.push(`## 4. Start-up and memory

From spawning the process to the first \`sendMessage\` reaching a local fake Bot API (BOT_API_ROOT)
that has one question waiting (\`getMe\`, \`setMyCommands\`, \`deleteWebhook\`, then long polling), three
starts each; resident memory (VmRSS) after 2 s idle. NODE_ENV=production (JSON logs), LOG_LEVEL=warn.

${startup.table}

${startup.notes.join(" ")} The 100,000 are chats with a stored language and a reminder subscription
(waiting for a new deadline, as \`/erinnern\` stores today); the bot reads them per update and the
reminder worker in batches, never all into memory.`);

log("5. reminders");
if (existsSync("bench/reminders.ts")) {
  const result = spawnSync("npx", ["tsx", "bench/reminders.ts"], { encoding: "utf8", timeout: 300_000 });
  sections.push(`## 5. Reminders

Output of \`npx tsx bench/reminders.ts\` (exit status ${result.status}):

${result.stdout.trim() || "(no output)"}${result.status === 0 ? "" : `\n\n\`\`\`\n${result.stderr.trim().slice(-2000)}\n\`\`\``}`);
} else {
  sections.push(`## 5. Reminders

\`bench/reminders.ts\` is not present in this checkout; the reminders benchmark runs here once it is.`);
}

const minutes = ((performance.now() - began) / 60_000).toFixed(1);
const report = `# Benchmark results

Written by \`npm run bench\`${argv.length ? ` (\`${argv.join(" ")}\`)` : ""} in ${minutes} minutes. Rerun it to
refresh; numbers depend on the machine:

${machine()}
${notes.length ? `\n${notes.map((n) => `- ${n}`).join("\n")}\n` : ""}
${sections.join("\n\n")}
`;
writeFileSync("bench/RESULTS.md", report);
log(`wrote bench/RESULTS.md (${minutes} min)`);
