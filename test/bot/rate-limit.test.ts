import { describe, expect, it } from "vitest";
import { UpdateFactory } from "../../src/bot/offline.js";
import { createMetrics } from "../../src/metrics.js";
import { createTestBot, i18n, texts } from "../helpers/bot.js";

const de = i18n.fixed("de");
const stranger = new UpdateFactory({ id: 5555, first_name: "Fremd", language_code: "de" });

describe("per-user rate limit", () => {
  it("answers a flood with one friendly note, then silence, while others are served", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const t = createTestBot({ deps: { rateLimit: { limit: 5, windowMs: 60_000 }, metrics } });
    const flood: string[] = [];
    for (let i = 0; i < 12; i++) flood.push(...texts(await t.say("wie widerspreche ich bei instagram?")));
    expect(flood).toHaveLength(6);
    expect(flood.slice(0, 5).every((text) => text.includes("instagram"))).toBe(true);
    expect(flood[5]).toBe(de("abuse.slowDown"));
    // Someone else is served normally meanwhile.
    const other = texts(await t.send(stranger.text("/start")));
    expect(other).toEqual([expect.stringContaining("Willkommen")]);
    expect(await metrics.registry.getSingleMetricAsString("bot_rate_limited_updates_total")).toContain(
      "bot_rate_limited_updates_total 1",
    );
  });

  it("answers a flood of button presses with the note as a callback answer", async () => {
    const t = createTestBot({ deps: { rateLimit: { limit: 2, windowMs: 60_000 } } });
    const calls = [];
    for (let i = 0; i < 4; i++) calls.push(...(await t.press("1:m")));
    const notes = calls.filter((c) => c.method === "answerCallbackQuery" && c.payload.text);
    expect(notes.map((c) => c.payload.text)).toEqual([de("abuse.slowDown")]);
    expect(texts(calls)).toHaveLength(2);
  });
});
