import type { Api } from "grammy";
import type { Clock } from "../kernel/clock.js";
import type { Logger } from "../logger.js";
import type { ChatKind, SendLimiter, SubscriptionStore } from "../storage/store.js";
import { classify } from "./outcome.js";
import { ChatPacer } from "./pacer.js";
import { Interruptible, type Sleep } from "./sleep.js";

/** The database row every sender (reminders, broadcasts, all instances) takes its send times from. */
export const globalLimiter = "telegram-global";

/**
 * The configured rate is a ceiling that holds in every sliding second, not an average. Send slots
 * lie (1000 + spacingMarginMs) / rate apart, for all senders on the database together, and a
 * request never leaves more than lateToleranceMs after its slot: a sender woken late, or held up
 * by the database, waits for a fresh slot instead. So rate + 1 messages span at least
 * 1000 + spacingMarginMs - lateToleranceMs ms: 75 ms to spare for the requests' way to Telegram,
 * which varies too. The price is about 9 % of the rate (30/s configured: 27.3/s sent).
 */
const spacingMarginMs = 100;
const lateToleranceMs = 25;

/**
 * A lead time that follows the database's latency: twice the last round trip at once when it
 * grows, decaying slowly when it shrinks, within [min, max]. With a slow database every send
 * would otherwise come late and wait for a fresh slot that comes late again.
 */
class Lead {
  constructor(
    private ms: number,
    private readonly min: number,
    private readonly max: number,
  ) {}
  get value(): number {
    return this.ms;
  }
  observe(roundTripMs: number): void {
    this.ms = Math.min(this.max, Math.max(this.min, 2 * roundTripMs, this.ms * 0.9));
  }
}

export interface Recipient {
  chatId: number;
  chatKind: ChatKind;
}

/** A message as sendMessage takes it: the text and its options (format, buttons), opaque here. */
export interface Outgoing {
  text: string;
  options?: Parameters<Api["sendMessage"]>[2];
}

/**
 * Where the progress of each delivery is recorded, so that it is made at most once. Reminders
 * keep it in the delivery log (a claim per chat); a delivery without a record uses `unrecorded`.
 */
export interface Ledger<R> {
  /** Right before the request: false when the delivery is no longer this sender's to make. */
  begin(recipient: R, at: Date): Promise<boolean>;
  /** Not sent for now: to be retried later (`at` = now) or by anyone at once (`at` = new Date(0)). */
  release(recipient: R, at: Date): Promise<void>;
  /** Delivered, or failed for good. */
  finish(recipient: R, status: "sent" | "failed", at: Date, reason?: string): Promise<void>;
}

export const unrecorded: Ledger<unknown> = {
  begin: async () => true,
  release: async () => undefined,
  finish: async () => undefined,
};

/** One kind of message to many chats: how each is written and recorded. */
export interface Job<R extends Recipient> {
  /** Written right before each attempt, so that it says what is true at that moment. */
  render(recipient: R, now: Date): Outgoing;
  ledger: Ledger<R>;
  /** False when the message may not go out now (its window closed, quiet hours): handed back. */
  isOpen?(now: Date): boolean;
}

export type DeliveryResult = { floods: number; retries: number } & (
  | { kind: "sent" }
  | { kind: "failed"; reason: string }
  /** The chat blocked the bot or is gone; its subscriptions have been ended. */
  | { kind: "gone"; reason: string }
  /** Not sent: the sender stopped, the job closed, or another worker took the delivery over. */
  | { kind: "withheld" }
);

export interface SenderOptions {
  /** A Bot API client without auto-retry: the sender handles 429 and 5xx itself. */
  api: Api;
  store: SendLimiter & Pick<SubscriptionStore, "deactivateChat">;
  logger: Logger;
  clock: Clock;
  sleep?: Sleep;
  /** Most messages in any second, across all senders on the database (Telegram allows 30). */
  rate?: number;
  /** Attempts on 5xx and network errors before a delivery counts as failed. */
  maxAttempts?: number;
}

/**
 * Sends one message to one chat within Telegram's limits, for reminders and broadcasts alike:
 * each attempt takes a send time from the database row all senders share (so all instances
 * together never exceed REMINDER_RATE in any second), waits for it and for the chat's own pace;
 * a 429 holds every sender back as long as Telegram asks, 5xx and network errors are retried
 * after 1, 2, 4 s, and a chat that blocked the bot or vanished is deactivated. It knows nothing of
 * what it sends.
 */
export class Sender {
  readonly intervalMs: number;
  private readonly maxAttempts: number;
  private readonly sleeper: Interruptible;
  private readonly pacer = new ChatPacer();
  private readonly log: Logger;
  /** How long before its slot a delivery is marked "sending", so that the request leaves on time. */
  private readonly beginLead = new Lead(5, 5, 1000);
  /** How far ahead a fresh slot is asked for, so that it is not past when the answer comes. */
  private readonly slotLead = new Lead(50, 50, 2000);

