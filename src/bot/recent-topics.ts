import type { Clock } from "../kernel/clock.js";

/** How long an answer stays the topic that short follow-ups refer to. */
export const followUpWindowMs = 10 * 60_000;
/** Chats remembered at once; the oldest is forgotten first. */
const maxChats = 10_000;

/**
 * The topic (entry id) each chat was last answered about, so that "und bei insta?" or "wie geht
 * das?" can be read as a follow-up. Kept in memory only, on purpose: it is a conversation's short
 * context, not data about a person — nothing is written to the database, a restart forgets it,
 * and after 10 minutes it no longer counts. With several instances behind one webhook a follow-up
 * that reaches another instance is simply matched on its own.
 */
export class RecentTopics {
  private readonly topics = new Map<number, { id: string; alternatives: string[]; at: number }>();

  constructor(private readonly clock: Clock) {}

  /** `alternatives`: the matcher's runner-ups for the question, offered if the answer did not help. */
  remember(chatId: number, id: string, alternatives: string[] = []): void {
    // Re-inserted, so that the map's order is the order of last use.
    this.topics.delete(chatId);
    this.topics.set(chatId, { id, alternatives, at: this.clock().getTime() });
    if (this.topics.size > maxChats) {
      const oldest = this.topics.keys().next().value;
      if (oldest !== undefined) this.topics.delete(oldest);
    }
  }

  /** The chat's last topic while it is recent, else null. */
  recall(chatId: number): string | null {
    return this.recent(chatId)?.id ?? null;
  }

  /** The runner-ups of the question that `id` answered in this chat, while recent. */
  alternatives(chatId: number, id: string): string[] {
    const topic = this.recent(chatId);
    return topic?.id === id ? topic.alternatives : [];
  }

  private recent(chatId: number) {
    const topic = this.topics.get(chatId);
    if (!topic) return undefined;
    if (this.clock().getTime() - topic.at > followUpWindowMs) {
      this.topics.delete(chatId);
      return undefined;
    }
    return topic;
  }

  forget(chatId: number): void {
    this.topics.delete(chatId);
  }
}
