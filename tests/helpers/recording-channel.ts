// A RoomChannel that records what a room sends, by recipient, instead of writing to sockets. The
// room-wide news (student states, ticks, results) is expanded into each student's copy with the
// same derivations a process's delivery uses, for the students the last host view shows connected.
import type { HostRoomState, RoundFinished, ServerToClientEvents } from "../../lib/protocol";
import {
  RunTable,
  runIndexByParticipant,
  studentFinished,
  studentStateFrom,
  type TickNews,
} from "../../lib/room/student-news";
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
  /** The last host view given with student states: who is connected, and the round's runs. */
  private lastView: HostRoomState | null = null;

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

  private connected() {
    return (this.lastView?.participants ?? []).filter((view) => view.connected);
  }

  studentStates(state: HostRoomState): void {
    this.lastView = state;
    for (const view of this.connected())
      this.push({ to: { participant: view.id }, event: "room:state", payload: studentStateFrom(state, view) });
  }

  tick(news: TickNews): Promise<void> {
    this.push({ to: "host", event: "room:tick", payload: news.host });
    const table = new RunTable(news);
    const runs = this.lastView ? runIndexByParticipant(this.lastView) : new Map<string, number>();
    for (const view of this.connected()) {
      const payload = { ...news.student, you: table.you(runs.get(view.id)) };
      this.push({ to: { participant: view.id }, event: "room:tick", payload });
    }
    return Promise.resolve();
  }

  finished(results: RoundFinished): Promise<void> {
    this.push({ to: "host", event: "room:finished", payload: results });
    for (const result of results.results) {
      const payload = studentFinished(results, result);
      this.push({ to: { participant: result.participantId }, event: "room:finished", payload });
    }
    return Promise.resolve();
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
