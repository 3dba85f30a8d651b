import type { Logger } from "../logger.js";
import { realSleep, type Sleep } from "./sleep.js";

/**
 * A worker's loop beside the handling of updates: runs the work, pauses `tickMs`, runs it again,
 * until stop(). wake() cuts the pause short (new work arrived). A failed run is logged and the
 * next one tries again.
 */
export class WorkLoop {
  private running: Promise<void> | undefined;
  private stopping = false;
  /** wake() was called while the work ran: run again without a pause. */
  private again = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly options: { tickMs: number; logger: Logger; sleep?: Sleep },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = (async () => {
      while (!this.stopping) {
        this.again = false;
        try {
          await this.work();
        } catch (error) {
          this.options.logger.error({ err: error }, "delivery run failed");
        }
        if (this.stopping) break;
        if (this.again) continue;
        // A pause of its own each time: one long-lived promise raced against every pause would
        // keep a reaction per pause until shutdown.
        await Promise.race([
          (this.options.sleep ?? realSleep)(this.options.tickMs),
          new Promise<void>((resolve) => {
            this.wakeUp = resolve;
          }),
        ]);
        this.wakeUp = undefined;
      }
    })();
  }

  /** Runs the work again now (or right after the run in progress). */
  wake(): void {
    this.again = true;
    this.wakeUp?.();
  }

  /** No further runs; resolves when the run in progress has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
  }
}
