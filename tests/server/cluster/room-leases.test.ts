// The owner lease of a live room on the machine's real Redis: one owner, renewed, released, taken.
import { describe, expect, it } from "vitest";
import { RoomLeases } from "../../../server/cluster/room-leases";
import { redisProblem } from "../../helpers/redis";
import { leaseFixture, sleep, watchLoss } from "./lease-fixtures";

(redisProblem === null ? describe : describe.skip)("room leases (real Redis)", () => {
  const fixture = leaseFixture();

  it("gives a room to one process: another cannot acquire it, and holder() names the owner", async () => {
    const a = fixture.leases("proc-a");
    const b = fixture.leases("proc-b");
    const lease = await a.tryAcquire("ROOM1");
    expect(lease).not.toBeNull();
    expect(lease!.code).toBe("ROOM1");
    expect(lease!.fence).toBe(1);
    expect(lease!.valid()).toBe(true);

    expect(await b.tryAcquire("ROOM1")).toBeNull();
    expect(await a.tryAcquire("ROOM1")).toBeNull(); // not even a second lease of the same process
    expect(await b.holder("ROOM1")).toBe("proc-a");
    expect(await b.holder("ROOM2")).toBeNull();
    const left = await b.expiresInMs("ROOM1");
    expect(left).toBeGreaterThan(2000);
    expect(left).toBeLessThanOrEqual(3000);
    expect(await b.expiresInMs("ROOM2")).toBe(0); // nobody holds it

    const redis = fixture.client();
    expect(await redis.get(fixture.key("ROOM1"))).toBe("1:proc-a");
    expect(await redis.get(`${fixture.prefix()}:fence:ROOM1`)).toBe("1");
    const pttl = await redis.pttl(fixture.key("ROOM1"));
    expect(pttl).toBeGreaterThan(2000);
    expect(pttl).toBeLessThanOrEqual(3000);
  });

  it("stays valid well beyond its ttl while renewed", async () => {
    const a = fixture.leases("proc-a", { ttlMs: 300 });
    const lease = (await a.tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    await sleep(1000);
    expect(lease.valid()).toBe(true);
    expect(loss.calls).toEqual([]);
    expect(await fixture.leases("proc-b").tryAcquire("ROOM1")).toBeNull();
    expect(await a.holder("ROOM1")).toBe("proc-a");
  });

  it("release frees the room at once for another process, whose fence is greater", async () => {
    const a = fixture.leases("proc-a", { ttlMs: 10_000 }); // only the release can free it in time
    const b = fixture.leases("proc-b", { ttlMs: 10_000 });
    const first = (await a.tryAcquire("ROOM1"))!;
    const loss = watchLoss(first);
    await first.release();
    expect(first.valid()).toBe(false);

    const second = await b.tryAcquire("ROOM1");
    expect(second).not.toBeNull();
    expect(second!.fence).toBeGreaterThan(first.fence);
    expect(await a.holder("ROOM1")).toBe("proc-b");

    await first.release(); // again: must not touch the new owner's key
    expect(await a.holder("ROOM1")).toBe("proc-b");
    await sleep(50);
    expect(loss.calls).toEqual([]); // a release is not a loss
    await second!.release();
    const third = (await a.tryAcquire("ROOM1"))!;
    expect(third.fence).toBeGreaterThan(second!.fence);
  });

  it("reports 'taken' on the next renewal when the key is deleted", async () => {
    const lease = (await fixture.leases("proc-a", { renewEveryMs: 100 }).tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    await fixture.client().del(fixture.key("ROOM1"));
    const started = performance.now();
    expect(await loss.lost).toBe("taken");
    expect(performance.now() - started).toBeLessThan(400);
    expect(lease.valid()).toBe(false);
    await sleep(250); // no more renewals, no second call
    expect(loss.calls).toHaveLength(1);
  });

  it("reports 'taken' when another holder owns the key, and leaves that key alone", async () => {
    const a = fixture.leases("proc-a", { renewEveryMs: 100 });
    const lease = (await a.tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    await fixture.client().set(fixture.key("ROOM1"), "99:intruder", "PX", 10_000);
    expect(await loss.lost).toBe("taken");
    expect(lease.valid()).toBe(false);
    await lease.release();
    expect(await fixture.client().get(fixture.key("ROOM1"))).toBe("99:intruder");
    expect(await a.holder("ROOM1")).toBe("intruder");
    // A listener added after the loss still hears about it.
    expect(await watchLoss(lease).lost).toBe("taken");
  });

  it("stops every renewal on dispose(): valid() turns false and the key expires by itself", async () => {
    const a = fixture.leases("proc-a", { ttlMs: 300 });
    const lease = (await a.tryAcquire("ROOM1"))!;
    const loss = watchLoss(lease);
    a.dispose();
    expect(lease.valid()).toBe(false);
    await expect(a.tryAcquire("ROOM2")).rejects.toThrow(/disposed/);
    await sleep(450);
    expect(await fixture.leases("proc-b").holder("ROOM1")).toBeNull();
    expect(loss.calls).toEqual([]);
  });

  it("rejects bad options and bad room codes with a clear error, writing nothing", async () => {
    const redis = fixture.client();
    const base = { redis, prefix: fixture.prefix(), processId: "proc-a" };
    expect(() => new RoomLeases({ ...base, processId: "" })).toThrow(/processId must be 1 to 200 characters/);
    expect(() => new RoomLeases({ ...base, prefix: "has space" })).toThrow(/prefix must be/);
    expect(() => new RoomLeases({ ...base, ttlMs: 0 })).toThrow(/ttlMs must be an integer >= 10/);
    expect(() => new RoomLeases({ ...base, ttlMs: 300, renewEveryMs: 290 })).toThrow(
      /renewEveryMs must be > 0 and below/,
    );
    expect(() => new RoomLeases({ ...base, safetyMarginMs: -1 })).toThrow(/safetyMarginMs must be >= 0/);

    const leases = fixture.leases("proc-a");
    await expect(leases.tryAcquire("")).rejects.toThrow(/room code must be 1 to 200 characters/);
    await expect(leases.tryAcquire("A B")).rejects.toThrow(/room code/);
    await expect(leases.holder(42 as unknown as string)).rejects.toThrow(/room code/);
    expect(await redis.keys(`${fixture.prefix()}:*`)).toEqual([]);
  });
});
