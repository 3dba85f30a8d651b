import { randomBytes } from "node:crypto";
import { type Api, GrammyError, HttpError } from "grammy";
import type { I18n } from "../i18n.js";
import type { Clock } from "../kernel/clock.js";
import type { Campaign } from "../knowledge/schema.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Claim, DeliveryKey, DueQuery, Store } from "../storage/store.js";
import { announcementMessage, reminderMessage } from "./messages.js";
import { campaignSlots, isNight, newDeadlinesCampaign, type ReminderSlot } from "./schedule.js";

import { Interruptible, realSleep, type Sleep } from "./sleep.js";

export type { Sleep } from "./sleep.js";

export interface ReminderWorkerOptions {
  store: Store;
  /** A Bot API client without auto-retry: the worker handles 429 and 5xx itself. */
  api: Api;
  /** The campaigns as the content says (read on every tick; a restart with new content adds one). */
  campaigns: () => Campaign[];
  i18n: I18n;
  logger: Logger;
  clock: Clock;
  sleep?: Sleep;
  /** Messages per second across all workers on the database (Telegram allows about 30). */
  rate?: number;
  /** A claim not sent within this time is a crashed worker's and may be taken over. */
  leaseMs?: number;
  /** Pause between looks for due reminders. */
  tickMs?: number;
  /** Attempts on 5xx and network errors before a delivery counts as failed. */
  maxAttempts?: number;
  workerId?: string;
  /** Prometheus counters for /metrics (optional: tests and benchmarks go without). */
  metrics?: Pick<Metrics, "remindersSent" | "remindersFailed" | "remindersSkipped">;
}

export interface WorkerCounts {
  sent: number;
  failed: number;
  skipped: number;
  deactivated: number;
  /** 429 answers received. */
  flood: number;
  retried: number;
}

/** Telegram's per-chat limits: one message a second in a private chat, 20 a minute in a group. */
const chatInterval = { private: 1000, group: 3000 } as const;
/** The database row all senders (reminders, broadcasts, all instances) take their send times from. */
export const globalLimiter = "telegram-global";
const lateToleranceMs = 50;

/**
 * Per-chat pacing inside one process. Why not @grammyjs/transformer-throttler: its limits live
 * in one process's memory, but the global limit must hold for all instances together, so the
 * global rate comes from slots reserved in the database (Store.reserveSendSlots), and only the
 * per-chat pacing — which concerns at most a handful of messages per chat — is kept here.
 */
class ChatPacer {
  private readonly next = new Map<number, number>();

  readyAt(claim: Claim): number {
    return this.next.get(claim.chatId) ?? 0;
  }

  book(claim: Claim, now: number): void {
    this.next.set(claim.chatId, now + chatInterval[claim.chatKind]);
    if (this.next.size > 10_000) {
      for (const [chat, at] of this.next) if (at < now) this.next.delete(chat);
    }
  }
}

type Outcome =
  | { kind: "sent" }
  | { kind: "gone"; reason: string }
  | { kind: "flood"; retryAfterMs: number }
  | { kind: "transient"; reason: string }
  | { kind: "failed"; reason: string };

