import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { Phrasing } from "./corpus.js";
import { IntentModel, type ModelOptions, modelKey } from "./model.js";
import type { Normalizer } from "./normalizer.js";

/** How many models (for different content directories or versions) a cache folder keeps. */
const keep = 6;
const prefix = "intent-model-";

export interface LoadedModel {
  model: IntentModel;
  /** Read from the cache, or trained now (and written to the cache when it has one). */
  source: "cache" | "trained";
  /** Why the cache could not be written, when it could not. */
  cacheError?: string;
}

/**
 * Training takes about a second; reading a trained model back takes a few milliseconds. Models
 * are cached in a folder, one file per key (corpus, synonyms, options and model format), so a
 * start-up after a content change trains once and every later start-up reads the file. Without a
 * folder (null) the model is trained in memory. A cache that cannot be written only costs time.
 */
export function loadOrTrainModel(
  corpus: Phrasing[],
  synonyms: unknown,
  normalizer: Normalizer,
  options: ModelOptions,
  cacheDir: string | null,
): LoadedModel {
  const key = modelKey(corpus, synonyms, options);
  const file = cacheDir ? join(cacheDir, `${prefix}${key.slice(0, 32)}.bin`) : null;
  if (file) {
    const cached = readIfExists(file);
    const model = cached ? IntentModel.deserialize(cached, key, normalizer, options) : null;
    if (model) return { model, source: "cache" };
  }
  const model = IntentModel.train(corpus, normalizer, options);
  if (!cacheDir || !file) return { model, source: "trained" };
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written under a temporary name and renamed: parallel start-ups never read half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, model.serialize(key));
    renameSync(temporary, file);
    prune(cacheDir);
    return { model, source: "trained" };
  } catch (error) {
    return { model, source: "trained", cacheError: (error as Error).message };
  }
}

function readIfExists(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

/** Keeps the most recently written models; others belong to content that has since changed. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith(".bin"))
    .map((name) => ({ path: join(dir, name), time: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const { path } of files.slice(keep)) {
    try {
      unlinkSync(path);
    } catch {
      // Another process pruned it first.
    }
  }
}
