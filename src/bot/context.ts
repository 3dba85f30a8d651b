import type { Context } from "grammy";
import type { MessageEntity } from "grammy/types";
import type { I18n, Translate } from "../i18n.js";
import type { Clock } from "../kernel/clock.js";
import type { Lang } from "../kernel/lang.js";
import type { KnowledgeBase } from "../knowledge/loader.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { ChatKind, Store } from "../storage/store.js";
import type { GroupServices } from "./group-services.js";
import type { RecentTopics } from "./recent-topics.js";

/** What the bot is built from; main.ts wires the real parts, tests wire test parts (test/helpers/bot.ts). */
export interface BotDeps {
  knowledge: KnowledgeBase;
  store: Store;
  i18n: I18n;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  /** Telegram user ids allowed to use the operator commands (ADMIN_IDS). */
  adminIds: readonly number[];
  /** Delivers an admin's /broadcast to all reminder subscribers. */
  broadcaster: Broadcaster;
  /** Keep unanswered questions (normalised, no ids) for this many days; 0 = off. */
  unansweredLogDays: number;
  /** Per-user flood limit: at most `limit` updates per `windowMs`; limit 0 = no limit. */
  rateLimit: { limit: number; windowMs: number };
}

/** A message as Telegram describes it: plain text plus formatting entities. */
export interface BroadcastMessage {
  text: string;
  entities?: MessageEntity[];
}

/** Hands a broadcast to a sender that applies the shared rate limits (features/admin/broadcaster.ts). */
export interface Broadcaster {
  /**
   * Records the message for every reminder subscriber and starts sending it; resolves to the
   * broadcast's number and how many will get it, or to null where nothing can be sent (offline
   * tools: `noBroadcaster`).
   */
  broadcast(message: BroadcastMessage): Promise<{ id: number; recipients: number } | null>;
}

/** For bots that send nothing on their own (npm run chat, tests): a broadcast is refused. */
export const noBroadcaster: Broadcaster = { broadcast: async () => null };

export type BotContext = Context & {
  deps: BotDeps;
  /** Per-bot state for groups: reply budget and admin cache (made by createBot). */
  groups: GroupServices;
  /** Which feature answers which bot intent (made by createBot from the features). */
  intents: Intents;
  /** The topic each chat was last answered about, for short follow-ups (made by createBot). */
  recentTopics: RecentTopics;
  /** Logger carrying this update's id. */
  log: Logger;
  lang: Lang;
  t: Translate;
};

export const isGroupChat = (ctx: Pick<Context, "chat">): boolean =>
  ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";

export function chatKind(ctx: Pick<Context, "chat">): ChatKind {
  return ctx.chat?.type === "private" ? "private" : "group";
}

/** How one feature answers one of the bot's own intents (ids from the content's intents.yaml). */
export interface IntentAnswer {
  /** The interface string that says in short what the answer is (`npm run ask` prints it). */
  summary: string;
  reply(ctx: BotContext): Promise<void>;
  /** "group": answers the intent in groups only, in place of the general answer there. */
  chats?: "group";
}

/** The intents the features answer (feature.ts, IntentRegistry). */
export interface Intents {
  /** The answer to an intent in this chat, or undefined when no feature answers it. */
  find(ctx: BotContext, id: string): IntentAnswer | undefined;
  /** The short interface string for an intent, wherever it is asked. */
  summary(id: string): string | undefined;
}
