// The composition root: everything the live server is made of, wired from injected parts
// (database, clock, limits), so tests start the real thing on port 0 with their own database.
import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import { Server } from "socket.io";
import { createClientAddressing, type TrustProxy } from "./http/client-address";
import { originAllowed, type OriginPolicy } from "./http/origin";
import { createRateLimiters, defaultRateLimits, type RateLimits } from "./rate-limits";
import type { Database } from "./db/database";
import { HistoryRepository } from "./db/history-repo";
import { ReviewRepository } from "./db/review-repo";
import { RoundRepository } from "./db/round-repo";
import { SessionRepository } from "./db/session-repo";
import { ShareRepository } from "./db/share-repo";
import { DatasetRepository } from "./db/dataset-repo";
import type { AuthGate } from "./auth/auth-gate";
import { createAccounts } from "./auth/accounts";
import type { SignupMode } from "./auth/auth";
import type { AuthLimits } from "./auth/auth-limits";
import { registerHostHandlers } from "./handlers/host.handlers";
import { registerStudentHandlers } from "./handlers/student.handlers";
import type { ArenaSocket, HandlerContext } from "./handlers/handler-kit";
import { createApiHandler } from "./http/api";
import type { ReviewCacheLimits } from "./http/review-api";
import { systemClock, type Clock } from "./rooms/clock";
import { LocalDeliveries } from "./rooms/local-delivery";
import type { ArenaServer } from "./rooms/room-channel";
import { RoomRegistry } from "./rooms/room-registry";
import { LocalRooms, connectLocalSocket } from "./rooms/room-handle";
import { clusterAdapter, linkCluster, type ClusterOptions } from "./cluster/cluster";

export interface AppDeps {
  /** `target` (when known) says whether the database is the embedded one, which runs no autovacuum. */
  database: Pick<Database, "prisma"> & Partial<Pick<Database, "target">>;
  clock?: Clock;
  maxParticipants?: number;
  idleGraceMs?: number;
  flushIntervalMs?: number;
  /** Overrides of the rate limits (server/rate-limits.ts has the defaults and why). */
  limits?: Partial<RateLimits>;
  /** Live rooms this process holds in memory at most. */
  maxRooms?: number;
  /** Browser origins allowed to open sockets besides the server's own (e.g. a separate front end). */
  allowedOrigins?: string[];
  /** PUBLIC_URL's origin: the address phones use, allowed as Origin and shown in the QR code. */
  publicOrigin?: string | null;
  /** Which peers may speak for the client in X-Forwarded-* (TRUST_PROXY; default: none). */
  trustProxy?: TrustProxy;
  log?: (message: string, error?: unknown) => void;
  /** Who a request or socket handshake is signed in as (Better Auth in server/auth/auth.ts). */
  authGate?: AuthGate;
  /** SIGNUP: who may create an account (default "invite": set-up link, then invitations). */
  signup?: SignupMode;
  /** BETTER_AUTH_SECRET; unset: generated once and kept in the database. */
  authSecret?: string;
  /** Overrides of the sign-in/sign-up limits (server/auth/auth-limits.ts has the defaults). */
  authLimits?: Partial<AuthLimits>;
  /** REDIS_URL: this process is one of several sharing Redis and PostgreSQL (docs/scaling.md). */
  cluster?: ClusterOptions;
  /** Overrides of what the review endpoints keep in memory (server/http/review-api.ts has the defaults). */
  reviewCache?: Partial<ReviewCacheLimits>;
}

export type App = ReturnType<typeof createApp>;

