import type { Broadcaster, BroadcastMessage } from "../../bot/context.js";
import { type DeliveryResult, type Job, unrecorded } from "../../delivery/sender.js";
import { DeliveryWorker, type DeliveryWorkerOptions } from "../../delivery/worker.js";
import type { I18n } from "../../i18n.js";
import type { Broadcast, BroadcastDelivery } from "../../storage/store.js";
import { broadcastLine } from "./views.js";

export interface BroadcastCounts {
  sent: number;
  failed: number;
  deactivated: number;
}

export interface BroadcastWorkerOptions extends DeliveryWorkerOptions {
  i18n: I18n;
  /** The operators (ADMIN_IDS): told when a broadcast goes on after an interruption and when it is done. */
  adminIds: readonly number[];
}

/**
 * An admin's /broadcast to every reminder subscriber, through the same delivery engine as the
 * reminders (src/delivery/worker.ts): the send rate shared by all instances, 429 waits, retries,
 * and deactivation of chats that blocked the bot.
 *
 * Recorded per recipient like reminders: confirming a broadcast claims one delivery per
 * subscribed chat in the delivery log (storage/broadcasts.ts). This worker takes them in
 * batches, marks each sending, then sent or failed. Stopped (SIGTERM), it hands back what it
 * has not sent; killed, its deliveries are taken over after the lease (one cut off mid-request
 * counts failed rather than going out twice). Any instance's worker carries on with what is
 * left, tells the operators that the broadcast goes on, and the one that finishes it says so.
 */
export class BroadcastWorker extends DeliveryWorker<BroadcastDelivery> implements Broadcaster {
  readonly counts: BroadcastCounts = { sent: 0, failed: 0, deactivated: 0 };
  /** Broadcasts whose continuation this worker has announced (once each). */
  private readonly resumed = new Set<number>();

  constructor(private readonly options: BroadcastWorkerOptions) {
    super(options, options.logger.child({ component: "broadcast" }), "b");
  }

  /** Records the broadcast with a delivery for every subscribed chat; the loop starts on it at once. */
  async broadcast(message: BroadcastMessage): Promise<{ id: number; recipients: number }> {
    const created = await this.store.createBroadcast(
      { text: message.text, entities: message.entities ?? [] },
      this.options.clock(),
    );
    this.log.info({ broadcast: created.id, recipients: created.recipients }, "broadcast recorded");
    this.wake();
    return { id: created.id, recipients: created.recipients };
  }

  /** Works on every broadcast with deliveries left until none is left here. Resolves when they are sent. */
  async runOnce(): Promise<void> {
    await this.failInterrupted(this.options.clock());
    for (const broadcast of await this.store.openBroadcasts()) {
      if (this.stopping) break;
      await this.deliver(broadcast);
    }
  }

  private job(broadcast: Broadcast): Job<BroadcastDelivery> {
    return {
      ledger: this.ledger,
      // As the admin typed it: plain text with Telegram's entities, never parsed as HTML.
      render: () => ({
        text: broadcast.text,
        options: { entities: broadcast.entities as never, link_preview_options: { is_disabled: true } },
      }),
    };
  }

  private async deliver(broadcast: Broadcast): Promise<void> {
    const { clock } = this.options;
    const job = this.job(broadcast);
    while (!this.stopping) {
      await this.pool.room();
      if (this.stopping) break;
      const staleBefore = new Date(clock().getTime() - this.leaseMs);
      const taken = await this.store.takeBroadcastDeliveries(
        broadcast.id,
        this.batch,
        this.id,
        staleBefore,
        clock(),
      );
      if (taken.resumed && !this.resumed.has(broadcast.id)) {
        this.resumed.add(broadcast.id);
        this.log.info({ broadcast: broadcast.id }, "broadcast interrupted earlier, going on");
        await this.tellAdmins(broadcast.id, "admin.broadcastResumed");
      }
      if (taken.deliveries.length === 0) break;
      await this.pool.enqueue(taken.deliveries, job);
    }
    await this.pool.drain();
    if (!this.stopping && (await this.store.finishBroadcast(broadcast.id, clock()))) {
      this.log.info({ broadcast: broadcast.id, ...this.counts }, "broadcast finished");
      await this.tellAdmins(broadcast.id, "admin.broadcastFinished");
    }
  }

  /** A note to every operator with the broadcast's figures, in each one's language (German by default). */
  private async tellAdmins(broadcastId: number, key: string): Promise<void> {
    const progress = await this.store.broadcastProgress(broadcastId);
    if (!progress) return;
    for (const chatId of this.options.adminIds) {
      const lang = (await this.store.getChat(chatId))?.language ?? "de";
      const { i18n } = this.options;
      const text = `${i18n.t(lang, key, { id: broadcastId })}\n${broadcastLine(progress, lang, i18n)}`;
      const result = await this.sender.deliver(
        { chatId, chatKind: "private" },
        { ledger: unrecorded, render: () => ({ text }) },
      );
      if (result.kind !== "sent" && result.kind !== "withheld") {
        this.log.warn(
          { chat: chatId, reason: result.reason },
          "could not tell an operator about a broadcast",
        );
      }
    }
  }

  protected record(delivery: BroadcastDelivery, result: DeliveryResult): void {
    switch (result.kind) {
      case "sent":
        this.counts.sent++;
        return;
      case "gone":
      case "failed":
        this.counts.failed++;
        if (result.kind === "gone") this.counts.deactivated++;
        this.log.warn({ chat: delivery.chatId, reason: result.reason }, "broadcast failed");
        return;
      case "withheld":
        return;
    }
  }
}
