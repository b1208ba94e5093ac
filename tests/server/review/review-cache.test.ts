import { describe, expect, it } from "vitest";
import { ReviewCache } from "../../../server/review/review-cache";

function cache(maxBytes = 100, idleMs = 1_000) {
  let now = 0;
  const made: string[] = [];
  const store = new ReviewCache<string>({ maxBytes, idleMs, now: () => now });
  const get = (group: string, version: string, bytes = 10) =>
    store.get(group, version, () => {
      made.push(`${group}@${version}`);
      return Promise.resolve({ value: `${group}@${version}`, bytes });
    });
  return { store, get, made, advance: (ms: number) => (now += ms) };
}

describe("the review cache", () => {
  it("makes an entry once per version, and a new version replaces the old one", async () => {
    const { store, get, made } = cache();
    expect(await get("round-1", "v1")).toBe("round-1@v1");
    expect(await get("round-1", "v1")).toBe("round-1@v1");
    expect(await get("round-1", "v2")).toBe("round-1@v2");
    expect(await get("round-1", "v1")).toBe("round-1@v1"); // made again: the old one was dropped
    expect(made).toEqual(["round-1@v1", "round-1@v2", "round-1@v1"]);
    expect(store.size).toBe(10);
  });

  it("drops the least recently used entries past its byte budget, and keeps none larger than it", async () => {
    const { store, get, made } = cache(30);
    for (const group of ["a", "b", "c"]) await get(group, "v");
    await get("a", "v"); // a is now the most recent
    await get("d", "v"); // over 30 bytes: b goes
    expect(store.size).toBe(30);
    made.length = 0;
    for (const group of ["a", "c", "d", "b"]) await get(group, "v");
    expect(made).toEqual(["b@v"]);
    await get("huge", "v", 31);
    await get("huge", "v", 31);
    expect(made).toEqual(["b@v", "huge@v", "huge@v"]);
  });

  it("forgets entries nobody asked for within its idle time", async () => {
    const { store, get, made, advance } = cache(100, 1_000);
    await get("a", "v");
    await get("b", "v");
    advance(800);
    await get("a", "v");
    advance(800); // b unused for 1,600 ms, a for 800
    await get("a", "v");
    expect(store.size).toBe(10);
    await get("b", "v");
    expect(made).toEqual(["a@v", "b@v", "b@v"]);
  });

  it("shares one computation between concurrent requests, and keeps nothing from a failed one", async () => {
    const store = new ReviewCache<number>({ maxBytes: 100, idleMs: 1_000, now: () => 0 });
    let calls = 0;
    let release = () => {};
    const slow = () => {
      calls++;
      return new Promise<{ value: number; bytes: number }>((resolve) => {
        release = () => resolve({ value: calls, bytes: 1 });
      });
    };
    const both = Promise.all([store.get("r", "v", slow), store.get("r", "v", slow)]);
    release();
    expect(await both).toEqual([1, 1]);
    expect(calls).toBe(1);
    await expect(store.get("s", "v", () => Promise.reject(new Error("database away")))).rejects.toThrow("away");
    expect(await store.get("s", "v", () => Promise.resolve({ value: 7, bytes: 1 }))).toBe(7);
  });

  it("makes a held entry again when it cannot answer (a replay window that misses the step)", async () => {
    const store = new ReviewCache<{ from: number; to: number }>({ maxBytes: 100, idleMs: 1_000, now: () => 0 });
    const windowAt = (step: number) => () => Promise.resolve({ value: { from: step, to: step + 10 }, bytes: 10 });
    const holds = (step: number) => (held: { from: number; to: number }) => step >= held.from && step < held.to;
    expect(await store.get("r", "v", windowAt(0), holds(5))).toEqual({ from: 0, to: 10 });
    expect(await store.get("r", "v", windowAt(99), holds(9))).toEqual({ from: 0, to: 10 });
    expect(await store.get("r", "v", windowAt(50), holds(50))).toEqual({ from: 50, to: 60 });
    expect(store.size).toBe(10);
  });
});
