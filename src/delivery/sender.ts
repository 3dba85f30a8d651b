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
 * message never leaves more than lateToleranceMs after its slot (a sender woken later takes a
 * fresh slot). So rate + 1 messages span at least 1000 + spacingMarginMs - lateToleranceMs ms:
 * 75 ms to spare for the requests' way to Telegram, which varies too. The price is about 9 % of
 * the rate (30/s configured: 27.3/s sent).
 */
const spacingMarginMs = 100;
const lateToleranceMs = 25;
/** A fresh slot after a late wake-up lies at least this far ahead, so that the reservation's own round trip cannot make it late again. */
const leadMs = 50;

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
 * together never exceed REMINDER_RATE in any second), waits for it and for the chat's own pace; a 429 holds every
 * sender back as long as Telegram asks, 5xx and network errors are retried after 1, 2, 4 s, and
 * a chat that blocked the bot or vanished is deactivated. It knows nothing of what it sends.
 */
export class Sender {
  readonly intervalMs: number;
  private readonly maxAttempts: number;
  private readonly sleeper: Interruptible;
  private readonly pacer = new ChatPacer();
  private readonly log: Logger;

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
      await this.until(at);
      // Woken late (a GC pause, a slow database, a busy machine): sent now, this message could
      // make more than the rate in one second together with messages that are on time. It takes
      // a fresh slot instead, as often as it takes; the slot it missed stays unused.
      while (!this.stopped && this.now() - at > lateToleranceMs) {
        at = await this.reserve(1, this.now() + leadMs);
        await this.until(at);
      }
      const now = clock();
      if (this.stopped || !(job.isOpen?.(now) ?? true)) {
        await job.ledger.release(recipient, new Date(0));
        return { kind: "withheld", floods, retries };
      }
      if (!(await job.ledger.begin(recipient, now))) return { kind: "withheld", floods, retries };
      this.pacer.book(recipient.chatId, recipient.chatKind, now.getTime());
      const message = job.render(recipient, now);
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
