import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project root: the nearest folder above `start` that holds package.json. Both `tsx src/…`
 * and the compiled `dist/src/…` (and the Docker image's /app/dist/src/…) find the same one,
 * whatever the folders around the clone are called.
 */
export function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const bundledKnowledgeDir = join(projectRoot, "src", "knowledge", "content");
export const localesDir = join(projectRoot, "locales");
/** Trained intent models, one file per content version (see knowledge/model-cache.ts); not in git. */
export const modelCacheDir = join(projectRoot, ".cache", "intent-model");