export function createApp(httpServer: HttpServer, deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? ((message: string, error?: unknown) => console.error(`[arena] ${message}`, error ?? ""));
  const sessions = new SessionRepository(deps.database.prisma);
  const rounds = new RoundRepository(deps.database.prisma, { vacuumChunks: deps.database.target?.kind === "embedded" });
  const history = new HistoryRepository(deps.database.prisma);
  const shares = new ShareRepository(deps.database.prisma);
  const datasets = new DatasetRepository(deps.database.prisma);

  const maxParticipants = deps.maxParticipants ?? 2_000;
  const addressing = createClientAddressing(deps.trustProxy ?? 0);
  const origins: OriginPolicy = {
    publicOrigin: deps.publicOrigin ?? null,
    allowedOrigins: deps.allowedOrigins ?? [],
    addressing,
  };
  // Instructor accounts (Better Auth); its routes are served ahead of the JSON API below.
  const accounts = createAccounts({
    prisma: deps.database.prisma,
    signup: deps.signup ?? "invite",
    secret: deps.authSecret,
    origins,
    clock,
    limits: deps.authLimits,
    log,
  });
  const authGate = deps.authGate ?? accounts.gate;
  const limiters = createRateLimiters({ ...defaultRateLimits(maxParticipants), ...deps.limits });

  const io: ArenaServer = new Server(httpServer, {
    serveClient: false,
    ...(deps.cluster ? { adapter: clusterAdapter(deps.cluster) } : {}),
    // Every client event is a few hundred bytes; refuse anything much larger outright.
    maxHttpBufferSize: 32 * 1024,
    // No connectionStateRecovery: it keeps every packet sent for minutes (millions of ticks for a
    // class of 2,000). A phone that comes back re-joins with its resume token instead, and the
    // next tick brings it up to date (docs/decisions/0005-reconnection.md).
    // Browsers on other sites may not drive a classroom's sockets; tools without Origin may.
    // Opening a socket is the one step nothing but the address identifies: limited per address
    // (generously: a whole school behind one NAT reconnects at once after a Wi-Fi drop).
    allowRequest: (req, callback) => {
      if (!originAllowed(req, origins)) return callback("origin not allowed", false);
      if (!limiters.socketOpens.take(addressing.address(req), clock.now())) return callback("rate limited", false);
      callback(null, true);
    },
  });

  const deliveries = new LocalDeliveries(io);
  const cluster = deps.cluster ? linkCluster(io, deliveries, deps.cluster, log) : null;
  const registry = new RoomRegistry({
    channelFor: (code) => cluster?.channelFor(code) ?? deliveries.for(code),
    source: sessions,
    sessions,
    rounds,
    datasets,
    clock,
    log,
    flushIntervalMs: deps.flushIntervalMs ?? 1_000,
    idleGraceMs: deps.idleGraceMs ?? 10 * 60_000,
    maxParticipants,
    maxRooms: deps.maxRooms ?? 200,
  });

  const clusterRooms = cluster?.rooms(registry, clock) ?? null;
  const rooms = clusterRooms ?? new LocalRooms(registry, connectLocalSocket(io));
  const context: HandlerContext = { rooms, sessions, clock, log };

  // Who an instructor's socket is signed in as, asked once per connection and only when the
  // handshake carries a cookie: students' phones send none, so they cost no auth work at all.
  // A failed lookup is "signed out" (the host key still works), never a refused connection.
  io.use((socket, next) => {
    if (!socket.handshake.headers.cookie) return next();
    authGate.instructorFrom(socket.handshake.headers).then(
      (instructor) => {
        socket.data.instructor = instructor;
        next();
      },
      (error: unknown) => {
        log("socket sign-in check failed", error);
        next();
      },
    );
  });

  io.on("connection", (socket: ArenaSocket) => {
    // Per socket, per participant, per room; never per address (a class shares one).
    const limiter = limiters.forSocket(socket);
    registerHostHandlers(socket, context, limiter);
    registerStudentHandlers(socket, context, limiter);
    // onLeave: the room that connection was in (if this process still holds it) hears of it.
    socket.on("disconnect", () => {
      const { role, code, participantId } = socket.data;
      if (!code || !role) return;
      void rooms
        .present(code)
        .then((room) => room?.leave(role === "student" ? participantId : undefined))
        .catch((error) => log("leave failed", error));
    });
  });

  let ready = true;
  const checkHealth = async (): Promise<string | null> => {
    if (!ready) return "Shutting down.";
    if (deps.cluster && deps.cluster.redis.status !== "ready")
      return "Redis is unreachable: rooms whose lease is still valid play on, then pause until it is back.";
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
  const handleJsonApi = createApiHandler({
    sessions,
    history,
    review: new ReviewRepository(deps.database.prisma),
    reviewCache: deps.reviewCache,
    shares,
    datasets,
    auth: authGate,
    clock,
    log,
    checkHealth,
    origins,
    limiters,
  });

  return {
    io,
    registry,
    /** Handles /api/* (accounts and Better Auth first); false for anything else (the pages). */
    handleApi: async (req: IncomingMessage, res: ServerResponse): Promise<boolean> =>
      (await accounts.handle(req, res)) || handleJsonApi(req, res),
    accounts,
    /** Client address, protocol and host of a request, TRUST_PROXY-aware (e.g. `isHttps` for HSTS). */
    addressing,
    repositories: { sessions, rounds, history, shares, datasets },
    /** Stops (or hands over) rooms, storing rounds in play, and closes sockets; database and Redis are the caller's. */
    async close(): Promise<void> {
      ready = false;
      // With several processes the rooms are handed over (stored, released: another takes them).
      if (clusterRooms) await clusterRooms.handOver();
      else await registry.shutdown();
      cluster?.dispose();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}
