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
  private readonly topics = new Map<number, { id: string; at: number }>();

  constructor(private readonly clock: Clock) {}

  remember(chatId: number, id: string): void {
    // Re-inserted, so that the map's order is the order of last use.
    this.topics.delete(chatId);
    this.topics.set(chatId, { id, at: this.clock().getTime() });
    if (this.topics.size > maxChats) {
      const oldest = this.topics.keys().next().value;
      if (oldest !== undefined) this.topics.delete(oldest);
    }
  }

  /** The chat's last topic while it is recent, else null. */
  recall(chatId: number): string | null {
    const topic = this.topics.get(chatId);
    if (!topic) return null;
    if (this.clock().getTime() - topic.at > followUpWindowMs) {
      this.topics.delete(chatId);
      return null;
    }
    return topic.id;
  }

  forget(chatId: number): void {
    this.topics.delete(chatId);
  }
}
