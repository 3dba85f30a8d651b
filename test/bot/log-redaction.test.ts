import { describe, expect, it } from "vitest";
import { UpdateFactory } from "../../src/bot/offline.js";
import { createMetrics } from "../../src/metrics.js";
import { createTestBot } from "../helpers/bot.js";

describe("log redaction", () => {
  it("never writes a message text or a user's name to the log, through the whole bot", async () => {
    const marker = `zq${Math.random().toString(36).slice(2, 10)}xj`;
    const logs: string[] = [];
    const t = createTestBot({
      logs,
      deps: {
        metrics: createMetrics({ processMetrics: false }),
        rateLimit: { limit: 8, windowMs: 60_000 },
        unansweredLogDays: 7,
        adminIds: [31337],
      },
      // One failing call, so that the error path logs too.
      respond: (call) => {
        if (call.method === "sendMessage" && String(call.payload.text).includes("Willkommen")) {
          throw new Error("simulated network failure");
        }
        return call.method.startsWith("send") ? { message_id: 1, date: 0, chat: { id: 1 } } : true;
      },
    });
    const user = new UpdateFactory({
      id: 31337,
      first_name: `Erika ${marker}`,
      last_name: marker,
      username: `user_${marker}`,
      language_code: "de",
    } as ConstructorParameters<typeof UpdateFactory>[0]);
    const inputs = [
      `Wie widerspreche ich bei Instagram? ${marker}`,
      `${marker} ${marker}`,
      `/start ${marker}`,
      `/broadcast ${marker}`,
      `/${marker}`,
      "widerspruch",
    ];
    for (const text of inputs) await t.send(user.text(text));
    await t.send(user.callback(`1:a:${marker}`));
    await t.send(user.message({ caption: marker, photo: [] }));
    // A flood, so that the rate limiter logs as well.
    for (let i = 0; i < 10; i++) await t.send(user.text(`frist ${marker}`));

    expect(logs.length).toBeGreaterThan(20);
    expect(logs.some((line) => line.includes("rate limit exceeded"))).toBe(true);
    expect(logs.some((line) => line.includes("simulated network failure"))).toBe(true);
    const leaks = logs.filter((line) => line.toLowerCase().includes(marker));
    expect(leaks).toEqual([]);
  });
});
