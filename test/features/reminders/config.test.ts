import { describe, expect, it } from "vitest";
import { createConfig } from "../../../src/config.js";

describe("reminder configuration", () => {
  it("defaults to 25 messages per second and a two-minute lease", () => {
    expect(createConfig({})).toMatchObject({ reminderRate: 25, reminderLeaseMs: 120_000 });
    expect(createConfig({ REMINDER_RATE: "12.5", REMINDER_LEASE_SECONDS: "30" })).toMatchObject({
      reminderRate: 12.5,
      reminderLeaseMs: 30_000,
    });
  });

  it("names a bad value in one sentence", () => {
    expect(() => createConfig({ REMINDER_RATE: "fast" })).toThrow(/REMINDER_RATE must be a number/);
    expect(() => createConfig({ REMINDER_RATE: "0" })).toThrow(
      /REMINDER_RATE must be a number of messages per second above 0/,
    );
  });

  it("refuses more than Telegram's 30 messages a second to many chats, in one sentence", () => {
    expect(createConfig({ REMINDER_RATE: "30" }).reminderRate).toBe(30);
    for (const rate of ["30.5", "31", "1000"]) {
      expect(() => createConfig({ REMINDER_RATE: rate })).toThrow(
        /^REMINDER_RATE may be at most 30: Telegram allows no more messages a second to many chats \(https:\/\/core\.telegram\.org\/[^\s]+\)$/,
      );
    }
  });
});
