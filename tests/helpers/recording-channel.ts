// A RoomChannel that records what a room sends, by recipient, instead of writing to sockets.
import type { ServerToClientEvents, StudentTick, YourRun } from "../../lib/protocol";
import type { RoomChannel } from "../../server/rooms/room-channel";

export interface Sent {
  to: "host" | "students" | "everyone" | { participant: string };
  event: keyof ServerToClientEvents | "disconnect";
  payload?: unknown;
}

export class RecordingChannel implements RoomChannel {
  readonly sent: Sent[] = [];
  /** Called with every message as it is sent (to check what had happened by then). */
  onSend: (sent: Sent) => void = () => {};

  private push(sent: Sent): void {
    this.sent.push(sent);
    this.onSend(sent);
  }

  toHost: RoomChannel["toHost"] = (event, ...args) => void this.push({ to: "host", event, payload: args[0] });
  toStudents: RoomChannel["toStudents"] = (event, ...args) =>
    void this.push({ to: "students", event, payload: args[0] });
  toEveryone: RoomChannel["toEveryone"] = (event, ...args) =>
    void this.push({ to: "everyone", event, payload: args[0] });
  toParticipant: RoomChannel["toParticipant"] = (participant, event, ...args) =>
    void this.push({ to: { participant }, event, payload: args[0] });

  studentTicks(tick: Omit<StudentTick, "view"> | Omit<StudentTick, "you">) {
    return (participant: string, you?: YourRun) =>
      void this.push({ to: { participant }, event: "room:tick", payload: { ...tick, you } });
  }

  disconnectParticipant(participant: string): void {
    this.push({ to: { participant }, event: "disconnect" });
  }

  /** Payloads of `event` sent to `to`: "host", "students", "everyone", or a participant id. */
  payloads(event: Sent["event"], to: string): unknown[] {
    return this.sent
      .filter((s) => s.event === event && (typeof s.to === "string" ? s.to === to : s.to.participant === to))
      .map((s) => s.payload);
  }

  clear(): void {
    this.sent.length = 0;
  }
}
