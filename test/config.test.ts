import { describe, expect, it } from "vitest";
import { ConfigError, createConfig, requireToken } from "../src/config.js";

const token = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123456789";

describe("createConfig", () => {
  it("has working defaults", () => {
    const config = createConfig({});
    expect(config).toMatchObject({
      botToken: undefined,
      apiRoot: "https://api.telegram.org",
      databaseUrl: "./data/widerspruch-bot.sqlite",
      webhook: undefined,
      adminIds: [],
      logLevel: "info",
      production: false,
    });
    expect(config.knowledgeDir).toMatch(/src\/knowledge\/content$/);
  });

  it("reads every variable", () => {
    const config = createConfig({
      BOT_TOKEN: token,
      BOT_API_ROOT: "http://127.0.0.1:8081/",
      DATABASE_URL: "postgres://postgres@127.0.0.1/test",
      KNOWLEDGE_DIR: "/srv/content",
      WEBHOOK_URL: "https://bot.example.org/telegram",
      WEBHOOK_SECRET: "s3cret_token-1",
      PORT: "3000",
      ADMIN_IDS: "11, 22,33",
      LOG_LEVEL: "debug",
      NODE_ENV: "production",
    });
    expect(config).toMatchObject({
      botToken: token,
      apiRoot: "http://127.0.0.1:8081",
      databaseUrl: "postgres://postgres@127.0.0.1/test",
      knowledgeDir: "/srv/content",
      webhook: { url: "https://bot.example.org/telegram", secret: "s3cret_token-1" },
      port: 3000,
      adminIds: [11, 22, 33],
      logLevel: "debug",
      production: true,
    });
  });

  it("gives one clear sentence per bad value", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ BOT_TOKEN: "nope" }, /BOT_TOKEN does not look like a bot token/],
      [{ BOT_API_ROOT: "not a url" }, /BOT_API_ROOT must be a URL/],
      [{ PORT: "70000" }, /PORT/],
      [{ ADMIN_IDS: "12,abc" }, /ADMIN_IDS must be numeric Telegram user ids, got "abc"/],
      [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
      [{ WEBHOOK_URL: "https://bot.example.org/hook" }, /WEBHOOK_SECRET is not/],
      [{ WEBHOOK_URL: "https://x.org/h", WEBHOOK_SECRET: "has spaces" }, /WEBHOOK_SECRET may use only/],
    ];
    for (const [env, message] of cases) {
      expect(() => createConfig(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => createConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });

  it("treats empty variables as unset", () => {
    expect(createConfig({ BOT_TOKEN: "", LOG_LEVEL: "" })).toMatchObject({
      botToken: undefined,
      logLevel: "info",
    });
  });

  it("explains how to get a token when it is missing", () => {
    expect(() => requireToken(createConfig({}))).toThrow(/@BotFather.*npm run chat/);
    expect(requireToken(createConfig({ BOT_TOKEN: token }))).toBe(token);
  });
});

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
    });
    expect(config.port).toBe(3000);
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
