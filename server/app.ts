// The composition root: everything the live server is made of, wired from injected parts
// (database, clock, limits), so tests start the real thing on port 0 with their own database.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { KeyedRateLimiter, TokenBucket, type BucketOptions } from "../lib/rate-limit";
import { originAllowed } from "./http/origin";
import type { Database } from "./db/database";
import { HistoryRepository } from "./db/history-repo";
import { RoundRepository } from "./db/round-repo";
import { SessionRepository } from "./db/session-repo";
import { registerHostHandlers } from "./handlers/host.handlers";
import { registerStudentHandlers } from "./handlers/student.handlers";
import type { ArenaSocket, HandlerContext } from "./handlers/handler-kit";
import { createApiHandler } from "./http/api";
import { systemClock, type Clock } from "./rooms/clock";
import { socketChannel, type ArenaServer } from "./rooms/room-channel";
import { RoomRegistry } from "./rooms/room-registry";

export interface AppDeps {
  database: Pick<Database, "prisma">;
  clock?: Clock;
  maxParticipants?: number;
  idleGraceMs?: number;
  flushIntervalMs?: number;
  /** Commands per socket, and per client address: burst and sustained rate. */
  socketRate?: BucketOptions;
  addressRate?: BucketOptions;
  /** Live rooms this process holds in memory at most. */
  maxRooms?: number;
  /** Browser origins allowed to open sockets besides the server's own (e.g. a separate front end). */
  allowedOrigins?: string[];
  log?: (message: string, error?: unknown) => void;
}

export type App = ReturnType<typeof createApp>;

export function createApp(httpServer: HttpServer, deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(`[arena] ${message}`, error ?? ""));
  const sessions = new SessionRepository(deps.database.prisma);
  const rounds = new RoundRepository(deps.database.prisma);
  const history = new HistoryRepository(deps.database.prisma);

  const io: ArenaServer = new Server(httpServer, {
    serveClient: false,
    // Every client event is a few hundred bytes; refuse anything much larger outright.
    maxHttpBufferSize: 32 * 1024,
    // No connectionStateRecovery: it keeps every packet sent for minutes (millions of ticks for a
    // class of 2,000). A phone that comes back re-joins with its resume token instead, and the
    // next tick brings it up to date (docs/decisions/0005-reconnection.md).
    // Browsers on other sites may not drive a classroom's sockets; tools without Origin may.
    allowRequest: (req, callback) => callback(null, originAllowed(req, deps.allowedOrigins ?? [])),
  });

  const registry = new RoomRegistry({
    channelFor: (code) => socketChannel(io, code),
    sessions,
    rounds,
    clock,
    log,
    flushIntervalMs: deps.flushIntervalMs ?? 1_000,
    idleGraceMs: deps.idleGraceMs ?? 10 * 60_000,
    maxParticipants: deps.maxParticipants ?? 2_000,
    maxRooms: deps.maxRooms ?? 200,
  });

  const context: HandlerContext = { registry, sessions, clock, log };
  const socketRate = deps.socketRate ?? { burst: 20, perSecond: 5 };

  // Per address as well as per socket: one machine opening many sockets is still one machine.
  // Generous, because a whole class behind a school's NAT shares one address.
  const addressLimiter = new KeyedRateLimiter(deps.addressRate ?? { burst: 600, perSecond: 100 });

  io.on("connection", (socket: ArenaSocket) => {
    const socketBucket = new TokenBucket(socketRate);
    const address = socket.handshake.address;
    const limiter = { take: (now: number) => socketBucket.take(now) && addressLimiter.take(address, now) };
    registerHostHandlers(socket, context, limiter);
    registerStudentHandlers(socket, context, limiter);
    const presence = async (delta: 1 | -1) => {
      const { role, code, participantId } = socket.data;
      const room = code ? await registry.get(code) : null;
      if (!room || room.closed) return;
      await room.exec(() => {
        if (role === "host") room.hostConnected(delta);
        const participant = participantId ? room.model.participants.get(participantId) : undefined;
        if (role === "student" && participant && !participant.kicked) room.participantConnected(participant, delta);
      });
    };
    socket.on("disconnect", () => void presence(-1).catch((error) => log("presence failed", error)));
  });

  let ready = true;
  const checkHealth = async (): Promise<string | null> => {
    if (!ready) return "Shutting down.";
    // A live probe: rooms keep playing in memory while the database is away, so health says so.
    const probe = deps.database.prisma.$queryRaw`SELECT 1`;
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), 2_000).unref());
    try {
      await Promise.race([probe, timeout]);
      return null;
    } catch {
      probe.catch(() => {});
      return "The database is unreachable: live rounds go on in memory and are stored when it is back.";
    }
  };
  const handleApi = createApiHandler({ sessions, history, clock, log, checkHealth });

  return {
    io,
    registry,
    handleApi,
    repositories: { sessions, rounds, history },
    /** Stops rooms (storing rounds in play) and closes sockets; the database is the caller's. */
    async close(): Promise<void> {
      ready = false;
      await registry.shutdown();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
