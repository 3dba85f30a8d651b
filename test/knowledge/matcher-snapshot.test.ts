import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { knowledge } from "../helpers/bot.js";
import { matcherQueries } from "../helpers/matcher-queries.js";

// The snapshot was written by the scanning matcher, before the inverted index replaced the scan
// (`UPDATE_MATCHER_SNAPSHOT=1 npx vitest run test/knowledge/matcher-snapshot.test.ts`). The index
// is an optimisation only: every result must stay exactly the same.
const snapshotFile = new URL("../fixtures/matcher-snapshot.json", import.meta.url);
const validationFile = new URL("../fixtures/questions-validation.tsv", import.meta.url).pathname;

describe("matcher results", () => {
  it("are identical to the snapshot of the scanning matcher for every query", () => {
    const queries = matcherQueries(knowledge, validationFile);
    const results = queries.map((q) => ({ q, ...knowledge.matcher.match(q) }));
    if (process.env.UPDATE_MATCHER_SNAPSHOT) {
      writeFileSync(snapshotFile, `${JSON.stringify(results, null, 0).replace(/\},\{/g, "},\n{")}\n`);
    }
    const expected = JSON.parse(readFileSync(snapshotFile, "utf8")) as unknown[];
    expect(results.length).toBeGreaterThan(1000);
    expect(results).toEqual(expected);
  });
});
