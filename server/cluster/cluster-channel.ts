// A room's channel when several processes hold its sockets. The owner delivers every call to its
// own sockets and publishes it once as `room:news`; each other process delivers the same call to
// its sockets (LocalDelivery). A step therefore costs one Redis message, whatever the class size,
// and each process encodes the per-student frames of its own sockets.
import type { HostRoomState, RoundFinished } from "../../lib/protocol";
import type { TickNews } from "../../lib/room/student-news";
import type { LocalDeliveries, LocalDelivery } from "../rooms/local-delivery";
import type { ArenaServer, RoomChannel } from "../rooms/room-channel";
import { connectLocalSocket, type ConnectSocket } from "../rooms/room-handle";
import type { ChannelCall } from "./inter-server";

/** Publishes a call for the other processes; false when Redis is away (it is dropped, not queued). */
export type PublishNews = (code: string, call: ChannelCall) => void;

export class ClusterChannel implements RoomChannel {
  constructor(
    private readonly local: LocalDelivery,
    private readonly publish: PublishNews,
  ) {}

  private send(call: ChannelCall): void {
    this.publish(this.local.code, call);
  }

  toHost: RoomChannel["toHost"] = (...args) => {
    this.send({ method: "toHost", args });
    this.local.toHost(...args);
  };
  toStudents: RoomChannel["toStudents"] = (...args) => {
    this.send({ method: "toStudents", args });
    this.local.toStudents(...args);
  };
  toEveryone: RoomChannel["toEveryone"] = (...args) => {
    this.send({ method: "toEveryone", args });
    this.local.toEveryone(...args);
  };
  toParticipant: RoomChannel["toParticipant"] = (...args) => {
    this.send({ method: "toParticipant", args });
    this.local.toParticipant(...args);
  };

  studentStates(state: HostRoomState): void {
    this.send({ method: "studentStates", args: [state] });
    this.local.studentStates(state);
  }

  /** Published first: the other processes write their sockets while this one writes its own. */
  tick(news: TickNews): Promise<void> {
    this.send({ method: "tick", args: [wireTick(news)] });
    return this.local.tick(news);
  }

  finished(results: RoundFinished): Promise<void> {
    this.send({ method: "finished", args: [results] });
    return this.local.finished(results);
  }

  disconnectParticipant(participantId: string): void {
    this.send({ method: "disconnectParticipant", args: [participantId] });
    this.local.disconnectParticipant(participantId);
  }
}

/** Connects a socket wherever it is: here at once, and through the news (in order) elsewhere. */
export function clusterConnect(io: ArenaServer, publish: PublishNews): ConnectSocket {
  const connectHere = connectLocalSocket(io);
  return (socketId, membership) => {
    connectHere(socketId, membership);
    if (!io.sockets.sockets.has(socketId))
      publish(membership.code, { method: "connect", args: [socketId, membership] });
  };
}

/** Binary fields arrive as Uint8Array views into the message; the delivery reads them as ArrayBuffers. */
function ownBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** msgpack (the adapter's encoding) writes typed arrays as binary but an ArrayBuffer as an empty map. */
function wireTick(news: TickNews): TickNews {
  const bytes = (buffer: ArrayBuffer) => new Uint8Array(buffer) as unknown as ArrayBuffer;
  return {
    host: { ...news.host, losses: bytes(news.host.losses), statuses: bytes(news.host.statuses) },
    student: news.student,
    ranks: bytes(news.ranks),
    divergedAt: bytes(news.divergedAt),
  };
}

function reviveTick(news: TickNews): TickNews {
  return {
    host: { ...news.host, losses: ownBuffer(news.host.losses), statuses: ownBuffer(news.host.statuses) },
    student: news.student,
    ranks: ownBuffer(news.ranks),
    divergedAt: ownBuffer(news.divergedAt),
  };
}

/**
 * Delivers the news other processes publish to this process's sockets, one call after another per
 * room (a tick to thousands of sockets yields to the event loop; the next call waits for it).
 */
export function deliverNews(
  io: ArenaServer,
  deliveries: LocalDeliveries,
  log: (message: string, error?: unknown) => void,
) {
  const connectHere = connectLocalSocket(io);
  const queues = new Map<string, Promise<void>>();
  const apply = async (code: string, call: ChannelCall): Promise<void> => {
    const delivery = deliveries.for(code);
    switch (call.method) {
      case "connect":
        return connectHere(...call.args);
      case "tick":
        return delivery.tick(reviveTick(call.args[0]));
      case "finished":
        return delivery.finished(...call.args);
      case "studentStates":
        return delivery.studentStates(...call.args);
      case "disconnectParticipant":
        return delivery.disconnectParticipant(...call.args);
      case "toHost":
      case "toStudents":
      case "toEveryone": {
        if (call.args[0] === "room:ended") deliveries.forget(code);
        return (delivery[call.method] as (...args: unknown[]) => void)(...call.args);
      }
      case "toParticipant":
        return (delivery.toParticipant as (...args: unknown[]) => void)(...call.args);
    }
  };
  io.on("room:news", (code, call) => {
    const next = (queues.get(code) ?? Promise.resolve())
      .then(() => apply(code, call))
      .catch((error) => log(`room ${code}: delivering ${call.method} failed`, error));
    queues.set(code, next);
    void next.then(() => {
      if (queues.get(code) === next) queues.delete(code);
    });
  });
}
