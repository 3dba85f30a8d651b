import type { Composer } from "grammy";
import { type BotContext, type IntentAnswer, type Intents, isGroupChat } from "./context.js";

export type { IntentAnswer } from "./context.js";

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
export class IntentRegistry implements Intents {
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

  find(ctx: BotContext, id: string): IntentAnswer | undefined {
    return (isGroupChat(ctx) ? this.groups.get(id) : undefined) ?? this.general.get(id);
  }

  summary(id: string): string | undefined {
    return this.general.get(id)?.summary;
  }
}
