import { describe, expect, it } from "vitest";
import { ConfigError, createConfig } from "../src/config.js";

describe("production settings in the config", () => {
  it("keeps the unanswered log off and limits floods by default", () => {
    const config = createConfig({});
    expect(config.unansweredLogDays).toBe(0);
    expect(config.rateLimitPerMinute).toBe(20);
    expect(config.webhook).toBeUndefined();
    expect(config.port).toBe(8080);
  });

  it("reads the webhook, the log days, the rate limit and the admins", () => {
    const config = createConfig({
      WEBHOOK_URL: "https://bot.example.org/telegram/hook",
      WEBHOOK_SECRET: "abc_DEF-123",
      PORT: "3000",
      UNANSWERED_LOG_DAYS: "30",
      RATE_LIMIT_PER_MINUTE: "0",
      ADMIN_IDS: "12345, 678",
    });
    expect(config.webhook).toEqual({
      url: "https://bot.example.org/telegram/hook",
      secret: "abc_DEF-123",
      port: 3000,
    });
    expect(config.unansweredLogDays).toBe(30);
    expect(config.rateLimitPerMinute).toBe(0);
    expect(config.adminIds).toEqual([12345, 678]);
  });

  it("names the bad variable in one sentence", () => {
    expect(() => createConfig({ UNANSWERED_LOG_DAYS: "-1" })).toThrow(
      new ConfigError("UNANSWERED_LOG_DAYS must be 0 (off) or more"),
    );
    expect(() => createConfig({ UNANSWERED_LOG_DAYS: "zwei" })).toThrow(
      /UNANSWERED_LOG_DAYS must be a whole number/,
    );
    expect(() => createConfig({ RATE_LIMIT_PER_MINUTE: "1.5" })).toThrow(
      /RATE_LIMIT_PER_MINUTE must be a whole number/,
    );
    expect(() => createConfig({ WEBHOOK_URL: "https://x.example/hook" })).toThrow(/WEBHOOK_SECRET is not/);
  });
});
