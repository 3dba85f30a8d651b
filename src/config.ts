import { z } from "zod";
import { bundledKnowledgeDir } from "./paths.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Telegram's limit for messages to many chats (bulk notifications), per second, all instances together. */
export const maxBulkRate = 30;

const schema = z.object({
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{30,}$/, "BOT_TOKEN does not look like a bot token (digits, a colon, then the secret)")
    .optional(),
  BOT_API_ROOT: z
    .string()
    .url("BOT_API_ROOT must be a URL such as https://api.telegram.org")
    .default("https://api.telegram.org"),
  DATABASE_URL: z
    .string()
    .regex(
      /^(postgres(ql)?:\/\/|sqlite:|file:|\.{0,2}\/|[\w-])/,
      "DATABASE_URL must be postgres://… or a SQLite file path",
    )
    .default("./data/widerspruch-bot.sqlite"),
  KNOWLEDGE_DIR: z.string().min(1).default(bundledKnowledgeDir),
  WEBHOOK_URL: z.string().url("WEBHOOK_URL must be the full https:// address Telegram posts to").optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,256}$/,
      "WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and - (1 to 256 characters)",
    )
    .optional(),
  PORT: z.coerce
    .number({ message: "PORT must be a port number (1-65535)" })
    .int("PORT must be a port number (1-65535)")
    .min(1, "PORT must be a port number (1-65535)")
    .max(65535, "PORT must be a port number (1-65535)")
    .default(8080),
  ADMIN_IDS: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const ids = value.split(/[\s,]+/).filter(Boolean);
      const bad = ids.find((id) => !/^-?\d+$/.test(id));
      if (bad) {
        ctx.addIssue({
          code: "custom",
          message: `ADMIN_IDS must be numeric Telegram user ids, got "${bad}"`,
        });
        return z.NEVER;
      }
      return ids.map(Number);
    }),
  UNANSWERED_LOG_DAYS: z.coerce
    .number({ message: "UNANSWERED_LOG_DAYS must be a whole number of days (0 = off)" })
    .int("UNANSWERED_LOG_DAYS must be a whole number of days (0 = off)")
    .min(0, "UNANSWERED_LOG_DAYS must be 0 (off) or more")
    .max(365, "UNANSWERED_LOG_DAYS may be at most 365")
    .default(0),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: "RATE_LIMIT_PER_MINUTE must be a whole number (0 = no limit)" })
    .int("RATE_LIMIT_PER_MINUTE must be a whole number (0 = no limit)")
    .min(0, "RATE_LIMIT_PER_MINUTE must be 0 (no limit) or more")
    .default(20),
  REMINDER_RATE: z.coerce
    .number({ message: "REMINDER_RATE must be a number of messages per second, e.g. 25" })
    .positive("REMINDER_RATE must be a number of messages per second above 0, e.g. 25")
    .max(
      maxBulkRate,
      `REMINDER_RATE may be at most ${maxBulkRate}: Telegram allows no more messages a second to many chats (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this)`,
    )
    .default(25),
  REMINDER_LEASE_SECONDS: z.coerce
    .number({ message: "REMINDER_LEASE_SECONDS must be a number of seconds, e.g. 120" })
    .int()
    .min(1, "REMINDER_LEASE_SECONDS must be at least 1")
    .default(120),
  LOG_LEVEL: z
    .enum(logLevels, { message: `LOG_LEVEL must be one of ${logLevels.join(", ")}` })
    .default("info"),
  NODE_ENV: z.string().default("development"),
});

export interface Config {
  botToken: string | undefined;
  apiRoot: string;
  databaseUrl: string;
  knowledgeDir: string;
  webhook: { url: string; secret: string } | undefined;
  port: number;
  adminIds: number[];
  /** Days to keep unanswered questions (no ids); 0 = not recorded at all. */
  unansweredLogDays: number;
  /** Updates per user and minute before the flood note; 0 = no limit. */
  rateLimitPerMinute: number;
  /** Reminder and broadcast messages per second, across all instances on one database (at most 30). */
  reminderRate: number;
  /** After this long, a claimed but unsent reminder of a crashed instance is taken over. */
  reminderLeaseMs: number;
  logLevel: (typeof logLevels)[number];
  production: boolean;
}

/** Environment → typed config. Pure: tests pass their own object. One clear error per bad value. */
export function createConfig(env: Record<string, string | undefined>): Config {
  // Empty variables count as unset, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => issue.message).join("\n"));
  }
  const e = result.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) {
    throw new ConfigError(
      "WEBHOOK_URL is set but WEBHOOK_SECRET is not: set a random secret so that only Telegram can post updates.",
    );
  }
  return {
    botToken: e.BOT_TOKEN,
    apiRoot: e.BOT_API_ROOT.replace(/\/+$/, ""),
    databaseUrl: e.DATABASE_URL,
    knowledgeDir: e.KNOWLEDGE_DIR,
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
    port: e.PORT,
    adminIds: e.ADMIN_IDS,
    unansweredLogDays: e.UNANSWERED_LOG_DAYS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    reminderRate: e.REMINDER_RATE,
    reminderLeaseMs: e.REMINDER_LEASE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === "production",
  };
}

/** The token, or the one sentence that tells a newcomer how to get one. */
export function requireToken(config: Config): string {
  if (!config.botToken) {
    throw new ConfigError(
      "BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot), then start with BOT_TOKEN=<token> npm start — or try the bot offline without a token: npm run chat",
    );
  }
  return config.botToken;
}
