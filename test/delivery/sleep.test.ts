import { describe, expect, it } from "vitest";
import { Interruptible } from "../../src/delivery/sleep.js";

describe("Interruptible", () => {
  it("ends a long sleep at once on interrupt, and every later sleep too", async () => {
    const never = () => new Promise<void>(() => undefined);
    const sleeper = new Interruptible(never);
    const sleeping = sleeper.sleep(60_000);
    sleeper.interrupt();
    await expect(sleeping).resolves.toBeUndefined();
    await expect(sleeper.sleep(60_000)).resolves.toBeUndefined();
    expect(sleeper.isInterrupted).toBe(true);
  });

  it("sleeps as long as asked when nobody interrupts", async () => {
    const asked: number[] = [];
    const sleeper = new Interruptible(async (ms) => {
      asked.push(ms);
    });
    await sleeper.sleep(250);
    await sleeper.sleep(0);
    expect(asked).toEqual([250]);
  });
});