/** What an error from sendMessage means for this subscriber. */
export function classify(error: unknown): Outcome {
  if (error instanceof GrammyError) {
    const code = error.error_code;
    const reason = `${code} ${error.description}`;
    if (code === 429) return { kind: "flood", retryAfterMs: (error.parameters.retry_after ?? 5) * 1000 };
    // Blocked, kicked, deactivated user, or a chat that no longer exists: never try again.
    if (code === 403) return { kind: "gone", reason };
    if (
      code === 400 &&
      /chat not found|user is deactivated|peer_id_invalid|group chat was deactivated/i.test(error.description)
    ) {
      return { kind: "gone", reason };
    }
    if (code >= 500) return { kind: "transient", reason };
    return { kind: "failed", reason };
  }
  if (error instanceof HttpError) return { kind: "transient", reason: "network error" };
  return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Sends due reminders and announcements in a loop of its own, apart from the handling of
 * incoming updates. Exactly-once per (chat, campaign, reminder) rests on the database: a
 * delivery is claimed (unique key) before it is sent, marked "sending" right before the request
 * and "sent" after it. A claim left by a crashed worker is taken over after the lease; a send
 * interrupted mid-request is counted failed rather than risked twice.
 */
export class ReminderWorker {
  readonly id: string;
  readonly counts: WorkerCounts = { sent: 0, failed: 0, skipped: 0, deactivated: 0, flood: 0, retried: 0 };
  private readonly store: Store;
  private readonly api: Api;
  private readonly sleepFn: Sleep;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  private readonly maxAttempts: number;
  private readonly pacer = new ChatPacer();
  private readonly held = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly closedSlots = new Set<string>();
  private stopping = false;
  private readonly sleeper: Interruptible;
  private loop: Promise<void> | undefined;
  /** Wakes the claim loop when a send has finished (cheaper than Promise.race over all tasks). */
  private freed: (() => void) | undefined;

  constructor(private readonly options: ReminderWorkerOptions) {
    this.store = options.store;
    this.api = options.api;
    this.clock = options.clock;
    this.sleepFn = options.sleep ?? realSleep;
    this.log = options.logger.child({ component: "reminders" });
    const rate = options.rate ?? 25;
    this.intervalMs = 1000 / rate;
    // Claim about a second of work at a time: little is left claimed by a crash, and several
    // instances share the work.
    this.batch = Math.max(1, Math.ceil(rate));
    this.leaseMs = options.leaseMs ?? 120_000;
    this.tickMs = options.tickMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.id = options.workerId ?? `w-${randomBytes(4).toString("hex")}`;
    this.sleeper = new Interruptible(this.sleepFn);
  }

  private now(): number {
    return this.clock().getTime();
  }

  /** Sleeps until a moment (or until stop). */
  private async until(at: number): Promise<void> {
    const ms = at - this.now();
    await this.sleeper.sleep(ms);
  }

  /** Runs the loop until stop(); errors are logged and the next tick tries again. */
  start(): void {
    if (this.loop) return;
    this.loop = (async () => {
      while (!this.stopping) {
        try {
          await this.runOnce();
        } catch (error) {
          this.log.error({ err: error }, "reminder tick failed");
        }
        await this.until(this.now() + this.tickMs);
      }
    })();
  }

  /** Stops claiming, lets requests already on the way finish, and hands back what was not sent. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.interrupt();
    await this.loop;
    await this.drain();
  }

  /** One look at every campaign: skip closed windows, send what is due now. Resolves when sent. */
  async runOnce(): Promise<void> {
    const now = this.clock();
    const interrupted = await this.store.failInterrupted(new Date(now.getTime() - this.leaseMs), now);
    if (interrupted > 0) this.log.warn({ interrupted }, "sends interrupted by a crash counted as failed");
    for (const campaign of this.options.campaigns()) {
      for (const slot of campaignSlots(campaign, now)) {
        if (this.stopping) break;
        const query = dueQuery(slot);
        if (slot.windowEnd <= now) {
          const id = `${campaign.id}/${slot.key}/${slot.windowEnd.getTime()}`;
          if (this.closedSlots.has(id)) continue;
          const skipped = await this.store.skipStale(query, now);
          this.closedSlots.add(id);
          if (skipped > 0) {
            this.count("skipped", skipped);
            this.log.info({ campaign: campaign.id, reminder: slot.key, skipped }, "window passed, skipped");
          }
          continue;
        }
        if (slot.dueAt <= now) await this.deliver(slot, query);
      }
    }
    await this.drain();
  }

  private open(slot: ReminderSlot): boolean {
    const now = this.clock();
    return !this.stopping && now < slot.windowEnd && !isNight(now);
  }

  private async deliver(slot: ReminderSlot, query: DueQuery): Promise<void> {
    if (!this.open(slot)) return;
    const recovered = await this.store.recoverClaims(
      slot.campaign.id,
      slot.key,
      new Date(this.now() - this.leaseMs),
      this.id,
      this.clock(),
    );
    const mine = recovered.filter((claim) => !this.held.has(keyOf(claim)));
    if (mine.length > 0)
      this.log.info({ recovered: mine.length, reminder: slot.key }, "took over stale claims");
    await this.enqueue(slot, mine);
    while (this.open(slot)) {
      // Keep about one batch waiting for its send slots, no more: claims stay fresh and few.
      while (this.tasks.size >= this.batch) await new Promise<void>((resolve) => (this.freed = resolve));
      if (!this.open(slot)) break;
      const claims = await this.store.claimDue(query, this.batch, this.id, this.clock());
      if (claims.length === 0) break;
      await this.enqueue(slot, claims);
    }
  }

  private async enqueue(slot: ReminderSlot, claims: Claim[]): Promise<void> {
    if (claims.length === 0) return;
    if (slot.kind === "announce") {
      // Whoever is told about the campaign is from now on subscribed to its reminders.
      for (const claim of claims) {
        await this.store.subscribe(
          {
            chatId: claim.chatId,
            campaignId: slot.campaign.id,
            language: claim.language,
            chatKind: claim.chatKind,
            mode: "all",
          },
          this.clock(),
        );
      }
    }
    const first = await this.store.reserveSendSlots(
      globalLimiter,
      claims.length,
      this.intervalMs,
      this.now(),
    );
    claims.forEach((claim, index) => {
      const key = keyOf(claim);
      this.held.add(key);
      const task = this.send(slot, claim, first + index * this.intervalMs)
        .catch((error) => this.log.error({ err: error, chat: claim.chatId }, "reminder send crashed"))
        .finally(() => {
          this.held.delete(key);
          this.tasks.delete(task);
          this.freed?.();
        });
      this.tasks.add(task);
    });
  }

  private async send(slot: ReminderSlot, claim: Claim, slotAt: number): Promise<void> {
    let at = slotAt;
    let late = false;
    for (let attempt = 1; ; attempt++) {
      // A chat that had a message less than its interval ago waits, on a fresh global slot.
      const chatReady = this.pacer.readyAt(claim);
      if (chatReady > at)
        at = await this.store.reserveSendSlots(globalLimiter, 1, this.intervalMs, chatReady);
      await this.until(at);
      // Woken late (a GC pause, a slow disk): sending now would burst above the rate together
      // with everything else that is late, so take a fresh slot instead (once; then go).
      if (!late && this.now() - at > lateToleranceMs) {
        late = true;
        at = await this.store.reserveSendSlots(globalLimiter, 1, this.intervalMs, this.now());
        await this.until(at);
      }
      if (!this.open(slot)) {
        // Stopping, night or the window has closed: hand it back; a later tick sends or skips it.
        await this.store.releaseClaim(claim, this.id, new Date(0));
        return;
      }
      const now = this.clock();
      if (!(await this.store.markSending(claim, this.id, now))) return;
      this.pacer.book(claim, now.getTime());
      const message =
        slot.kind === "announce"
          ? announcementMessage(slot.campaign, claim.language, now, this.options.i18n)
          : reminderMessage(slot.campaign, claim.language, now, this.options.i18n);
      let outcome: Outcome;
      try {
        await this.api.sendMessage(claim.chatId, message.text, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          reply_markup: message.keyboard,
        });
        outcome = { kind: "sent" };
      } catch (error) {
        outcome = classify(error);
      }
      const log = { chat: claim.chatId, campaign: claim.campaignId, reminder: claim.reminder };
      switch (outcome.kind) {
        case "sent":
          await this.store.finishDelivery(claim, "sent", this.clock());
          this.count("sent");
          return;
        case "gone":
          await this.store.finishDelivery(claim, "failed", this.clock(), outcome.reason);
          await this.store.deactivateChat(claim.chatId, this.clock());
          this.count("failed");
          this.counts.deactivated++;
          this.log.info({ ...log, reason: outcome.reason }, "chat unreachable, subscriber deactivated");
          return;
        case "flood": {
          // Telegram says "too many": every worker on this database waits as long as it asks.
          this.counts.flood++;
          await this.store.releaseClaim(claim, this.id, this.clock());
          const until = this.now() + outcome.retryAfterMs;
          await this.store.holdSendSlots(globalLimiter, until);
          this.log.warn({ ...log, retryAfterMs: outcome.retryAfterMs }, "429 from Telegram, holding sends");
          at = await this.store.reserveSendSlots(globalLimiter, 1, this.intervalMs, until);
          attempt--;
          continue;
        }
        case "transient":
          if (attempt < this.maxAttempts) {
            this.counts.retried++;
            await this.store.releaseClaim(claim, this.id, this.clock());
            // 1 s, 2 s, 4 s, …
            at = await this.store.reserveSendSlots(
              globalLimiter,
              1,
              this.intervalMs,
              this.now() + 1000 * 2 ** (attempt - 1),
            );
            continue;
          }
          await this.store.finishDelivery(claim, "failed", this.clock(), outcome.reason);
          this.count("failed");
          this.log.warn({ ...log, reason: outcome.reason }, "reminder failed after retries");
          return;
        case "failed":
          await this.store.finishDelivery(claim, "failed", this.clock(), outcome.reason);
          this.count("failed");
          this.log.warn({ ...log, reason: outcome.reason }, "reminder failed");
          return;
      }
    }
  }

  private count(outcome: "sent" | "failed" | "skipped", n = 1): void {
    this.counts[outcome] += n;
    const counter = {
      sent: "remindersSent",
      failed: "remindersFailed",
      skipped: "remindersSkipped",
    } as const;
    this.options.metrics?.[counter[outcome]].inc(n);
  }

  private async drain(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }
}

function keyOf(key: DeliveryKey): string {
  return `${key.chatId}/${key.campaignId}/${key.reminder}`;
}

function dueQuery(slot: ReminderSlot): DueQuery {
  const announce = slot.kind === "announce";
  return {
    campaignId: slot.campaign.id,
    reminder: slot.key,
    audience: announce ? newDeadlinesCampaign : slot.campaign.id,
    subscribedBy: slot.dueAt,
    includeLastOnly: announce || slot.last,
    unlessSubscribed: announce,
  };
}
