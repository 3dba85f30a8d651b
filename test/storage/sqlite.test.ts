import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/storage/sqlite.js";

// What only a file on disk shows; everything else is in the contract suite (contract.test.ts).
describe("SqliteStore (a real file)", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wb-sqlite-"));
    file = join(dir, "nested", "bot.sqlite");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the file and its folder, and keeps the language across restarts", async () => {
    const store = openSqliteStore(file);
    expect(await store.getChat(1)).toBeUndefined();
    await store.setLanguage(1, "en");
    await store.setLanguage(1, "de");
    await store.close();
    const reopened = openSqliteStore(file);
    expect(await reopened.getChat(1)).toMatchObject({ chatId: 1, language: "de" });
    await reopened.close();
  });

  it("migrates an existing database only forward", async () => {
    const first = openSqliteStore(file);
    await first.setLanguage(3, "en");
    await first.close();
    const second = openSqliteStore(file);
    expect(await second.getChat(3)).toBeDefined();
    await second.close();
  });
});
