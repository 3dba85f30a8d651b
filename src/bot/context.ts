import type { Context } from "grammy";
import type { MessageEntity } from "grammy/types";
import type { I18n, Translate } from "../i18n.js";
import type { Clock } from "../kernel/clock.js";
import type { Lang } from "../kernel/lang.js";
import type { KnowledgeBase } from "../knowledge/loader.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Store } from "../storage/store.js";
import type { GroupServices } from "./group-services.js";

/** What the bot is built from; main.ts wires the real parts, tests wire test parts. */
export interface BotDeps {
  knowledge: KnowledgeBase;
  store: Store;
  i18n: I18n;
  logger: Logger;
  clock: Clock;
  /** Group reply budget and admin cache; createBot makes them when not given. */
  groups?: GroupServices;
  /** Prometheus series; absent in CLIs and most tests. */
  metrics?: Metrics;
  /** Telegram user ids allowed to use the admin commands (ADMIN_IDS). */
  adminIds?: readonly number[];
  /** Delivers an admin's /broadcast to all reminder subscribers; absent until a sender exists. */
  broadcaster?: Broadcaster;
  /** Keep unanswered questions (normalised, no ids) for this many days; 0 or absent = off. */
  unansweredLogDays?: number;
  /** Per-user flood limit: at most `limit` updates per `windowMs`; absent = no limit. */
  rateLimit?: { limit: number; windowMs: number };
}

/** A message as Telegram describes it: plain text plus formatting entities. */
export interface BroadcastMessage {
  text: string;
  entities?: MessageEntity[];
}

/** Hands a broadcast to the reminder sender (which applies its own rate limits). */
export interface Broadcaster {
  /** Queues the message for every reminder subscriber; resolves to how many will get it. */
  broadcast(message: BroadcastMessage): Promise<number>;
}

export type BotContext = Context & {
  deps: BotDeps;
  /** Logger carrying this update's id. */
  log: Logger;
  lang: Lang;
  t: Translate;
};
