import type { Api } from "grammy";
import type { Broadcaster, BroadcastMessage } from "../bot/context.js";
import type { Clock } from "../kernel/clock.js";
import type { Logger } from "../logger.js";
import type { Store } from "../storage/store.js";
import { Interruptible, type Sleep } from "./sleep.js";
import { classify, globalLimiter } from "./worker.js";

export interface BroadcastCounts {
  sent: number;
  failed: number;
  deactivated: number;
}

/**
 * An admin's /broadcast to every reminder subscriber, through the reminder sender's limits: each
 * message takes a send time from the same database row as the reminders (so all instances and
 * both kinds of message share Telegram's global limit), a 429 holds everyone back as long as
 * Telegram asks, 5xx and network errors are retried, and blocked or vanished chats are
 * deactivated like after a reminder. Each chat gets one message, so per-chat limits cannot be hit.
 *
 * Unlike reminders, a broadcast is not written to the delivery log: it is a one-off, started by a
 * person who watches it, and a crash midway leaves the rest unsent rather than risking repeats.
 */
export class ReminderBroadcaster implements Broadcaster {
  readonly counts: BroadcastCounts = { sent: 0, failed: 0, deactivated: 0 };
  private readonly intervalMs: number;
  private readonly sleeper: Interruptible;
  private readonly log: Logger;
  private readonly running = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly options: {
      store: Store;
      api: Api;
      logger: Logger;
      clock: Clock;
      sleep?: Sleep;
      /** Messages per second, the same setting as the reminders (REMINDER_RATE). */
      rate?: number;
      maxAttempts?: number;
    },
  ) {
    this.intervalMs = 1000 / (options.rate ?? 25);
    this.sleeper = new Interruptible(options.sleep);
    this.log = options.logger.child({ component: "broadcast" });
  }

  /** Starts delivery in the background and says how many chats will get the message. */
  async broadcast(message: BroadcastMessage): Promise<number> {
    const chats = await this.options.store.activeChats();
    const delivery = this.deliver(
      chats.map((c) => c.chatId),
      message,
    ).catch((error) => this.log.error({ err: error }, "broadcast stopped by an error"));
    this.running.add(delivery);
    void delivery.finally(() => this.running.delete(delivery));
    return chats.length;
  }

  /** Stops after the messages already on their way (a wait for a send time is cut short). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.interrupt();
    await Promise.all([...this.running]);
  }

  /** Resolves when every broadcast started so far is delivered (for tests and shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async deliver(chatIds: number[], message: BroadcastMessage): Promise<void> {
    let done = 0;
    for (const chatId of chatIds) {
      if (this.stopping) break;
      await this.sendOne(chatId, message);
      done++;
    }
    this.log.info({ recipients: chatIds.length, done, ...this.counts }, "broadcast finished");
  }

  private now(): number {
    return this.options.clock().getTime();
  }

  private async sendOne(chatId: number, message: BroadcastMessage): Promise<void> {
    const { store, api } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 4;
    let notBefore = this.now();
    for (let attempt = 1; ; attempt++) {
      const at = await store.reserveSendSlots(globalLimiter, 1, this.intervalMs, notBefore);
      await this.sleeper.sleep(at - this.now());
      if (this.stopping) return;
      try {
        await api.sendMessage(chatId, message.text, {
          ...(message.entities ? { entities: message.entities } : {}),
          link_preview_options: { is_disabled: true },
        });
        this.counts.sent++;
        return;
      } catch (error) {
        const outcome = classify(error);
        if (outcome.kind === "flood") {
          notBefore = this.now() + outcome.retryAfterMs;
          await store.holdSendSlots(globalLimiter, notBefore);
          attempt--;
          continue;
        }
        if (outcome.kind === "transient" && attempt < maxAttempts) {
          notBefore = this.now() + 1000 * 2 ** (attempt - 1);
          continue;
        }
        this.counts.failed++;
        if (outcome.kind === "gone") {
          await store.deactivateChat(chatId, this.options.clock());
          this.counts.deactivated++;
        }
        this.log.warn(
          { chat: chatId, reason: "reason" in outcome ? outcome.reason : outcome.kind },
          "broadcast failed",
        );
        return;
      }
    }
  }
}
