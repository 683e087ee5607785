/**
 * Lets at most `slots` tasks run at once; the others wait their turn, in order. The web app
 * sends its expensive reads (KPIs, drill-down…) through one, so a page with many charts
 * never has more of them in flight than the server accepts from one user.
 */
export class RequestGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly slots: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.enter(signal);
    try {
      return await task();
    } finally {
      this.leave();
    }
  }

  /** how many tasks are running and waiting (for tests) */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.slots) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', giveUp);
        this.running++;
        resolve();
      };
      // a request nobody wants any more (the view changed) leaves the queue at once
      const giveUp = () => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      this.waiting.push(go);
      signal?.addEventListener('abort', giveUp, { once: true });
    });
  }

  private leave(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}
