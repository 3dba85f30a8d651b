import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ApiCall } from "../../src/bot/offline.js";
import { createTestBot } from "../helpers/bot.js";
import { callProblem } from "../helpers/telegram.js";
import { updateCase } from "./arbitraries.js";

// Fixed seed: the same ~10,000 updates on every run, so a failure reproduces. To explore further:
// ROBUSTNESS_SEED=<n> ROBUSTNESS_RUNS=<n> npx vitest run test/robustness
const seed = Number(process.env.ROBUSTNESS_SEED ?? 20_250_527);
const runs = Number(process.env.ROBUSTNESS_RUNS ?? 1500);

/** Methods that put something in front of a user. */
const speaks = /^(send|edit|copy|forward)/;

describe("the bot under arbitrary updates", () => {
  it("never fails, sends only what Telegram accepts, answers private texts and ignores what is not for it", async () => {
    let updates = 0;
    const seen = { answered: 0, ignored: 0, any: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(updateCase, { minLength: 1, maxLength: 12 }), async (cases) => {
        const logs: string[] = [];
        const bot = createTestBot({ logs });
        for (const [index, c] of cases.entries()) {
          const update = { update_id: index + 1, ...c.update };
          let calls: ApiCall[];
          try {
            calls = await bot.send(update as never);
          } catch (error) {
            throw new Error(`handleUpdate rejected: ${(error as Error).message}\n${JSON.stringify(update)}`);
          }
          updates++;
          seen[c.expect]++;
          const failed = logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
          if (failed.length > 0) throw new Error(`error logged: ${failed[0]}\n${JSON.stringify(update)}`);
          for (const call of calls) {
            const problem = callProblem(call);
            if (problem)
              throw new Error(`${call.method} Telegram would reject: ${problem}\n${JSON.stringify(update)}`);
            if (speaks.test(call.method) && "chat_id" in call.payload && call.payload.chat_id !== c.chatId) {
              throw new Error(
                `${call.method} to chat ${String(call.payload.chat_id)}, not the update's chat`,
              );
            }
          }
          const said = calls.filter((call) => speaks.test(call.method));
          if (c.expect === "ignored" && said.length > 0) {
            throw new Error(
              `replied to an update it should ignore: ${said[0]?.method}\n${JSON.stringify(update)}`,
            );
          }
          if (c.expect === "answered" && !said.some((call) => call.method === "sendMessage")) {
            throw new Error(`no answer to a private text\n${JSON.stringify(update)}`);
          }
        }
        await bot.store.close();
      }),
      { seed, numRuns: runs },
    );
    expect(updates).toBeGreaterThan(runs * 4);
    // Every kind of expectation was exercised many times, not just generated.
    expect(Math.min(seen.answered, seen.ignored, seen.any)).toBeGreaterThan(runs / 2);
  }, 60_000);
});
