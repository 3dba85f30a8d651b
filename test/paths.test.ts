import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledKnowledgeDir, findProjectRoot, localesDir, projectRoot } from "../src/paths.js";

describe("project paths", () => {
  const base = mkdtempSync(join(tmpdir(), "wb-paths-"));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const clone = (...parts: string[]) => {
    const root = join(base, ...parts);
    mkdirSync(join(root, "src"), { recursive: true });
    mkdirSync(join(root, "dist", "src"), { recursive: true });
    writeFileSync(join(root, "package.json"), "{}");
    return root;
  };

  it("finds the root from src/ and from the compiled dist/src/", () => {
    const root = clone("plain");
    expect(findProjectRoot(join(root, "src"))).toBe(root);
    expect(findProjectRoot(join(root, "dist", "src"))).toBe(root);
  });

  it("is not fooled by a folder named dist around the clone", () => {
    const root = clone("dist", "work", "widerspruch-bot");
    expect(findProjectRoot(join(root, "src"))).toBe(root);
    expect(findProjectRoot(join(root, "dist", "src"))).toBe(root);
  });

  it("points at this project's content and locales", () => {
    expect(bundledKnowledgeDir).toBe(join(projectRoot, "src", "knowledge", "content"));
    expect(localesDir).toBe(join(projectRoot, "locales"));
  });
});
