// Which process owns which live room, when several processes share one Redis: a lease per room
// (`<prefix>:lease:<code>`, value "<fence>:<process id>", PX ttl) renewed while the room lives, and
// a fence counter per room (`<prefix>:fence:<code>`, never expires, so fences only grow).
import type { Redis } from "ioredis";
import { acquireLease, dropLease, holderOf, leaseToken } from "./lease-scripts";
import { HeldRoomLease, type LeaseSettings, type RoomLease } from "./room-lease";

export type { LeaseLossReason, RoomLease } from "./room-lease";

export interface RoomLeasesOptions {
  redis: Redis;
  /** Key prefix: "arena" gives "arena:lease:<code>" and "arena:fence:<code>". */
  prefix: string;
  /** This process's id, unique per process: stored as the holder. */
  processId: string;
  /** How long a lease lives in Redis without renewal. Default 3000. */
  ttlMs?: number;
  /** Default ttl / 3; must leave room for a renewal within ttl - safety margin. */
  renewEveryMs?: number;
  /**
   * How much earlier than Redis this process gives up: room for clock drift, timer lateness and
   * the owner's last step. Default 10 % of ttl (at least 2 ms).
   */
  safetyMarginMs?: number;
  /** Clock for validity bookkeeping. Default performance.now. */
  now?: () => number;
}

const SAFE_NAME = /^[^\s]{1,200}$/;

export class RoomLeases {
  private readonly settings: Omit<LeaseSettings, "leaseKey">;
  private readonly prefix: string;
  private readonly live = new Set<HeldRoomLease>();
  private disposed = false;

  constructor(options: RoomLeasesOptions) {
    const { redis, prefix, processId, ttlMs = 3000, now = () => performance.now() } = options;
    if (!redis) throw new Error("RoomLeases: `redis` (an ioredis client) is required");
    requireName("prefix", prefix);
    requireName("processId", processId);
    if (!Number.isInteger(ttlMs) || ttlMs < 10)
      throw new Error(`RoomLeases: ttlMs must be an integer >= 10, not ${ttlMs}`);
    const margin = options.safetyMarginMs ?? Math.max(2, Math.round(ttlMs / 10));
    if (!Number.isFinite(margin) || margin < 0 || margin >= ttlMs / 2) {
      throw new Error(`RoomLeases: safetyMarginMs must be >= 0 and below half of ttlMs (${ttlMs}), not ${margin}`);
    }
    const validityMs = ttlMs - margin;
    const renewEveryMs = options.renewEveryMs ?? Math.round(ttlMs / 3);
    if (!Number.isFinite(renewEveryMs) || renewEveryMs <= 0 || renewEveryMs >= validityMs) {
      throw new Error(
        `RoomLeases: renewEveryMs must be > 0 and below ttlMs - safetyMarginMs (${validityMs}), not ${renewEveryMs}`,
      );
    }
    this.prefix = prefix;
    this.settings = {
      redis,
      processId,
      ttlMs,
      renewEveryMs,
      validityMs,
      now,
      onFinished: (lease) => this.live.delete(lease),
    };
  }

  /**
   * Becomes owner if nobody holds the room; null if somebody does (this process included), with no
   * waiting. Also null when Redis answered too late for the lease to be valid (the key is freed
   * again). Rejects on a Redis error or a bad code.
   */
  async tryAcquire(code: string): Promise<RoomLease | null> {
    this.assertOpen();
    requireName("room code", code);
    const { redis, processId, ttlMs, now } = this.settings;
    const keys = this.keys(code);
    const sentAt = now();
    const fence = await acquireLease(redis, keys, processId, ttlMs);
    if (fence === null) return null;
    if (this.disposed || now() >= sentAt + this.settings.validityMs) {
      // Disposed meanwhile, or the answer came too late to own anything: give the room back.
      await dropLease(redis, keys.lease, leaseToken(fence, processId)).catch(() => {});
      this.assertOpen();
      return null;
    }
    const lease = new HeldRoomLease(code, fence, sentAt, { ...this.settings, leaseKey: keys.lease });
    this.live.add(lease);
    return lease;
  }

  /** The process id holding the room now, or null. Rejects on a Redis error or a bad code. */
  async holder(code: string): Promise<string | null> {
    requireName("room code", code);
    const value = await this.settings.redis.get(this.keys(code).lease);
    return value === null ? null : holderOf(value);
  }

  /** How long the room's lease has left in Redis, in ms (0: nobody holds it). Rejects on a Redis error. */
  async expiresInMs(code: string): Promise<number> {
    requireName("room code", code);
    return Math.max(0, await this.settings.redis.pttl(this.keys(code).lease));
  }

  /** Stops every renewal timer (process exit); releases nothing: the keys expire within ttl. */
  dispose(): void {
    this.disposed = true;
    for (const lease of [...this.live]) lease.stop();
  }

  private keys(code: string): { lease: string; fence: string } {
    return { lease: `${this.prefix}:lease:${code}`, fence: `${this.prefix}:fence:${code}` };
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error("RoomLeases: disposed, no more leases");
  }
}

function requireName(what: string, value: unknown): void {
  if (typeof value !== "string" || !SAFE_NAME.test(value)) {
    throw new Error(`RoomLeases: ${what} must be 1 to 200 characters without spaces, not ${JSON.stringify(value)}`);
  }
}
