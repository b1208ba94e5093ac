// Every rate limit of the server, keyed on what identifies the caller. A class behind one NAT, or
// every phone behind one reverse proxy, reaches us from ONE address, so an address identifies a
// school, not a student: commands are limited per socket and per participant, joins per room, and
// only what nothing else identifies (opening a socket, creating a session, the connection check)
// per address, with allowances sized for a school. docs/security.md explains the numbers.
import { normalizeCode } from "../lib/input-rules";
import { KeyedRateLimiter, TokenBucket, type BucketOptions } from "../lib/rate-limit";
import type { ArenaSocket, CommandLimiter } from "./handlers/handler-kit";

export interface RateLimits {
  /** Commands of one socket. */
  socketCommands: BucketOptions;
  /** Commands of one participant (or one room's host) over all its sockets and reconnects. */
  participantCommands: BucketOptions;
  /** `student:join` (new or resumed) into one room, from anyone. */
  roomJoins: BucketOptions;
  /** Socket handshakes from one address. */
  socketOpens: BucketOptions;
  /** POST /api/sessions from one address. */
  sessionCreates: BucketOptions;
  /** POST /api/connection-check from one address. */
  connectionChecks: BucketOptions;
}

/** The limits for rooms of up to `maxParticipants` students (MAX_PARTICIPANTS, default 2,000). */
export function defaultRateLimits(maxParticipants: number): RateLimits {
  return {
    // A phone sends a join and a submit or two per round: 20 at once and 5 a second is far more
    // than any person taps, and little enough that one socket cannot keep the server busy.
    socketCommands: { burst: 20, perSecond: 5 },
    // The same person over reconnects (and tabs): a script that re-opens its socket to get a fresh
    // socket bucket finds its participant's bucket as empty as it left it.
    participantCommands: { burst: 30, perSecond: 5 },
    // A full room joining at once, and after a Wi-Fi drop every phone of it resuming at once,
    // twice over (plus a margin for the nicknames retyped after NICKNAME_TAKEN); then half a room
    // a second. It stops a runaway script joining in a loop, never a class.
    roomJoins: { burst: 2 * maxParticipants + 1_000, perSecond: Math.max(100, maxParticipants / 2) },
    // A school of thousands behind one NAT whose Wi-Fi came back: every phone re-opens its socket
    // at once. A handshake is cheap (no storage); 500 a second sustained still caps a reconnect loop.
    socketOpens: { burst: 10_000, perSecond: 500 },
    // Each session is a database row: a staff room of teachers starting lessons at the same minute
    // passes, a script filling the database does not (one a second sustained).
    sessionCreates: { burst: 100, perSecond: 1 },
    // The page asks when its socket cannot connect: every phone of a class may ask at once (and
    // again on each retry); the check itself costs nothing but a reply.
    connectionChecks: { burst: 5_000, perSecond: 200 },
  };
}

export type RateLimiters = ReturnType<typeof createRateLimiters>;

export function createRateLimiters(limits: RateLimits) {
  const participants = new KeyedRateLimiter(limits.participantCommands);
  const roomJoins = new KeyedRateLimiter(limits.roomJoins);
  return {
    socketOpens: new KeyedRateLimiter(limits.socketOpens),
    sessionCreates: new KeyedRateLimiter(limits.sessionCreates),
    connectionChecks: new KeyedRateLimiter(limits.connectionChecks),

    /** The command limiter of one socket: its own bucket, its participant's once joined, its room's for joins. */
    forSocket(socket: ArenaSocket): CommandLimiter {
      const own = new TokenBucket(limits.socketCommands);
      return {
        take(now: number, event: string, payload: unknown): boolean {
          if (!own.take(now)) return false;
          // Read at each command: a socket becomes a participant (or a host) when it joins.
          const { role, code, participantId } = socket.data;
          const who = role === "host" && code ? `host:${code}` : participantId;
          if (role && who !== undefined && !participants.take(who, now)) return false;
          if (event !== "student:join") return true;
          const room = joinCode(payload);
          return room === null || roomJoins.take(room, now);
        },
      };
    },
  };
}

/** The room a join asks for, as the join's schema will read it; null if it has no code at all. */
function joinCode(payload: unknown): string | null {
  const code = (payload as { code?: unknown } | null)?.code;
  return typeof code === "string" ? normalizeCode(code.slice(0, 32)) : null;
}
