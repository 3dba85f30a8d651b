/**
 * Measures the matcher on writers it was not trained on and sets its thresholds from that.
 *   npm run kb:calibrate               the bundled content (or KNOWLEDGE_DIR); writes calibration.yaml
 *   npm run kb:calibrate -- --dry-run  prints the figures without writing
 * For each writer (each phrasings/<writer>.yaml, and `content` for the entry files themselves) the
 * model is trained on all the others and asked that writer's questions (about a minute). Run it
 * after adding phrasings or entries; the bot reads calibration.yaml at start-up.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dump } from "js-yaml";
import { calibrate, leaveOneWriterOut, score, writersOf } from "../knowledge/crossval.js";
import { loadKnowledge } from "../knowledge/loader.js";
import { defaultModelOptions } from "../knowledge/model.js";
import { bundledKnowledgeDir, modelCacheDir } from "../paths.js";

const dir = process.env.KNOWLEDGE_DIR || bundledKnowledgeDir;
const dryRun = process.argv.includes("--dry-run");
const knowledge = loadKnowledge(dir, { modelCacheDir });
const { corpus } = knowledge;
const writers = writersOf(corpus);
const predictions = leaveOneWriterOut(corpus, knowledge.normalizer, defaultModelOptions, (writer) =>
  process.stderr.write(`training without ${writer} …\n`),
);
const calibration = calibrate(predictions);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
for (const writer of writers) {
  const s = score(
    predictions.filter((p) => p.writer === writer),
    calibration,
  );
  console.log(
    `${writer.padEnd(22)} ${String(s.questions).padStart(5)} questions  overall ${pct(s.overall)}  declined right ${pct(s.declined)}`,
  );
}
const total = score(predictions, calibration);
console.log(
  `all writers: overall ${pct(total.overall)}, in scope ${pct(total.inScope)} (top-3 ${pct(total.top3)}), declined right ${pct(total.declined)}`,
);
console.log(`thresholds: answer from ${calibration.answer}, offer candidates from ${calibration.clarify}`);
if (!dryRun) {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const file = join(dir, "calibration.yaml");
  writeFileSync(
    file,
    `# Written by \`npm run kb:calibrate\` from leave-one-writer-out predictions; do not edit by hand.\n${dump(
      {
        ...calibration,
        measured: {
          date: new Date().toISOString().slice(0, 10),
          writers: writers.length,
          phrasings: predictions.length,
          overall: round(total.overall),
          inScope: round(total.inScope),
          declined: round(total.declined),
        },
      },
    )}`,
  );
  console.log(`wrote ${file}`);
}
