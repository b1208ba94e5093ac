// Shared by the room-lease tests: Redis clients closed after each test, leases on a fresh prefix,
// a lease's loss as a promise, and a client whose replies a test can hold back.
import { Redis } from "ioredis";
import { afterEach } from "vitest";
import { RoomLeases, type RoomLeasesOptions } from "../../../server/cluster/room-leases";
import type { LeaseLossReason, RoomLease } from "../../../server/cluster/room-leases";
import { deleteKeys, randomPrefix, REDIS_URL } from "../../helpers/redis";

export type LeaseOptions = Omit<RoomLeasesOptions, "redis" | "prefix" | "processId">;

/** Call once at the top of a describe: every client and RoomLeases made through it is closed after each test. */
export function leaseFixture() {
  let prefix = randomPrefix();
  const clients: Redis[] = [];
  const leaseSets: RoomLeases[] = [];
  afterEach(async () => {
    for (const leases of leaseSets.splice(0)) leases.dispose();
    await deleteKeys(client(), prefix);
    for (const redis of clients.splice(0)) redis.disconnect();
    prefix = randomPrefix();
  });

  function client(url = REDIS_URL): Redis {
    const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 20 });
    redis.on("error", () => {}); // outages are what these tests are about
    clients.push(redis);
    return redis;
  }

  function leases(processId: string, options: LeaseOptions & { redis?: Redis } = {}): RoomLeases {
    const made = new RoomLeases({ ...options, redis: options.redis ?? client(), prefix, processId });
    leaseSets.push(made);
    return made;
  }

  return { client, leases, prefix: () => prefix, key: (code: string) => `${prefix}:lease:${code}` };
}

/** The lease's loss, with how many times listeners were called and when (performance.now). */
export function watchLoss(lease: RoomLease) {
  const calls: { reason: LeaseLossReason; at: number }[] = [];
  const lost = new Promise<LeaseLossReason>((resolve) =>
    lease.onLost((reason) => {
      calls.push({ reason, at: performance.now() });
      resolve(reason);
    }),
  );
  return { lost, calls };
}

/** A view of `redis` whose script replies wait while held: the command runs, the answer is late. */
export function withHeldReplies(redis: Redis) {
  let held: Promise<void> | null = null;
  let letGo = () => {};
  let heldReplies = 0;
  const view = new Proxy(redis, {
    get(target, property) {
      if (property === "evalsha" || property === "eval") {
        return async (...args: unknown[]) => {
          const run = Reflect.get(target, property) as (...a: unknown[]) => Promise<unknown>;
          const result = await run.apply(target, args);
          if (held) {
            heldReplies += 1;
            await held;
          }
          return result;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? (value as () => unknown).bind(target) : value;
    },
  });
  return {
    redis: view,
    hold: () => {
      held = new Promise((resolve) => (letGo = resolve));
    },
    release: () => {
      held = null;
      letGo();
    },
    heldReplies: () => heldReplies,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than null/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | null | false | Promise<T | null | false>,
  timeoutMs: number,
): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (performance.now() > end) throw new Error(`still nothing after ${timeoutMs} ms`);
    await sleep(10);
  }
}
