/**
 * Counts each user's expensive requests in flight in this process (see `expensive` in
 * auth/guard.ts). Per process on purpose: it protects this process's CPU and connections,
 * and needs no shared state between servers.
 */
export class InFlight {
  private readonly counts = new Map<string, number>();

  constructor(readonly perKey: number) {}

  /** Takes a slot for `key`; false when it holds `perKey` already. */
  tryEnter(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.perKey) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  leave(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
}
