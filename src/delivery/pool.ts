import type { Logger } from "../logger.js";
import type { DeliveryKey, DeliveryLog } from "../storage/store.js";
import type { DeliveryResult, Job, Ledger, Recipient, Sender } from "./sender.js";

/** The delivery log as a worker's ledger: its claims, marked sending, handed back, finished. */
export function claimLedger(
  log: Pick<DeliveryLog, "markSending" | "releaseClaim" | "finishDelivery">,
  worker: string,
): Ledger<DeliveryKey> {
  return {
    begin: (key, at) => log.markSending(key, worker, at),
    release: (key, at) => log.releaseClaim(key, worker, at),
    finish: (key, status, at, reason) => log.finishDelivery(key, status, at, reason),
  };
}

export interface PoolOptions<R> {
  /** Claims under way at most; about a second of sending keeps claims fresh and few. */
  capacity: number;
  /** Told the outcome of every delivery. */
  record(recipient: R, result: DeliveryResult): void;
  logger: Logger;
}

/**
 * The deliveries one worker has under way, for reminders and broadcasts alike: a batch of claims
 * gets consecutive send slots at once, each is then sent by the Sender on its own, and the worker
 * asks for `room()` before claiming more, so that no more than `capacity` wait at a time.
 */
export class DeliveryPool<R extends Recipient & DeliveryKey> {
  private readonly held = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  /** Wakes a waiter for room when a send has finished (cheaper than Promise.race over all tasks). */
  private freed: (() => void) | undefined;

  constructor(
    private readonly sender: Sender,
    private readonly options: PoolOptions<R>,
  ) {}

  /** Whether this claim is under way here (so that a recovery does not start it twice). */
  holds(key: DeliveryKey): boolean {
    return this.held.has(keyOf(key));
  }

  /** Resolves once fewer than `capacity` deliveries are under way. */
  async room(): Promise<void> {
    while (this.tasks.size >= this.options.capacity) {
      await new Promise<void>((resolve) => {
        this.freed = resolve;
      });
    }
  }

  /** Starts delivering these claims on consecutive send slots; resolves once they are under way. */
  async enqueue(claims: R[], job: Job<R>): Promise<void> {
    if (claims.length === 0) return;
    const first = await this.sender.reserve(claims.length);
    claims.forEach((claim, index) => {
      const key = keyOf(claim);
      this.held.add(key);
      const task = this.sender
        .deliver(claim, job, first + index * this.sender.intervalMs)
        .then((result) => this.options.record(claim, result))
        .catch((error) => this.options.logger.error({ err: error, chat: claim.chatId }, "send crashed"))
        .finally(() => {
          this.held.delete(key);
          this.tasks.delete(task);
          this.freed?.();
        });
      this.tasks.add(task);
    });
  }

  /** Resolves when everything under way has an outcome (sent, failed, or handed back). */
  async drain(): Promise<void> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
  }
}

function keyOf(key: DeliveryKey): string {
  return `${key.chatId}/${key.campaignId}/${key.reminder}`;
}
