import type { ChatKind } from "../storage/store.js";

/** Telegram's per-chat limits: one message a second in a private chat, 20 a minute in a group. */
const chatInterval: Record<ChatKind, number> = { private: 1000, group: 3000 };

/**
 * Per-chat pacing inside one process. Why not @grammyjs/transformer-throttler: its limits live
 * in one process's memory, but the global limit must hold for all instances together, so the
 * global rate comes from slots reserved in the database (SendLimiter), and only the per-chat
 * pacing — which concerns at most a handful of messages per chat — is kept here.
 */
export class ChatPacer {
  private readonly next = new Map<number, number>();

  readyAt(chatId: number): number {
    return this.next.get(chatId) ?? 0;
  }

  book(chatId: number, kind: ChatKind, now: number): void {
    this.next.set(chatId, now + chatInterval[kind]);
    if (this.next.size > 10_000) {
      for (const [chat, at] of this.next) if (at < now) this.next.delete(chat);
    }
  }
}