  constructor(private readonly options: SenderOptions) {
    this.intervalMs = (1000 + spacingMarginMs) / (options.rate ?? 25);
    this.maxAttempts = options.maxAttempts ?? 4;
    this.sleeper = new Interruptible(options.sleep);
    this.log = options.logger;
  }

  private now(): number {
    return this.options.clock().getTime();
  }

  /** Reserves `count` consecutive send slots from `notBefore` on; returns the first one's time. */
  reserve(count: number, notBefore = this.now()): Promise<number> {
    return this.options.store.reserveSendSlots(globalLimiter, count, this.intervalMs, notBefore);
  }

  /** Waits until a moment, or until stop(). */
  async until(at: number): Promise<void> {
    await this.sleeper.sleep(at - this.now());
  }

  /** Ends every wait now: deliveries not yet on their way are handed back. */
  stop(): void {
    this.sleeper.interrupt();
  }

  get stopped(): boolean {
    return this.sleeper.isInterrupted;
  }

  /**
   * Waits for the slot, and if it comes too late (woken late, or held up by the database), for a
   * fresh one, as often as it takes; a missed slot stays unused. Returns the slot it went on.
   */
  private async onTime(at: number): Promise<number> {
    let slot = at;
    await this.until(slot);
    while (!this.stopped && this.now() - slot > lateToleranceMs) {
      const asked = this.now();
      slot = await this.reserve(1, asked + this.slotLead.value);
      this.slotLead.observe(this.now() - asked);
      await this.until(slot);
    }
    return slot;
  }

  /** Delivers one message; `slotAt` is a send time reserved beforehand (else one is taken). */
  async deliver<R extends Recipient>(recipient: R, job: Job<R>, slotAt?: number): Promise<DeliveryResult> {
    const { api, store, clock } = this.options;
    let at = slotAt ?? (await this.reserve(1));
    let floods = 0;
    let retries = 0;
    for (let attempt = 1; ; attempt++) {
      // A chat that had a message less than its interval ago waits, on a fresh global slot.
      const chatReady = this.pacer.readyAt(recipient.chatId);
      if (chatReady > at) at = await this.reserve(1, chatReady);
      // Just before the slot, the delivery is recorded as "sending" (from then on a crash counts
      // it failed rather than risking it twice), so that the request itself can leave on the slot.
      await this.until(at - this.beginLead.value);
      const now = clock();
      if (this.stopped || !(job.isOpen?.(now) ?? true)) {
        await job.ledger.release(recipient, new Date(0));
        return { kind: "withheld", floods, retries };
      }
      const began = this.now();
      if (!(await job.ledger.begin(recipient, now))) return { kind: "withheld", floods, retries };
      this.beginLead.observe(this.now() - began);
      // Sent late, this message could make more than the rate in one second together with
      // messages that are on time: it waits for a fresh slot instead (still recorded "sending").
      at = await this.onTime(at);
      const sendAt = clock();
      if (this.stopped || !(job.isOpen?.(sendAt) ?? true)) {
        await job.ledger.release(recipient, new Date(0));
        return { kind: "withheld", floods, retries };
      }
      this.pacer.book(recipient.chatId, recipient.chatKind, sendAt.getTime());
      const message = job.render(recipient, sendAt);
      try {
        await api.sendMessage(recipient.chatId, message.text, message.options);
        await job.ledger.finish(recipient, "sent", clock());
        return { kind: "sent", floods, retries };
      } catch (error) {
        const failure = classify(error);
        switch (failure.kind) {
          case "flood": {
            // Telegram says "too many": every sender on this database waits as long as it asks.
            floods++;
            await job.ledger.release(recipient, clock());
            const until = this.now() + failure.retryAfterMs;
            await store.holdSendSlots(globalLimiter, until);
            this.log.warn(
              { chat: recipient.chatId, retryAfterMs: failure.retryAfterMs },
              "429 from Telegram, holding sends",
            );
            at = await this.reserve(1, until);
            attempt--;
            continue;
          }
          case "transient":
            if (attempt < this.maxAttempts) {
              retries++;
              await job.ledger.release(recipient, clock());
              at = await this.reserve(1, this.now() + 1000 * 2 ** (attempt - 1));
              continue;
            }
            await job.ledger.finish(recipient, "failed", clock(), failure.reason);
            return { kind: "failed", reason: failure.reason, floods, retries };
          case "gone":
            await job.ledger.finish(recipient, "failed", clock(), failure.reason);
            await store.deactivateChat(recipient.chatId, clock());
            return { kind: "gone", reason: failure.reason, floods, retries };
          case "failed":
            await job.ledger.finish(recipient, "failed", clock(), failure.reason);
            return { kind: "failed", reason: failure.reason, floods, retries };
        }
      }
    }
  }
}
