// What the review endpoints keep between requests (a round's summary, its replay window), bounded
// in bytes and in idle time: the least recently used entries go first once over `maxBytes`, and an
// entry nobody asked for in `idleMs` is dropped, so a server that showed one big round's review
// gives that memory back. Entries are grouped by round: a new version of a round (a round in play
// stored another chunk, or ended) replaces the old one, which can never be right again.
// Concurrent requests for the same missing entry share one computation.

export interface Sized<V> {
  value: V;
  bytes: number;
}

interface Entry<V> extends Sized<V> {
  version: string;
  usedAt: number;
}

export interface CacheOptions {
  maxBytes: number;
  idleMs: number;
  now: () => number;
}

export class ReviewCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly pending = new Map<string, Promise<V>>();
  private bytes = 0;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly options: CacheOptions) {}

  /** Bytes held now (for tests and the benchmark). */
  get size(): number {
    return this.bytes;
  }

  /**
   * The entry of `group` at `version` if held and `usable` (default: always), else `make`'s (kept
   * if it fits the budget). A failed `make` keeps nothing and is not retried here.
   */
  async get(group: string, version: string, make: () => Promise<Sized<V>>, usable = (_value: V) => true): Promise<V> {
    this.sweep();
    const held = this.entries.get(group);
    if (held && held.version === version && usable(held.value)) {
      held.usedAt = this.options.now();
      this.entries.delete(group); // re-inserted last: Map order is the LRU order
      this.entries.set(group, held);
      return held.value;
    }
    const key = `${group}\n${version}`;
    const running = this.pending.get(key);
    if (running) {
      const value = await running;
      if (usable(value)) return value;
    }
    const made = make().then((sized) => {
      this.store(group, version, sized);
      return sized.value;
    });
    this.pending.set(key, made);
    try {
      return await made;
    } finally {
      if (this.pending.get(key) === made) this.pending.delete(key);
    }
  }

  private store(group: string, version: string, sized: Sized<V>): void {
    this.drop(group);
    if (sized.bytes > this.options.maxBytes) return;
    this.entries.set(group, { ...sized, version, usedAt: this.options.now() });
    this.bytes += sized.bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.options.maxBytes) break;
      this.drop(oldest);
    }
    if (!this.sweeper) {
      // Unref'd: a cache never keeps the process alive.
      this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, this.options.idleMs / 2)).unref();
    }
  }

  private drop(group: string): void {
    const entry = this.entries.get(group);
    if (!entry) return;
    this.entries.delete(group);
    this.bytes -= entry.bytes;
  }

  private sweep(): void {
    const now = this.options.now();
    for (const [group, entry] of this.entries) if (now - entry.usedAt > this.options.idleMs) this.drop(group);
    if (this.entries.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }
}
