import type { Composer } from "grammy";
import { type BotContext, isGroupChat } from "./context.js";

/** How one feature answers one of the bot's own intents (ids from the content's intents.yaml). */
export interface IntentAnswer {
  /** The interface string that says in short what the answer is (`npm run ask` prints it). */
  summary: string;
  reply(ctx: BotContext): Promise<void>;
  /** "group": answers the intent in groups only, in place of the general answer there. */
  chats?: "group";
}

/**
 * One capability of the bot (src/features/<name>/): its handlers, and the intents it answers
 * when the matcher recognises them in a question.
 */
export interface Feature {
  readonly name: string;
  readonly composer: Composer<BotContext>;
  readonly intents?: Readonly<Record<string, IntentAnswer>>;
}

/** The intents the features registered: a question's intent goes to the feature that answers it. */
export class IntentRegistry {
  private readonly general = new Map<string, IntentAnswer>();
  private readonly groups = new Map<string, IntentAnswer>();

  constructor(features: readonly Feature[]) {
    for (const feature of features) {
      for (const [id, answer] of Object.entries(feature.intents ?? {})) {
        const map = answer.chats === "group" ? this.groups : this.general;
        if (map.has(id)) throw new Error(`intent "${id}" is answered twice (again by ${feature.name})`);
        map.set(id, answer);
      }
    }
  }

  /** The answer to an intent in this chat, or undefined when no feature answers it. */
  find(ctx: BotContext, id: string): IntentAnswer | undefined {
    return (isGroupChat(ctx) ? this.groups.get(id) : undefined) ?? this.general.get(id);
  }

  /** The short interface string for an intent, wherever it is asked. */
  summary(id: string): string | undefined {
    return this.general.get(id)?.summary;
  }
}
