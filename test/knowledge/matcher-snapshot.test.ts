import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { knowledge } from "../helpers/bot.js";
import { matcherQueries } from "../helpers/matcher-queries.js";

// Pins what the matcher decides (answer, ask, decline, and which entry) for ~5,000 queries, so that
// an optimisation of the features, the model or its cache cannot change an answer unnoticed. A
// change of content or model changes decisions on purpose: then rewrite it with
// `UPDATE_MATCHER_SNAPSHOT=1 npx vitest run test/knowledge/matcher-snapshot.test.ts`, review the
// diff, and run the test again without the variable: a run that writes never compares.
const snapshotFile = new URL("../fixtures/matcher-snapshot.json", import.meta.url);
const validationFile = new URL("../fixtures/questions-validation.tsv", import.meta.url).pathname;
const updating = Boolean(process.env.UPDATE_MATCHER_SNAPSHOT);
const inCi = process.env.CI === "true" || process.env.CI === "1";

describe("matcher results", () => {
  it("are the reviewed decisions for every query", (ctx) => {
    const actual = matcherQueries(knowledge, validationFile).map((q) => {
      const { id, decision } = knowledge.matcher.match(q);
      return { q, id, decision };
    });
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
