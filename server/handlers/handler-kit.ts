// Shared plumbing of socket handlers: acks, validation, rate limits and the rule that no raw
// exception ever reaches a client.
import type { z } from "zod";
import type { Ack, ErrorCode, IncomingClientEvents, ProtocolError } from "../../lib/protocol";
import type { Result } from "../../lib/room/room-model";
import { firstIssueMessage } from "../../lib/validation-message";
import type { Clock } from "../rooms/clock";
import type { ArenaSocket } from "../rooms/room-channel";
import type { Rooms } from "../rooms/room-handle";
import { TooManyRoomsError } from "../rooms/room-registry";
import type { SessionRepository } from "../db/session-repo";

export type { ArenaSocket };

export interface HandlerContext {
  rooms: Rooms;
  sessions: SessionRepository;
  clock: Clock;
  log: (message: string, error?: unknown) => void;
}

export const failure = (code: ErrorCode, message: string): { ok: false; error: ProtocolError } => ({
  ok: false,
  error: { code, message },
});

/** A room's answer as an ack: the same `{ ok: true, ... }` on success, the error otherwise. */
export function fromResult<T extends object>(result: Result<T>): Ack<T> {
  return result.ok ? result : failure(result.code, result.message);
}

/** Parses `payload` or returns the INVALID_PAYLOAD ack describing the first problem. */
export function parse<S extends z.ZodType>(schema: S, payload: unknown): { data: z.output<S> } | { error: Ack } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { data: parsed.data };
  return { error: failure("INVALID_PAYLOAD", firstIssueMessage(parsed.error)) };
}

type Handler = (payload: unknown) => Promise<Ack> | Ack;

/** Says whether one more command may go through now (server/rate-limits.ts decides by what). */
export interface CommandLimiter {
  take(now: number, event: string, payload: unknown): boolean;
}

/**
 * Refused commands per socket before it is disconnected. Answering every command of a flood would
 * itself cost the server as much as serving it (measured: one flooding client cut everybody's
 * tick rate by five), so a socket that keeps going after being told to slow down is dropped.
 */
export const ABUSE = { refusals: 300, windowMs: 10_000 } as const;

export class FloodGuard {
  private refusals = 0;
  private windowStart = 0;

  /** Records a refused command; true when the socket should be dropped. */
  refuse(now: number): boolean {
    if (now - this.windowStart > ABUSE.windowMs) {
      this.windowStart = now;
      this.refusals = 0;
    }
    return ++this.refusals > ABUSE.refusals;
  }
}

/**
 * Registers `handler` for `event` on a socket. Every event gets an ack (when the client asked for
 * one), is rate limited (per socket, participant and room), and turns unexpected errors into a
 * plain INTERNAL error.
 */
const guards = new WeakMap<ArenaSocket, FloodGuard>();

export function register(
  socket: ArenaSocket,
  context: HandlerContext,
  limiter: CommandLimiter,
  event: keyof IncomingClientEvents,
  handler: Handler,
): void {
  let guard = guards.get(socket);
  if (!guard) guards.set(socket, (guard = new FloodGuard()));
  socket.on(event, async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === "function" ? (ack as (response: Ack) => void) : () => {};
    const now = context.clock.now();
    if (!limiter.take(now, event, payload)) {
      if (guard.refuse(now)) socket.disconnect(true);
      else reply(failure("RATE_LIMITED", "Too many requests: slow down a little."));
      return;
    }
    try {
      reply(await handler(payload));
    } catch (error) {
      if (error instanceof TooManyRoomsError) {
        reply(
          failure("SERVER_BUSY", "This server is hosting as many live sessions as it can. Try again in a few minutes."),
        );
        return;
      }
      context.log(`handler ${event} failed`, error);
      reply(failure("INTERNAL", "Something went wrong on the server. Nothing was changed; please try again."));
    }
  });
}
