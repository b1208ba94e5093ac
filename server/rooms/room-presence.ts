// Who is connected to a room, as far as closing it goes: a room nobody is connected to (no host,
// no student) closes after a grace period, so a forgotten session does not hold memory forever.
import type { RoomModel } from "../../lib/room/room-model";
import type { Clock } from "./clock";
import type { Membership } from "./room-handle";

export class RoomPresence {
  private hosts = 0;
  private timer: unknown = null;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly graceMs: number,
    /** Whether any student is connected (the room's model knows). */
    private readonly anyStudent: () => boolean,
    private readonly onIdle: () => void,
  ) {
    this.changed();
  }

  hostJoined(): void {
    this.hosts++;
    this.changed();
  }

  hostLeft(): void {
    this.hosts = Math.max(0, this.hosts - 1);
    this.changed();
  }

  /** Counts everybody again from the connections on every process (a room taken over). */
  recount(model: Pick<RoomModel, "participants" | "setConnections">, members: Membership[]): void {
    const sockets = new Map<string, number>();
    this.hosts = 0;
    for (const member of members) {
      if (member.role === "host") this.hosts++;
      else if (member.participantId) sockets.set(member.participantId, (sockets.get(member.participantId) ?? 0) + 1);
    }
    for (const participant of model.participants.values())
      model.setConnections(participant, sockets.get(participant.id) ?? 0);
    this.changed();
  }

  /** Call after any change of who is connected: (re)starts or stops the idle countdown. */
  changed(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.disposed || this.hosts > 0 || this.anyStudent()) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.onIdle();
    }, this.graceMs);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
