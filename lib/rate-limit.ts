// Token buckets: `burst` commands at once, refilled at `perSecond`. Pure: the caller passes the
// time, so the same limiter works in the server and in tests without waiting.
export interface BucketOptions {
  burst: number;
  perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number | null = null;

  constructor(private readonly options: BucketOptions) {
    this.tokens = options.burst;
  }

  /** Takes one token if there is one; false means "rate limited". */
  take(now: number): boolean {
    this.tokens = this.tokensAt(now);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Would `take(now)` succeed? Takes nothing. */
  available(now: number): boolean {
    return this.tokensAt(now) >= 1;
  }

  private tokensAt(now: number): number {
    if (this.updatedAt === null) return this.tokens;
    const refill = ((now - this.updatedAt) / 1000) * this.options.perSecond;
    return Math.min(this.options.burst, this.tokens + Math.max(0, refill));
  }
}

/** One bucket per key (an address, a room), forgetting keys idle for a while to bound memory. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastUsed: number }>();

  constructor(
    private readonly options: BucketOptions,
    private readonly maxKeys = 100_000,
  ) {}

  take(key: string, now: number): boolean {
    let entry = this.buckets.get(key);
    if (!entry) {
      if (this.buckets.size >= this.maxKeys) this.evictIdle(now);
      entry = { bucket: new TokenBucket(this.options), lastUsed: now };
      this.buckets.set(key, entry);
    }
    entry.lastUsed = now;
    return entry.bucket.take(now);
  }

  /** Would `take(key, now)` succeed? Takes nothing and remembers no new key. */
  available(key: string, now: number): boolean {
    return this.buckets.get(key)?.bucket.available(now) ?? this.options.burst >= 1;
  }

  private evictIdle(now: number): void {
    const idleMs = (this.options.burst / this.options.perSecond) * 1000;
    for (const [key, entry] of this.buckets) if (now - entry.lastUsed > idleMs) this.buckets.delete(key);
    // Still full of active keys: drop the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) {
      let toDrop = Math.ceil(this.buckets.size / 2);
      for (const key of this.buckets.keys()) {
        if (toDrop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}
