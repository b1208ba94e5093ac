// How long a benchmark's own event loop is blocked while it stores or loads (scripts/bench-storage.ts,
// scripts/bench-review.ts).

/** Longest gap between 1 ms timers while `work` runs: how long this event loop was blocked. */
export async function withStallMeter<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  clearInterval(timer);
  worst = Math.max(worst, performance.now() - last);
  return { result, ms, stallMs: worst };
}
