import { type Logger, pino } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/**
 * JSON lines in production, readable lines in development. Only ids and metadata are logged:
 * message texts and names never reach a logger (handlers pass ids, the update logger passes
 * the update id and type).
 */
export function createLogger(config: Pick<Config, "logLevel" | "production">): Logger {
  return pino({
    level: config.logLevel,
    base: undefined,
    ...(config.production
      ? {}
      : {
          transport: {
            target: "pino-pretty",
            options: { colorize: true, destination: 2, ignore: "pid,hostname" },
          },
        }),
  });
}
