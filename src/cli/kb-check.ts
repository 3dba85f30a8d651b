/**
 * Validates the knowledge base the way the bot does at start-up and prints a summary.
 *   npm run kb:check                 the bundled content (or KNOWLEDGE_DIR)
 *   npm run kb:check -- path/to/dir  another content directory
 * Exit status 1 with the file and entry named when something is wrong.
 */
import { KnowledgeError, loadKnowledge } from "../knowledge/loader.js";
import { bundledKnowledgeDir, modelCacheDir } from "../paths.js";

const dir = process.argv[2] ?? (process.env.KNOWLEDGE_DIR || bundledKnowledgeDir);
try {
  const knowledge = loadKnowledge(dir, { modelCacheDir });
  const questions = [...knowledge.entries.values()].reduce(
    (n, e) => n + e.questions.de.length + e.questions.en.length,
    0,
  );
  console.log(
    `ok: ${knowledge.campaigns.length} campaign(s) (${knowledge.campaigns.map((c) => c.id).join(", ")}), ` +
      `${knowledge.entries.size} entries with ${questions} questions, ${knowledge.intents.size} intents, ` +
      `${knowledge.outOfScope.length} out-of-scope examples, ${knowledge.lexicon.synonyms.length} synonym groups`,
  );
} catch (error) {
  if (error instanceof KnowledgeError) {
    console.error(`knowledge base error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
