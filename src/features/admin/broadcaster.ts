import type { Broadcaster, BroadcastMessage } from "../../bot/context.js";
import { type Job, type Recipient, Sender, type SenderOptions, unrecorded } from "../../delivery/sender.js";
import type { Logger } from "../../logger.js";
import type { Store } from "../../storage/store.js";

export interface BroadcastCounts {
  sent: number;
  failed: number;
  deactivated: number;
}

/**
 * An admin's /broadcast to every reminder subscriber, through the same delivery sender as the
 * reminders (src/delivery/): the same send rate shared by all instances, 429 waits, retries, and
 * deactivation of chats that blocked the bot. Each chat gets one message.
 *
 * Unlike reminders, a broadcast is not written to the delivery log (its ledger is `unrecorded`):
 * it is a one-off, started by a person who watches it, and a crash midway leaves the rest unsent
 * rather than risking repeats. Recording it needs only a ledger over the delivery log.
 */
export class ReminderBroadcaster implements Broadcaster {
  readonly counts: BroadcastCounts = { sent: 0, failed: 0, deactivated: 0 };
  private readonly sender: Sender;
  private readonly log: Logger;
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly options: Omit<SenderOptions, "store"> & { store: Store }) {
    this.log = options.logger.child({ component: "broadcast" });
    this.sender = new Sender({ ...options, logger: this.log });
  }

  /** Starts delivery in the background and says how many chats will get the message. */
  async broadcast(message: BroadcastMessage): Promise<number> {
    const chats = await this.options.store.activeChats();
    const delivery = this.deliver(chats, message).catch((error) =>
      this.log.error({ err: error }, "broadcast stopped by an error"),
    );
    this.running.add(delivery);
    void delivery.finally(() => this.running.delete(delivery));
    return chats.length;
  }

  /** Stops after the messages already on their way (a wait for a send time is cut short). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sender.stop();
    await Promise.all([...this.running]);
  }

  /** Resolves when every broadcast started so far is delivered (for tests and shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async deliver(chats: Recipient[], message: BroadcastMessage): Promise<void> {
    const job: Job<Recipient> = {
      ledger: unrecorded,
      // As the admin typed it: plain text with Telegram's entities, never parsed as HTML.
      render: () => ({
        text: message.text,
        options: { entities: message.entities ?? [], link_preview_options: { is_disabled: true } },
      }),
    };
    let done = 0;
    for (const chat of chats) {
      if (this.stopping) break;
      const result = await this.sender.deliver(chat, job);
      if (result.kind === "sent") this.counts.sent++;
      if (result.kind === "failed" || result.kind === "gone") {
        this.counts.failed++;
        if (result.kind === "gone") this.counts.deactivated++;
        this.log.warn({ chat: chat.chatId, reason: result.reason }, "broadcast failed");
      }
      done++;
    }
    this.log.info({ recipients: chats.length, done, ...this.counts }, "broadcast finished");
  }
}
