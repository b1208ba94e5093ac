// The live rooms this process owns, by join code. A room not in memory (after a restart, say) is
// loaded from the database on first use, so a host can re-attach and play on; a round it had in
// play comes back with it, paused at its last stored step (or playing, for a takeover).
import { RoomModel } from "../../lib/room/room-model";
import { LiveRoom, type LiveRoomDeps } from "./live-room";
import type { RoomChannel } from "./room-channel";
import type { LiveRoomSource } from "./room-stores";
import type { RoundFencing } from "./round-player";

export interface RegistryDeps extends Omit<LiveRoomDeps, "channel" | "onClosed" | keyof RoundFencing> {
  source: LiveRoomSource;
  channelFor: (code: string) => RoomChannel;
  maxParticipants: number;
  maxRooms: number;
}

/** Thrown when this process already holds as many live rooms as it may. */
export class TooManyRoomsError extends Error {}

export interface LoadOptions {
  /**
   * A round in play found in storage plays on at once (a process taking over the rooms of one
   * that died). Default: it waits, paused, for the host to resume it.
   */
  play?: boolean;
  /**
   * The lease fence this process owns the room with (claimed first: claim()); every write of its
   * rounds carries it. When storage refuses one, `onFencedOut` is called and the room is abandoned.
   */
  fence?: number;
  onFencedOut?: () => void;
}

/** What claim() found: the room is this fence's to load, a newer owner's, or not live at all. */
export type Claim = "claimed" | "newer owner" | "none";

export class RoomRegistry {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly loading = new Map<string, Promise<LiveRoom | null>>();

  constructor(private readonly deps: RegistryDeps) {}

  get size(): number {
    return this.rooms.size;
  }

  all(): LiveRoom[] {
    return [...this.rooms.values()];
  }

  /** The room with this code if this process holds it now (never loads one). */
  live(code: string): LiveRoom | undefined {
    return this.rooms.get(code);
  }

  /** The live room with this code, loading it from storage if needed; null if there is none. */
  get(code: string, options: LoadOptions = {}): Promise<LiveRoom | null> {
    return this.load(code, options);
  }

  /**
   * The room with this code, loaded from storage with `options` if this process does not hold it
   * (default: a round in play comes back paused). A room this process already holds, or is already
   * loading, comes as it is: loading once for every caller matters more than the options.
   */
  async load(code: string, options: LoadOptions = {}): Promise<LiveRoom | null> {
    const live = this.rooms.get(code);
    if (live) return live;
    let pending = this.loading.get(code);
    if (!pending) {
      pending = this.loadFromStorage(code, options).finally(() => this.loading.delete(code));
      this.loading.set(code, pending);
    }
    return pending;
  }

  /**
   * Several processes: makes `fence` the owner fence of the live session with this code in storage,
   * before load() reads it, so the writes of any older owner are refused from now on.
   */
  async claim(code: string, fence: number): Promise<Claim> {
    if (await this.deps.source.claimOwnership(code, fence)) return "claimed";
    return (await this.deps.source.hasLiveSession(code)) ? "newer owner" : "none";
  }

  /**
   * Single-process start-up: loads every live session that storage has a round in play for, its
   * round paused. Resolves with how many rounds are back in play. A room that cannot be loaded now
   * (too many rooms, say) is logged and comes back on first use instead.
   */
  async restoreUnfinished(): Promise<number> {
    let restored = 0;
    for (const code of await this.deps.source.codesWithRoundInPlay()) {
      try {
        const room = await this.load(code);
        if (room?.status === "paused") restored++;
      } catch (error) {
        this.deps.log(`room ${code}: not restored at start-up`, error);
      }
    }
    return restored;
  }

  private async loadFromStorage(code: string, options: LoadOptions): Promise<LiveRoom | null> {
    const stored = await this.deps.source.loadLiveRoom(code);
    if (!stored) return null;
    if (this.rooms.size >= this.deps.maxRooms) throw new TooManyRoomsError(`${this.rooms.size} live rooms`);
    const model = new RoomModel({
      sessionId: stored.id,
      code: stored.code,
      title: stored.title,
      hostTokenHash: stored.hostTokenHash,
      ownerId: stored.ownerId,
      settings: stored.settings,
      datasetCopy: stored.datasetCopy,
      roundsPlayed: stored.roundsPlayed,
      maxParticipants: this.deps.maxParticipants,
      participants: stored.participants.map((p) => ({ ...p, connections: 0 })),
    });
    const room = new LiveRoom(model, {
      ...this.deps,
      channel: this.deps.channelFor(code),
      onClosed: (closed) => {
        if (this.rooms.get(closed.code) === closed) this.rooms.delete(closed.code);
      },
      fence: options.fence,
      onFencedOut: () => {
        options.onFencedOut?.();
        room.abandon().catch((error) => this.deps.log(`room ${code}: stopping this copy failed`, error));
      },
    });
    // Held at once (counted against maxRooms); commands queue behind the restore.
    this.rooms.set(code, room);
    try {
      if (stored.roundInPlay) await room.restoreRound(stored.roundInPlay, options);
    } catch (error) {
      // Not held after all: stop this copy (its idle countdown would end the session), storage as it is.
      await room.shutdown();
      throw error;
    }
    return room;
  }

  /** Stops every room (process shutdown): rounds in play are stored and stay in play, sessions stay open. */
  async shutdown(): Promise<void> {
    await Promise.all(this.all().map((room) => room.shutdown()));
  }
}
