import { describe, expect, it } from "vitest";
import { clockFrom, parseNow } from "../../src/cli/args.js";

describe("the CLIs' --now option (ask and chat)", () => {
  it("takes --now before BOT_NOW, and neither means the real time", () => {
    expect(parseNow(["--now", "2025-05-26T10:00+02:00"], { BOT_NOW: "2030-01-01" })).toEqual(
      new Date("2025-05-26T08:00:00Z"),
    );
    expect(parseNow(["--json"], { BOT_NOW: "2025-05-27T09:00:00Z" })).toEqual(
      new Date("2025-05-27T09:00:00Z"),
    );
    expect(parseNow([], {})).toBeUndefined();
    expect(parseNow([], { BOT_NOW: "" })).toBeUndefined();
  });

  it("reads a bare date as noon UTC, the same calendar day in Berlin", () => {
    expect(parseNow(["--now", "2025-05-26"], {})).toEqual(new Date("2025-05-26T12:00:00Z"));
  });

  it("names the bad value in one sentence", () => {
    expect(() => parseNow(["--now", "gestern"], {})).toThrow(
      '--now needs a date and time like 2025-05-26T10:00+02:00, not "gestern"',
    );
    expect(() => parseNow(["--now"], {})).toThrow(/--now needs a date/);
    expect(() => parseNow(["--now", "--json"], {})).toThrow(/--now needs a date/);
    expect(() => parseNow([], { BOT_NOW: "soon" })).toThrow(/BOT_NOW needs a date/);
  });

  it("starts the chat's clock there and lets it run on", () => {
    let real = Date.parse("2026-12-02T10:00:00Z");
    const clock = clockFrom(new Date("2025-05-26T08:00:00Z"), () => new Date(real));
    expect(clock()).toEqual(new Date("2025-05-26T08:00:00Z"));
    real += 90_000;
    expect(clock()).toEqual(new Date("2025-05-26T08:01:30Z"));
    const system = clockFrom(undefined);
    expect(Math.abs(system().getTime() - Date.now())).toBeLessThan(1000);
  });
});
