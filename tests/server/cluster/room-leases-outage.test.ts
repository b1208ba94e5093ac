// The owner loses Redis: it must stop before its key can expire there (so a successor never
// overlaps it), and answers that arrive late (offline queue, slow network) must not revive it.
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createRedis, waitForRedis } from "../../../server/cluster/redis-client";
import { redisProblem, REDIS_URL } from "../../helpers/redis";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcp-proxy";
import { eventually, leaseFixture, sleep, watchLoss, withHeldReplies } from "./lease-fixtures";

(redisProblem === null ? describe : describe.skip)("room leases when Redis is unreachable (real Redis)", () => {
  const fixture = leaseFixture();
  let proxy: TcpProxy | undefined;
  let cutOff: Redis | undefined;
  afterEach(async () => {
    cutOff?.disconnect();
    await proxy?.close();
    proxy = cutOff = undefined;
  });

  it("cut off: loses the lease before its key expires, a successor takes over, late renewals change nothing", async () => {
    const target = new URL(REDIS_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    // Commands wait in the offline queue for the whole outage: the hardest case for late answers.
    cutOff = createRedis(`redis://127.0.0.1:${proxy.port}`, {
      log: () => {},
      maxBackoffMs: 20,
      redisOptions: { maxRetriesPerRequest: null },
    });
    await waitForRedis(cutOff, 5_000);
    const direct = fixture.client();
    const ttlMs = 600;
    const old = fixture.leases("proc-old", { redis: cutOff, ttlMs, safetyMarginMs: 100 });
    const lease = (await old.tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    let keyAtLoss: Promise<[string | null, number]> | undefined;
    lease.onLost(() => {
      keyAtLoss = Promise.all([direct.get(fixture.key("ROOM1")), direct.pttl(fixture.key("ROOM1"))]);
    });
    await sleep(450); // a renewal or two went through

    const cutAt = performance.now();
    proxy.cut();
    const successor = fixture.leases("proc-new", { redis: direct, ttlMs: 5_000 });
    const taken = eventually(() => successor.tryAcquire("ROOM1"), 3_000).then((won) => ({
      won,
      at: performance.now(),
    }));

    expect(await loss.lost).toBe("expired");
    const lostAt = loss.calls[0]!.at;
    expect(lostAt - cutAt).toBeLessThan(ttlMs);
    expect(lease.valid()).toBe(false);
    const [valueAtLoss, pttlAtLoss] = await keyAtLoss!;
    expect(valueAtLoss).toBe(`${lease.fence}:proc-old`); // still ours in Redis, so nobody else owned it yet
    expect(pttlAtLoss).toBeGreaterThan(0);

    const { won, at } = await taken;
    expect(at).toBeGreaterThan(lostAt);
    expect(at - cutAt).toBeLessThan(ttlMs + 300);
    expect(won.fence).toBeGreaterThan(lease.fence);

    proxy.restore();
    await waitForRedis(cutOff, 5_000);
    await sleep(300); // the queued renewal and compare-and-delete run now
    expect(lease.valid()).toBe(false);
    expect(loss.calls).toHaveLength(1);
    expect(await direct.get(fixture.key("ROOM1"))).toBe(`${won.fence}:proc-new`);
    expect(await old.holder("ROOM1")).toBe("proc-new");
    expect(won.valid()).toBe(true);
    expect(await old.tryAcquire("ROOM1")).toBeNull(); // the old holder may try again, and is refused
  });

  it("takes renewals that fail during an outage (instead of waiting) as no renewal, never as unhandled rejections", async () => {
    const target = new URL(REDIS_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    cutOff = createRedis(`redis://127.0.0.1:${proxy.port}`, { log: () => {}, maxBackoffMs: 20 }); // fails queued commands
    await waitForRedis(cutOff, 5_000);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const lease = (await fixture.leases("proc-a", { redis: cutOff, ttlMs: 1_000 }).tryAcquire("ROOM1"))!;
      const loss = watchLoss(lease);
      let failed = 0;
      cutOff.on("close", () => void cutOff?.ping().catch(() => (failed += 1))); // a probe: do commands fail?
      proxy.cut();
      expect(await loss.lost).toBe("expired");
      await sleep(100);
      expect(failed).toBeGreaterThan(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("measures validity from when a renewal was sent, not when its answer came", async () => {
    let now = 0;
    const replies = withHeldReplies(fixture.client());
    const lease = (await fixture
      .leases("proc-a", { redis: replies.redis, ttlMs: 10_000, renewEveryMs: 50, now: () => now })
      .tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    now = 5_000;
    replies.hold();
    await eventually(() => replies.heldReplies() > 0, 1_000); // a renewal sent at "5000" ran in Redis
    now = 8_000;
    replies.release(); // its answer arrives at "8000"...
    replies.hold(); // ...and every later one waits
    await new Promise((resolve) => setImmediate(resolve));
    now = 13_900;
    expect(lease.valid()).toBe(true); // valid until 5000 + 10000 - 1000 (default margin: 10 %)...
    now = 14_000;
    expect(lease.valid()).toBe(false); // ...not 8000 + 9000
    replies.release();
    expect(await loss.lost).toBe("expired");
  });

  it("does not count a renewal whose answer arrives after validity ran out, and frees its own key", async () => {
    let now = 0;
    const replies = withHeldReplies(fixture.client());
    const lease = (await fixture
      .leases("proc-a", { redis: replies.redis, ttlMs: 10_000, renewEveryMs: 50, now: () => now })
      .tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    replies.hold();
    await eventually(() => replies.heldReplies() > 0, 1_000); // a renewal sent at "0" ran; its answer waits
    now = 9_500; // past 0 + 10000 - 1000 with no answer yet
    expect(lease.valid()).toBe(false);
    replies.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(loss.calls.map((call) => call.reason)).toEqual(["expired"]); // at once, not at the next tick
    expect(lease.valid()).toBe(false);
    // The late renewal did extend the key in Redis; the lost lease deletes it (it is still its own).
    expect(await eventually(async () => (await fixture.client().exists(fixture.key("ROOM1"))) === 0, 500)).toBe(true);
    expect(await fixture.leases("proc-b").tryAcquire("ROOM1")).not.toBeNull();
    await sleep(150);
    expect(loss.calls).toHaveLength(1);
  });

  it("gives nothing when the acquire answer itself arrives after the lease would have expired", async () => {
    let now = 0;
    const replies = withHeldReplies(fixture.client());
    const leases = fixture.leases("proc-a", { redis: replies.redis, ttlMs: 10_000, now: () => now });
    replies.hold();
    const attempt = leases.tryAcquire("ROOM1");
    await eventually(() => replies.heldReplies() > 0, 1_000);
    now = 9_500;
    replies.release();
    expect(await attempt).toBeNull();
    expect(await leases.holder("ROOM1")).toBeNull(); // the key it got too late is given back
  });
});
