// The live rooms this process owns, by join code. A room not in memory (after a restart, say) is
// loaded from the database on first use, so a host can re-attach and play on.
import { RoomModel } from "../../lib/room/room-model";
import { LiveRoom, type LiveRoomDeps } from "./live-room";
import type { RoomChannel } from "./room-channel";
import type { LiveRoomSource } from "./room-stores";

export interface RegistryDeps extends Omit<LiveRoomDeps, "channel" | "onClosed"> {
  source: LiveRoomSource;
  channelFor: (code: string) => RoomChannel;
  maxParticipants: number;
  maxRooms: number;
}

/** Thrown when this process already holds as many live rooms as it may. */
export class TooManyRoomsError extends Error {}

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
  async get(code: string): Promise<LiveRoom | null> {
    const live = this.rooms.get(code);
    if (live) return live;
    let pending = this.loading.get(code);
    if (!pending) {
      pending = this.load(code).finally(() => this.loading.delete(code));
      this.loading.set(code, pending);
    }
    return pending;
  }

  private async load(code: string): Promise<LiveRoom | null> {
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
    });
    this.rooms.set(code, room);
    return room;
  }

  /** Stops every room (process shutdown): rounds in play are stored, sessions stay open. */
  async shutdown(): Promise<void> {
    await Promise.all(this.all().map((room) => room.shutdown()));
  }
}
