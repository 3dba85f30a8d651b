import { fileURLToPath } from "node:url";

// Resolved from this file so that both `tsx src/…` and the compiled `dist/src/…` find the same
// project files (the compiled tree keeps the src/ level because tsconfig's rootDir is the project).
const here = fileURLToPath(new URL(".", import.meta.url));
const root = here.includes("/dist/")
  ? fileURLToPath(new URL("../../", import.meta.url))
  : fileURLToPath(new URL("../", import.meta.url));

export const projectRoot = root;
export const bundledKnowledgeDir = `${root}src/knowledge/content`;
export const localesDir = `${root}locales`;
/** Trained intent models, one file per content version (see knowledge/model-cache.ts); not in git. */
export const modelCacheDir = `${root}.cache/intent-model`;
