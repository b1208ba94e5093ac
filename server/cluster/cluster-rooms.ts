// The rooms of a service of several processes. Each live room has one owner, the process holding
// its lease (room-leases.ts); the others forward its commands there (remote-room.ts). Which rooms
// are live is kept in Redis (`<prefix>:live`, code -> status) so that when an owner dies, the
// processes still running see a live room nobody holds and one of them takes it over, rebuilding it
// from PostgreSQL at its last stored step (and playing on if it was playing).
import type { Redis } from "ioredis";
import type { RoomStatus } from "../../lib/protocol";
import type { Clock } from "../rooms/clock";
import type { LiveRoom } from "../rooms/live-room";
import { everyoneRoom, type ArenaServer } from "../rooms/room-channel";
import { localHandle, type ConnectSocket, type Membership, type RoomHandle, type Rooms } from "../rooms/room-handle";
import type { RoomRegistry } from "../rooms/room-registry";
import { RemoteRoom, askOwner, roomMoving, runForwarded, serveForwardedCommands } from "./remote-room";
import type { RoomLease, RoomLeases } from "./room-leases";
import type { CommandRequest } from "./inter-server";

// How long a forwarded command keeps looking for an owner (a failover takes up to ~4 s).
const MOVING_WINDOW_MS = 6_000;
// The first retry comes soon (an owner still loading the room answers within a second); later ones
// wait for the silent owner's lease to run out, up to a second, with jitter: a class of 2,000
// returning at once must not poll Redis thousands of times a second.
const FIRST_RETRY_MS = 250;
const LATER_RETRY_MS = 1_000;
export const SWEEP_EVERY_MS = 500;

export interface ClusterRoomsDeps {
  io: ArenaServer;
  redis: Redis;
  prefix: string;
  processId: string;
  leases: RoomLeases;
  registry: RoomRegistry;
  connect: ConnectSocket;
  clock: Clock;
  log: (message: string, error?: unknown) => void;
}

interface Held {
  room: LiveRoom;
  lease: RoomLease | null;
  /** The status last written to the live set. */
  published: RoomStatus | null;
  /** Set while the lease is lost to a Redis outage: whether the round was playing when it paused. */
  suspended: { wasRunning: boolean } | null;
}

type Taken = RoomHandle | "elsewhere" | "none";

export class ClusterRooms implements Rooms {
  private readonly held = new Map<string, Held>();
  private readonly taking = new Map<string, Promise<Taken>>();
  private readonly liveKey: string;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;
  private stopped = false;

  constructor(private readonly deps: ClusterRoomsDeps) {
    this.liveKey = `${deps.prefix}:live`;
    serveForwardedCommands(deps.io, (code) => this.ownedHandle(code), deps.log);
    deps.io.on("room:released", (codes) => {
      for (const code of codes) void this.take(code).catch((error) => deps.log(`taking room ${code} failed`, error));
    });
  }

