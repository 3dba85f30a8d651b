import type { DeliveryResult, Job } from "../../delivery/sender.js";
import { DeliveryWorker, type DeliveryWorkerOptions } from "../../delivery/worker.js";
import type { I18n } from "../../i18n.js";
import type { Clock } from "../../kernel/clock.js";
import type { Campaign } from "../../knowledge/schema.js";
import type { Metrics } from "../../metrics.js";
import { type Claim, type DueQuery, newDeadlinesCampaign } from "../../storage/store.js";
import { announcementMessage, reminderMessage } from "./messages.js";
import { campaignSlots, isNight, type ReminderSlot } from "./schedule.js";

export interface ReminderWorkerOptions extends DeliveryWorkerOptions {
  /** The campaigns as the content says (read on every tick; a restart with new content adds one). */
  campaigns: () => Campaign[];
  i18n: I18n;
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
 * Sends due reminders and announcements through the delivery engine (src/delivery/worker.ts).
 * Exactly-once per (chat, campaign, reminder) rests on the delivery log: a delivery is claimed
 * (unique key) before it is sent, marked "sending" right before the request and "sent" after
 * it. A claim left by a crashed worker is taken over after the lease; a send interrupted
 * mid-request is counted failed rather than risked twice.
 */
export class ReminderWorker extends DeliveryWorker<Claim> {
  readonly counts: WorkerCounts = { sent: 0, failed: 0, skipped: 0, deactivated: 0, flood: 0, retried: 0 };
  private readonly clock: Clock;
  private readonly closedSlots = new Set<string>();

  constructor(private readonly options: ReminderWorkerOptions) {
    super(options, options.logger.child({ component: "reminders" }), "w");
    this.clock = options.clock;
  }

  private now(): number {
    return this.clock().getTime();
  }

  /** One look at every campaign: skip closed windows, send what is due now. Resolves when sent. */
  async runOnce(): Promise<void> {
    const now = this.clock();
    await this.failInterrupted(now);
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
    await this.pool.drain();
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
    const mine = recovered.filter((claim) => !this.pool.holds(claim));
    if (mine.length > 0)
      this.log.info({ recovered: mine.length, reminder: slot.key }, "took over stale claims");
    await this.enqueue(slot, job, mine);
    while (this.open(slot)) {
      await this.pool.room();
      if (!this.open(slot)) break;
      const claims = await this.store.claimDue(query, this.batch, this.id, this.clock());
      if (claims.length === 0) break;
      await this.enqueue(slot, job, claims);
    }
  }

  private async enqueue(slot: ReminderSlot, job: Job<Claim>, claims: Claim[]): Promise<void> {
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
    await this.pool.enqueue(claims, job);
  }

  protected record(claim: Claim, result: DeliveryResult): void {
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
