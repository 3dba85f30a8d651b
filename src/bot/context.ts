import type { Context } from "grammy";
import type { I18n, Translate } from "../i18n.js";
import type { Clock } from "../knowledge/deadline.js";
import type { KnowledgeBase } from "../knowledge/loader.js";
import type { Lang } from "../knowledge/schema.js";
import type { Logger } from "../logger.js";
import type { Store } from "../storage/store.js";

/** What the bot is built from; main.ts wires the real parts, tests wire test parts. */
export interface BotDeps {
  knowledge: KnowledgeBase;
  store: Store;
  i18n: I18n;
  logger: Logger;
  clock: Clock;
  /** Telegram user ids of operators (ADMIN_IDS): /stats. */
  adminIds?: readonly number[];
}

export type BotContext = Context & {
  deps: BotDeps;
  /** Logger carrying this update's id. */
  log: Logger;
  lang: Lang;
  t: Translate;
};
