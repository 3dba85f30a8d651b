import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { knowledge } from "../helpers/bot.js";
import { matcherQueries } from "../helpers/matcher-queries.js";

// The snapshot was written by the scanning matcher, before the inverted index replaced the scan.
// The index is an optimisation only: every result must stay exactly the same. After an intended
// change, rewrite it with `UPDATE_MATCHER_SNAPSHOT=1 npx vitest run test/knowledge/matcher-snapshot.test.ts`,
// review the diff, and run the test again without the variable: a run that writes never compares.
const snapshotFile = new URL("../fixtures/matcher-snapshot.json", import.meta.url);
const validationFile = new URL("../fixtures/questions-validation.tsv", import.meta.url).pathname;
const updating = Boolean(process.env.UPDATE_MATCHER_SNAPSHOT);
const inCi = process.env.CI === "true" || process.env.CI === "1";

describe("matcher results", () => {
  it("are identical to the snapshot of the scanning matcher for every query", (ctx) => {
    const actual = matcherQueries(knowledge, validationFile).map((q) => ({
      q,
      ...knowledge.matcher.match(q),
    }));
    expect(actual.length).toBeGreaterThan(1000);
    if (updating) {
      expect(inCi, "UPDATE_MATCHER_SNAPSHOT is set in CI: the snapshot would compare with itself").toBe(
        false,
      );
      writeFileSync(snapshotFile, `${JSON.stringify(actual, null, 0).replace(/\},\{/g, "},\n{")}\n`);
      ctx.skip(
        "snapshot rewritten, not compared: review its diff, then run again without UPDATE_MATCHER_SNAPSHOT",
      );
    }
    expect(actual).toEqual(JSON.parse(readFileSync(snapshotFile, "utf8")));
  });
});
