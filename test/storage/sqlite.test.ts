import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/storage/sqlite.js";

describe("SqliteStore (a real file)", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "wb-sqlite-"));
    file = join(dir, "nested", "bot.sqlite");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the file and its folder, and keeps the language across restarts", async () => {
    const store = new SqliteStore(file);
    expect(await store.getChat(1)).toBeUndefined();
    await store.setLanguage(1, "en");
    await store.setLanguage(1, "de");
    await store.close();
    const reopened = new SqliteStore(file);
    expect(await reopened.getChat(1)).toMatchObject({ chatId: 1, language: "de" });
    await reopened.close();
  });

  it("exports and deletes everything about a chat", async () => {
    const store = new SqliteStore(file);
    await store.setLanguage(7, "en");
    await store.setLanguage(8, "de");
    expect((await store.exportChat(7)).chats).toEqual([
      expect.objectContaining({ chat_id: 7, language: "en" }),
    ]);
    expect(await store.deleteChat(7)).toBe(true);
    expect(await store.deleteChat(7)).toBe(false);
    expect((await store.exportChat(7)).chats).toEqual([]);
    expect(await store.getChat(8)).toBeDefined();
    await store.close();
  });

  it("counts unanswered questions and prunes old ones", async () => {
    const store = new SqliteStore(file);
    const day = 86_400_000;
    const now = Date.UTC(2026, 10, 29);
    await store.recordUnanswered("wie losche ich mein konto", new Date(now - 10 * day));
    await store.recordUnanswered("was kostet werbung", new Date(now - day));
    await store.recordUnanswered("was kostet werbung", new Date(now));
    expect(await store.unansweredReport(new Date(now - 30 * day), 10)).toEqual([
      { text: "was kostet werbung", count: 2 },
      { text: "wie losche ich mein konto", count: 1 },
    ]);
    expect(await store.pruneUnanswered(new Date(now - 5 * day))).toBe(1);
    expect(await store.unansweredReport(new Date(0), 10)).toHaveLength(1);
    await store.close();
  });

  it("migrates an existing database only forward", async () => {
    const first = new SqliteStore(file);
    await first.setLanguage(3, "en");
    await first.close();
    const second = new SqliteStore(file);
    expect(await second.getChat(3)).toBeDefined();
    await second.close();
  });
});