  start(): void {
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async get(code: string): Promise<RoomHandle | null> {
    const owned = this.ownedHandle(code);
    if (owned) return owned;
    if (this.held.get(code)?.suspended) return this.unavailable(code);
    try {
      const holder = await this.deps.leases.holder(code);
      if (holder !== null && holder !== this.deps.processId) return this.remote(code);
      const taken = await this.take(code);
      if (taken === "none") return null;
      return taken === "elsewhere" ? this.remote(code) : taken;
    } catch (error) {
      this.deps.log(`room ${code}: Redis did not answer`, error);
      return this.unavailable(code);
    }
  }

  present(code: string): Promise<RoomHandle | null> {
    return Promise.resolve(this.ownedHandle(code) ?? this.remote(code));
  }

  /** The room if this process owns it now (lease valid, not suspended). */
  private ownedHandle(code: string): RoomHandle | null {
    const held = this.held.get(code);
    if (!held?.lease?.valid() || held.suspended || this.registry().live(code) !== held.room) return null;
    return localHandle(held.room, this.deps.connect);
  }

  private remote(code: string): RoomHandle {
    return new RemoteRoom(code, (request) => this.forward(request));
  }

  /** A handle answering ROOM_MOVING to everything (Redis away: nobody can tell who owns the room). */
  private unavailable(code: string): RoomHandle {
    return new RemoteRoom(code, (request) => Promise.resolve(request.command === "leave" ? undefined : roomMoving()));
  }

  private registry(): RoomRegistry {
    return this.deps.registry;
  }

  private async forward(request: CommandRequest): Promise<unknown> {
    const deadline = this.deps.clock.now() + MOVING_WINDOW_MS;
    for (let attempt = 0; ; attempt++) {
      const answer = await askOwner(this.deps.io, request);
      if (answer) {
        if ("thrown" in answer) throw new Error(`the owner of room ${request.code} failed (${answer.thrown})`);
        return answer.result;
      }
      // Nobody answered as owner: the room is moving (its owner stopped or died). Take it if free.
      const here = await this.take(request.code).catch(() => "elsewhere" as const);
      if (here === "none")
        return request.command === "leave"
          ? undefined
          : { ok: false, code: "ROOM_NOT_FOUND", message: "This session has ended." };
      if (here !== "elsewhere") return runForwarded(here, request);
      if (this.deps.clock.now() >= deadline) return request.command === "leave" ? undefined : roomMoving();
      const delay = await this.retryDelay(request.code, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async retryDelay(code: string, attempt: number): Promise<number> {
    if (attempt === 0) return FIRST_RETRY_MS;
    const leaseLeft = await this.deps.leases.expiresInMs(code).catch(() => LATER_RETRY_MS);
    const wait = Math.min(LATER_RETRY_MS, Math.max(FIRST_RETRY_MS, leaseLeft));
    return wait + Math.random() * FIRST_RETRY_MS;
  }

  /** Becomes the room's owner if nobody is, loading it here; one attempt at a time per room. */
  private take(code: string): Promise<Taken> {
    const owned = this.ownedHandle(code);
    if (owned) return Promise.resolve(owned);
    if (this.stopped) return Promise.resolve("elsewhere");
    let pending = this.taking.get(code);
    if (!pending) {
      pending = this.acquireAndLoad(code).finally(() => this.taking.delete(code));
      this.taking.set(code, pending);
    }
    return pending;
  }

  private async acquireAndLoad(code: string): Promise<Taken> {
    const lease = await this.deps.leases.tryAcquire(code);
    if (!lease) return "elsewhere";
    try {
      const suspended = this.held.get(code);
      const status = await this.deps.redis.hget(this.liveKey, code);
      let room: LiveRoom | null;
      if (suspended?.suspended && this.registry().live(code) === suspended.room) {
        // Redis is back and nobody took the room meanwhile: this copy is still the room. Its writes
        // keep the fence it was loaded with, which storage refuses if anyone has claimed it since.
        room = suspended.room;
        await room.regain(suspended.suspended.wasRunning);
      } else {
        // Claimed before it is read: from now on storage refuses an older owner's writes.
        const claim = await this.registry().claim(code, lease.fence);
        if (claim === "newer owner") {
          await lease.release();
          return "elsewhere";
        }
        // A write refused later: a newer owner has the room, so this copy stops as if the lease were taken.
        const onFencedOut = () => {
          const held = this.held.get(code);
          if (!held?.lease || held.room !== room) return;
          const stopped = [this.lost(code, held.lease, "taken"), held.lease.release()];
          Promise.all(stopped).catch((error) => this.deps.log(`room ${code}: stopping this copy failed`, error));
        };
        room =
          claim === "none"
            ? null
            : await this.registry().load(code, { play: status === "running", fence: lease.fence, onFencedOut });
      }
      if (!room) {
        await lease.release();
        await this.deps.redis.hdel(this.liveKey, code);
        return "none";
      }
      this.held.set(code, { room, lease, published: null, suspended: null });
      if (status) this.deps.log(`room ${code}: taken over by this process (it was ${status}), fence ${lease.fence}`);
      lease.onLost((reason) => void this.lost(code, lease, reason));
      await this.publish(code);
      await this.recount(room);
      return localHandle(room, this.deps.connect);
    } catch (error) {
      await lease.release().catch(() => {});
      throw error;
    }
  }

  /** Who is connected to the room on every process (socket.io's fetchSockets through the adapter). */
  private async recount(room: LiveRoom): Promise<void> {
    const sockets = await this.deps.io.in(everyoneRoom(room.code)).fetchSockets();
    const members = sockets.map((socket) => socket.data).filter((data): data is Membership => !!data.role);
    await room.recount(members);
  }

  private async publish(code: string): Promise<void> {
    const held = this.held.get(code);
    if (!held || held.suspended) return;
    const status = held.room.status;
    if (status === held.published) return;
    await this.deps.redis.hset(this.liveKey, code, status);
    held.published = status;
  }

  private async lost(code: string, lease: RoomLease, reason: "taken" | "expired"): Promise<void> {
    const held = this.held.get(code);
    if (!held || held.lease !== lease) return;
    held.lease = null;
    if (reason === "taken") {
      this.held.delete(code);
      this.deps.log(`room ${code}: another process owns it now; this copy stops`);
      await held.room.abandon();
      return;
    }
    this.deps.log(`room ${code}: the lease could not be renewed (Redis unreachable); pausing`);
    held.suspended = { wasRunning: await held.room.suspend() };
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      for (const [code, held] of [...this.held]) {
        if (this.registry().live(code) !== held.room) {
          // Closed for good here (ended by the host, idle): it is no longer live anywhere.
          this.held.delete(code);
          await held.lease?.release();
          await this.deps.redis.hdel(this.liveKey, code);
        } else if (held.suspended) {
          // Redis is back (or still away: this throws). Another process may have taken the room
          // meanwhile from storage: then this paused copy gives way to it.
          if ((await this.take(code)) === "elsewhere") await this.giveWay(code, held);
        } else await this.publish(code);
      }
      const live = await this.deps.redis.hkeys(this.liveKey);
      for (const code of live) {
        if (this.held.has(code) || (await this.deps.leases.holder(code)) !== null) continue;
        await this.take(code);
      }
    } catch (error) {
      // Redis away: said once per outage by the Redis client; anything else is worth a line.
      if (this.deps.redis.status === "ready") this.deps.log("cluster sweep failed", error);
    } finally {
      this.sweeping = false;
    }
  }

  /** A suspended copy whose room another process owns now: it stops, and the host hears all is well. */
  private async giveWay(code: string, held: Held): Promise<void> {
    if (this.held.get(code) !== held) return;
    this.held.delete(code);
    this.deps.log(`room ${code}: another process took it over during the Redis outage; this copy stops`);
    await held.room.abandon({ recovered: true });
  }

  /**
   * Rolling restart: every room this process owns is stored (every step played), released and
   * announced, so another process takes it at once and its round plays on there.
   */
  async handOver(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    const released: string[] = [];
    await Promise.all(
      [...this.held].map(async ([code, held]) => {
        this.held.delete(code);
        const status = held.room.status;
        await held.room.handOver();
        if (!held.lease?.valid()) return;
        await this.deps.redis.hset(this.liveKey, code, status);
        await held.lease.release();
        released.push(code);
      }),
    );
    if (released.length > 0) this.deps.io.serverSideEmit("room:released", released);
  }
}
