import { randomBytes } from "node:crypto";
import type { Logger } from "../logger.js";
import type { DeliveryKey, Store } from "../storage/store.js";
import { WorkLoop } from "./loop.js";
import { claimLedger, DeliveryPool } from "./pool.js";
import { type DeliveryResult, type Ledger, type Recipient, Sender, type SenderOptions } from "./sender.js";

export interface DeliveryWorkerOptions extends Omit<SenderOptions, "store"> {
  store: Store;
  /** A claim not sent within this time is a crashed worker's and may be taken over. */
  leaseMs?: number;
  /** Pause between looks for work. */
  tickMs?: number;
  workerId?: string;
}

/**
 * The delivery engine shared by reminders and broadcasts: a loop of its own beside the handling
 * of updates, which claims deliveries in the delivery log (unique key), sends them through the
 * Sender with at most about a second's worth under way, and records each one sent or failed.
 * Stopped, it lets requests on their way finish and hands back the rest; a crashed worker's
 * claims are taken over after the lease, and a send it cut off mid-request counts failed rather
 * than going out twice. Subclasses say what is due (runOnce) and what its outcome means (record).
 */
export abstract class DeliveryWorker<R extends Recipient & DeliveryKey> {
  readonly id: string;
  protected readonly store: Store;
  protected readonly sender: Sender;
  protected readonly pool: DeliveryPool<R>;
  /** Claims taken at a time: about a second of sending, so little is left claimed by a crash. */
  protected readonly batch: number;
  protected readonly leaseMs: number;
  /** The delivery log, as the sender records each delivery: this worker's claims. */
  protected readonly ledger: Ledger<DeliveryKey>;
  protected stopping = false;
  private readonly loop: WorkLoop;

  constructor(
    options: DeliveryWorkerOptions,
    protected readonly log: Logger,
    idPrefix: string,
  ) {
    this.store = options.store;
    this.sender = new Sender({ ...options, logger: log });
    this.batch = Math.max(1, Math.ceil(options.rate ?? 25));
    this.leaseMs = options.leaseMs ?? 120_000;
    this.id = options.workerId ?? `${idPrefix}-${randomBytes(4).toString("hex")}`;
    this.ledger = claimLedger(options.store, this.id);
    this.pool = new DeliveryPool(this.sender, {
      capacity: this.batch,
      record: (recipient, result) => this.record(recipient, result),
      logger: log,
    });
    this.loop = new WorkLoop(() => this.runOnce(), {
      tickMs: options.tickMs ?? 5_000,
      logger: log,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  }

  /** One look for due work; resolves when what it found is sent or handed back. */
  abstract runOnce(): Promise<void>;

  /** The outcome of one delivery. */
  protected abstract record(recipient: R, result: DeliveryResult): void;

  /** Runs the loop until stop(); errors are logged and the next tick tries again. */
  start(): void {
    this.loop.start();
  }

  /** Stops claiming, lets requests already on the way finish, and hands back what was not sent. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sender.stop();
    await this.loop.stop();
    await this.pool.drain();
  }

  /** Runs the loop's work now (new work arrived). */
  protected wake(): void {
    this.loop.wake();
  }

  /** Sends left "sending" by a crash for longer than the lease may have reached Telegram: failed, not repeated. */
  protected async failInterrupted(now: Date): Promise<void> {
    const interrupted = await this.store.failInterrupted(new Date(now.getTime() - this.leaseMs), now);
    if (interrupted > 0) this.log.warn({ interrupted }, "sends interrupted by a crash counted as failed");
  }
}
