export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sleeps that stop() can cut short. Each sleep gets its own wake-up function, dropped when it
 * ends: racing every sleep against one long-lived "stopped" promise would add a reaction to it
 * per sleep and keep them all until shutdown.
 */
export class Interruptible {
  private readonly wakers = new Set<() => void>();
  private interrupted = false;

  constructor(private readonly sleepFn: Sleep = realSleep) {}

  get isInterrupted(): boolean {
    return this.interrupted;
  }

  async sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.interrupted) return;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.wakers.add(wake);
    try {
      await Promise.race([this.sleepFn(ms), woken]);
    } finally {
      this.wakers.delete(wake);
    }
  }

  /** Ends every sleep now and every later one at once. */
  interrupt(): void {
    this.interrupted = true;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }
}
