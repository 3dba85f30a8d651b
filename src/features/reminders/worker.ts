import { randomBytes } from "node:crypto";
import type { Api } from "grammy";
import { type DeliveryResult, type Job, type Ledger, Sender } from "../../delivery/sender.js";
import { Interruptible, realSleep, type Sleep } from "../../delivery/sleep.js";
import type { I18n } from "../../i18n.js";
import type { Clock } from "../../kernel/clock.js";
import type { Campaign } from "../../knowledge/schema.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import {
  type Claim,
  type DeliveryKey,
  type DueQuery,
  newDeadlinesCampaign,
  type Store,
} from "../../storage/store.js";
import { announcementMessage, reminderMessage } from "./messages.js";
import { campaignSlots, isNight, type ReminderSlot } from "./schedule.js";

export interface ReminderWorkerOptions {
  store: Store;
  /** A Bot API client without auto-retry: the sender handles 429 and 5xx itself. */
  api: Api;
  /** The campaigns as the content says (read on every tick; a restart with new content adds one). */
  campaigns: () => Campaign[];
  i18n: I18n;
  logger: Logger;
  clock: Clock;
  sleep?: Sleep;
  /** Messages per second across all senders on the database (Telegram allows about 30). */
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

/**
 * Sends due reminders and announcements in a loop of its own, apart from the handling of
 * incoming updates, through the delivery sender (src/delivery/). Exactly-once per (chat,
 * campaign, reminder) rests on the delivery log: a delivery is claimed (unique key) before it
 * is sent, marked "sending" right before the request and "sent" after it. A claim left by a
 * crashed worker is taken over after the lease; a send interrupted mid-request is counted failed
 * rather than risked twice.
 */
export class ReminderWorker {
  readonly id: string;
  readonly counts: WorkerCounts = { sent: 0, failed: 0, skipped: 0, deactivated: 0, flood: 0, retried: 0 };
  private readonly store: Store;
  private readonly sender: Sender;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  /** The delivery log, as the sender records each delivery: this worker's claims. */
  private readonly ledger: Ledger<Claim>;
  private readonly held = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly closedSlots = new Set<string>();
  private stopping = false;
  private readonly ticks: Interruptible;
  private loop: Promise<void> | undefined;
  /** Wakes the claim loop when a send has finished (cheaper than Promise.race over all tasks). */
  private freed: (() => void) | undefined;

  constructor(private readonly options: ReminderWorkerOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.log = options.logger.child({ component: "reminders" });
    const rate = options.rate ?? 25;
    this.sender = new Sender({
      api: options.api,
      store: options.store,
      logger: this.log,
      clock: options.clock,
      rate,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    });
    // Claim about a second of work at a time: little is left claimed by a crash, and several
    // instances share the work.
    this.batch = Math.max(1, Math.ceil(rate));
    this.leaseMs = options.leaseMs ?? 120_000;
    this.tickMs = options.tickMs ?? 5_000;
    this.id = options.workerId ?? `w-${randomBytes(4).toString("hex")}`;
    this.ticks = new Interruptible(options.sleep ?? realSleep);
    const { store, id } = this;
    this.ledger = {
      begin: (claim, at) => store.markSending(claim, id, at),
      release: (claim, at) => store.releaseClaim(claim, id, at),
      finish: (claim, status, at, reason) => store.finishDelivery(claim, status, at, reason),
    };
  }

  private now(): number {
    return this.clock().getTime();
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
        await this.ticks.sleep(this.tickMs);
      }
    })();
  }

  /** Stops claiming, lets requests already on the way finish, and hands back what was not sent. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ticks.interrupt();
    this.sender.stop();
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

  /** Whether the slot's messages may go out now: not stopping, inside its window, not at night. */
  private open(slot: ReminderSlot, now = this.clock()): boolean {
    return !this.stopping && now < slot.windowEnd && !isNight(now);
  }

  private job(slot: ReminderSlot): Job<Claim> {
    const { i18n } = this.options;
    return {
      ledger: this.ledger,
      isOpen: (now) => this.open(slot, now),
      // Written when it is sent, so that "tomorrow" and the days left are right at that moment.
      render: (claim, now) => {
        const message =
          slot.kind === "announce"
            ? announcementMessage(slot.campaign, claim.language, now, i18n)
            : reminderMessage(slot.campaign, claim.language, now, i18n);
        return {
          text: message.text,
          options: { link_preview_options: { is_disabled: true }, reply_markup: message.keyboard },
        };
      },
    };
  }

  private async deliver(slot: ReminderSlot, query: DueQuery): Promise<void> {
    if (!this.open(slot)) return;
    const job = this.job(slot);
    const staleBefore = new Date(this.now() - this.leaseMs);
    const recovered = await this.store.recoverClaims(
      slot.campaign.id,
      slot.key,
      staleBefore,
      this.id,
      this.clock(),
    );
    const mine = recovered.filter((claim) => !this.held.has(keyOf(claim)));
    if (mine.length > 0)
      this.log.info({ recovered: mine.length, reminder: slot.key }, "took over stale claims");
    await this.enqueue(slot, job, mine);
    while (this.open(slot)) {
      // Keep about one batch waiting for its send slots, no more: claims stay fresh and few.
      while (this.tasks.size >= this.batch) await new Promise<void>((resolve) => (this.freed = resolve));
      if (!this.open(slot)) break;
      const claims = await this.store.claimDue(query, this.batch, this.id, this.clock());
      if (claims.length === 0) break;
      await this.enqueue(slot, job, claims);
    }
  }

  private async enqueue(slot: ReminderSlot, job: Job<Claim>, claims: Claim[]): Promise<void> {
    if (claims.length === 0) return;
    if (slot.kind === "announce") {
      // Whoever is told about the campaign is from now on subscribed to its reminders.
      for (const claim of claims) {
        const { chatId, language, chatKind } = claim;
        await this.store.subscribe(
          { chatId, campaignId: slot.campaign.id, language, chatKind, mode: "all" },
          this.clock(),
        );
      }
    }
    const first = await this.sender.reserve(claims.length);
    claims.forEach((claim, index) => {
      const key = keyOf(claim);
      this.held.add(key);
      const task = this.sender
        .deliver(claim, job, first + index * this.sender.intervalMs)
        .then((result) => this.record(claim, result))
        .catch((error) => this.log.error({ err: error, chat: claim.chatId }, "reminder send crashed"))
        .finally(() => {
          this.held.delete(key);
          this.tasks.delete(task);
          this.freed?.();
        });
      this.tasks.add(task);
    });
  }

  private record(claim: Claim, result: DeliveryResult): void {
    this.counts.flood += result.floods;
    this.counts.retried += result.retries;
    const log = { chat: claim.chatId, campaign: claim.campaignId, reminder: claim.reminder };
    switch (result.kind) {
      case "sent":
        this.count("sent");
        return;
      case "gone":
        this.count("failed");
        this.counts.deactivated++;
        this.log.info({ ...log, reason: result.reason }, "chat unreachable, subscriber deactivated");
        return;
      case "failed":
        this.count("failed");
        this.log.warn({ ...log, reason: result.reason }, "reminder failed");
        return;
      case "withheld":
        return;
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
