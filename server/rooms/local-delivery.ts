// A room's messages delivered to this process's own sockets. With one process this is the whole
// RoomChannel; with several, every process runs the same delivery for its sockets when the room's
// owner sends it the news (server/cluster/cluster-channel.ts). Students' copies are made here from
// the news (lib/room/student-news.ts), socket by socket: the room never loops over its class.
import type { HostRoomState, RoundFinished } from "../../lib/protocol";
import {
  RunTable,
  runIndexByParticipant,
  studentFinished,
  studentStateFrom,
  type TickNews,
} from "../../lib/room/student-news";
import {
  hostRoom,
  participantRoom,
  studentsRoom,
  everyoneRoom,
  type ArenaServer,
  type ArenaSocket,
  type RoomChannel,
} from "./room-channel";
import { studentTickFrames, studentTickPacket } from "./student-tick-packet";
import { sendFrameDirectly } from "./websocket-fast-path";

// Students sent a tick between two yields to the event loop (~3 ms of work at 2,000 students).
const STUDENTS_PER_TURN = 100;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The part of socket.io's per-connection client used to write an already encoded packet, as
 * socket.io's in-memory adapter does for broadcasts: engine.io sends `wsPreEncodedFrame` as is
 * on a WebSocket and the packet's text on a long-polling transport.
 */
export interface PacketWriter {
  _packet(packet: string, opts: { preEncoded: true; wsPreEncodedFrame: Buffer[] }): void;
}

type Emit = (event: string, ...args: unknown[]) => boolean;

export class LocalDelivery implements RoomChannel {
  /** Run index of each participant in the round `runsOfRound` (from the last host view seen). */
  private runs = new Map<string, number>();
  private runsOfRound = -1;

  constructor(
    private readonly io: ArenaServer,
    readonly code: string,
  ) {}

  /**
   * This process's sockets in a socket.io room (the adapter's rooms are always local), as they are
   * now: one that leaves while a message is going out gets nothing (its connection is closed by
   * its turn). An array rather than a generator: two iterator results per student and step were
   * garbage too.
   */
  private socketsIn(room: string) {
    const sockets: ArenaSocket[] = [];
    for (const id of this.io.sockets.adapter.rooms.get(room) ?? []) {
      const socket = this.io.sockets.sockets.get(id);
      if (socket) sockets.push(socket);
    }
    return sockets;
  }

  /** `io.local`: with several processes, the others get the news and deliver it themselves. */
  toHost: RoomChannel["toHost"] = (event, ...args) => void this.io.local.to(hostRoom(this.code)).emit(event, ...args);
  toStudents: RoomChannel["toStudents"] = (event, ...args) =>
    void this.io.local.to(studentsRoom(this.code)).emit(event, ...args);
  toEveryone: RoomChannel["toEveryone"] = (event, ...args) =>
    void this.io.local.to(everyoneRoom(this.code)).emit(event, ...args);
  toParticipant: RoomChannel["toParticipant"] = (participantId, event, ...args) => {
    for (const socket of this.socketsIn(participantRoom(this.code, participantId)))
      (socket.emit as Emit)(event, ...args);
  };

  studentStates(state: HostRoomState): void {
    this.learnRuns(state);
    const views = new Map(state.participants.map((view) => [view.id, view]));
    for (const socket of this.socketsIn(studentsRoom(this.code))) {
      const view = views.get(socket.data.participantId ?? "");
      if (view) socket.emit("room:state", studentStateFrom(state, view));
    }
  }

  async tick(news: TickNews): Promise<void> {
    this.toHost("room:tick", news.host);
    const table = new RunTable(news);
    const runs = this.runsOfRound === news.student.round ? this.runs : undefined;
    const frameFor = studentTickFrames(news.student);
    let packetFor: ReturnType<typeof studentTickPacket> | undefined; // made once a student needs it
    const sockets = this.socketsIn(studentsRoom(this.code));
    // An index, not for-of: across the awaits below, each iterator result was garbage too.
    for (let index = 0; index < sockets.length; index++) {
      const socket = sockets[index]!;
      const participantId = socket.data.participantId;
      if (participantId === undefined) continue;
      const you = table.you(runs?.get(participantId));
      const frame = frameFor(you);
      // Pre-encoded, as socket.io's own broadcasts are, straight onto the WebSocket when nothing
      // is queued before it; else through engine.io, which still drops it if the connection is
      // no longer open (and sends the text on long-polling).
      if (!sendFrameDirectly(socket.conn, frame)) {
        const packet = (packetFor ??= studentTickPacket(news.student))(you);
        const client = socket.client as unknown as PacketWriter;
        client._packet(packet, { preEncoded: true, wsPreEncodedFrame: [frame] });
      }
      if ((index + 1) % STUDENTS_PER_TURN === 0) await nextTurn();
    }
  }

  async finished(results: RoundFinished): Promise<void> {
    this.toHost("room:finished", results);
    const byParticipant = new Map(results.results.map((result) => [result.participantId, result]));
    let sent = 0;
    for (const socket of this.socketsIn(studentsRoom(this.code))) {
      const own = byParticipant.get(socket.data.participantId ?? "");
      if (!own) continue;
      socket.emit("room:finished", studentFinished(results, own));
      if (++sent % 250 === 0) await nextTurn();
    }
  }

  disconnectParticipant(participantId: string): void {
    this.io.local.in(participantRoom(this.code, participantId)).disconnectSockets(true);
  }

  private learnRuns(state: HostRoomState): void {
    if (state.roster.length === 0 || state.round === this.runsOfRound) return;
    this.runs = runIndexByParticipant(state);
    this.runsOfRound = state.round;
  }
}

/** Each room's delivery in this process, kept while the process has a use for it. */
export class LocalDeliveries {
  private readonly byCode = new Map<string, LocalDelivery>();

  constructor(private readonly io: ArenaServer) {}

  for(code: string): LocalDelivery {
    let delivery = this.byCode.get(code);
    if (!delivery) this.byCode.set(code, (delivery = new LocalDelivery(this.io, code)));
    return delivery;
  }

  forget(code: string): void {
    this.byCode.delete(code);
  }
}
