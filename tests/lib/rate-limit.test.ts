import { describe, expect, it } from "vitest";
import { KeyedRateLimiter, TokenBucket } from "../../lib/rate-limit";

describe("token buckets", () => {
  it("allow a burst, then the refill rate", () => {
    const bucket = new TokenBucket({ burst: 2, perSecond: 1 });
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
    expect([bucket.take(999), bucket.take(1000), bucket.take(1000)]).toEqual([false, true, false]);
  });

  it("say whether a take would pass without taking (the connection check reads, never spends)", () => {
    const limiter = new KeyedRateLimiter({ burst: 1, perSecond: 1 });
    for (let i = 0; i < 5; i++) expect(limiter.available("a", 0)).toBe(true);
    expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.available("a", 0)).toBe(false);
    expect(limiter.available("a", 1000)).toBe(true);
    expect(limiter.available("b", 0)).toBe(true); // another key, its own bucket
  });
});
