// One process's ownership of one live room: renewed in the background, and judged on the local
// clock rather than on Redis's word, so that an owner cut off from Redis stops before its key can
// expire there and another process take over. Never two owners.
import type { Redis } from "ioredis";
import { dropLease, extendLease, leaseToken } from "./lease-scripts";

export type LeaseLossReason = "taken" | "expired";

export interface RoomLease {
  readonly code: string;
  /** Strictly increasing per room across all acquisitions: pass it along with every write. */
  readonly fence: number;
  /**
   * True while this process may act as owner: the last successful acquire/renew was SENT less than
   * ttl - safety margin ago (local clock). False at once after a loss, release() or dispose().
   */
  valid(): boolean;
  /**
   * Called once when the lease is lost: a renewal was refused (key gone or someone else's) or the
   * validity ran out without a successful renewal (Redis unreachable). A listener added after the
   * loss is called at once (on a microtask). Not called after release() or dispose().
   */
  onLost(listener: (reason: LeaseLossReason) => void): void;
  /** Stops acting as owner at once, then deletes the key if it is still ours (compare-and-delete). */
  release(): Promise<void>;
}

export interface LeaseSettings {
  redis: Redis;
  leaseKey: string;
  processId: string;
  ttlMs: number;
  renewEveryMs: number;
  /** ttl - safety margin: how long an acquire or renewal keeps the lease valid, from when it was sent. */
  validityMs: number;
  now: () => number;
  /** Told when the lease stops renewing for good, so its owner registry can forget it. */
  onFinished: (lease: HeldRoomLease) => void;
}

type LeaseState = { kind: "held" } | { kind: "lost"; reason: LeaseLossReason } | { kind: "released" | "stopped" };

export class HeldRoomLease implements RoomLease {
  private state: LeaseState = { kind: "held" };
  private validUntil: number;
  private renewing = false;
  private readonly token: string;
  private readonly listeners: ((reason: LeaseLossReason) => void)[] = [];
  private readonly renewTimer: NodeJS.Timeout;
  private expiryTimer: NodeJS.Timeout | undefined;
  private dropping: Promise<void> | undefined;

  constructor(
    readonly code: string,
    readonly fence: number,
    acquireSentAt: number,
    private readonly settings: LeaseSettings,
  ) {
    this.token = leaseToken(fence, settings.processId);
    this.validUntil = acquireSentAt + settings.validityMs;
    this.renewTimer = setInterval(() => void this.renew(), settings.renewEveryMs).unref();
    this.armExpiry();
  }

  valid(): boolean {
    return this.state.kind === "held" && this.settings.now() < this.validUntil;
  }

  onLost(listener: (reason: LeaseLossReason) => void): void {
    const state = this.state;
    if (state.kind === "lost") queueMicrotask(() => listener(state.reason));
    else if (state.kind === "held") this.listeners.push(listener);
  }

  async release(): Promise<void> {
    const before = this.state;
    if (before.kind === "held") this.finish({ kind: "released" });
    if (before.kind === "lost" && before.reason === "taken") return; // the key is someone else's
    // Resolve by ttl at the latest: by then the key has expired in Redis even if the delete is stuck
    // in the offline queue (where it stays harmless: it only deletes our own token).
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.settings.ttlMs).unref()));
    await Promise.race([this.drop(), expired]);
    clearTimeout(timer);
  }

  /** Stops every timer without releasing (process exit): the key expires in Redis by itself. */
  stop(): void {
    if (this.state.kind === "held") this.finish({ kind: "stopped" });
  }

  private async renew(): Promise<void> {
    if (this.state.kind !== "held" || this.renewing) return; // one renewal at a time: no pile-up offline
    const sentAt = this.settings.now();
    if (sentAt >= this.validUntil) return this.lose("expired");
    this.renewing = true;
    let extended: boolean;
    try {
      extended = await extendLease(this.settings.redis, this.settings.leaseKey, this.token, this.settings.ttlMs);
    } catch {
      return; // Redis down or erroring: validity is simply not extended
    } finally {
      this.renewing = false;
    }
    if (this.state.kind !== "held") return; // a late answer changes nothing for a lease already over
    // An answer that arrives after validity ran out does not count, even if the timer has not fired yet.
    if (this.settings.now() >= this.validUntil) return this.lose("expired");
    if (!extended) return this.lose("taken");
    this.validUntil = Math.max(this.validUntil, sentAt + this.settings.validityMs);
  }

  /** One timer at the earliest moment validity can end; it re-arms itself if a renewal moved it. */
  private armExpiry(): void {
    const wait = Math.max(1, this.validUntil - this.settings.now());
    this.expiryTimer = setTimeout(() => {
      if (this.state.kind !== "held") return;
      if (this.settings.now() >= this.validUntil) this.lose("expired");
      else this.armExpiry();
    }, wait).unref();
  }

  private lose(reason: LeaseLossReason): void {
    this.finish({ kind: "lost", reason });
    // Our key may still be in Redis (e.g. a renewal reached it late): free the room for whoever
    // comes next. Compare-and-delete, so a successor's key is never touched.
    if (reason === "expired") void this.drop();
    for (const listener of this.listeners.splice(0)) {
      try {
        listener(reason);
      } catch (error) {
        queueMicrotask(() => {
          throw error; // a listener's bug is not swallowed, but cannot stop the other listeners
        });
      }
    }
  }

  private finish(state: LeaseState): void {
    this.state = state;
    clearInterval(this.renewTimer);
    clearTimeout(this.expiryTimer);
    this.settings.onFinished(this);
  }

  private drop(): Promise<void> {
    this.dropping ??= dropLease(this.settings.redis, this.settings.leaseKey, this.token).then(
      () => {},
      () => {}, // unreachable: the key expires by itself within ttl
    );
    return this.dropping;
  }
}
