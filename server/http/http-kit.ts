// Small helpers for the JSON API: bounded body reading and uniform error replies.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode } from "../../lib/protocol";

export const MAX_BODY_BYTES = 16 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NOT_FOUND" | "PAYLOAD_TOO_LARGE" | "METHOD_NOT_ALLOWED" | "FORBIDDEN",
    message: string,
    /** Answer with `Connection: close`: the request's body is left unread, so the connection cannot be reused. */
    readonly closeConnection = false,
    /** More about the refusal, sent beside code and message (e.g. INVALID_DATASET's `problem`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The same answer for a session that does not exist and one the caller may not see. */
export const sessionNotFound = () => new HttpError(404, "NOT_FOUND", "No session with that id.");

export function sendJson(res: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...(closeConnection ? { connection: "close" } : {}),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  const body = { ok: false, error: { ...error.details, code: error.code, message: error.message } };
  sendJson(res, error.status, body, error.closeConnection);
}

/**
 * How much of a refused body is still read (and dropped) so the connection stays usable. Leaving
 * a body unread is not an option: the next request on a keep-alive connection starts after it,
 * and destroying the request stream (what breaking out of `for await` over it does) destroys the
 * socket, so a browser or proxy reusing the connection got ECONNRESET. Past this bound the
 * answer says `Connection: close` instead of reading megabytes for nothing.
 */
export const MAX_DRAIN_BYTES = 1024 * 1024;

const tooLargeError = (closeConnection: boolean, maxBytes: number) =>
  new HttpError(413, "PAYLOAD_TOO_LARGE", `The body is over ${maxBytes} bytes.`, closeConnection);

/**
 * Reads and parses a JSON body, refusing more than `maxBytes` (MAX_BODY_BYTES unless a route takes
 * more, like an uploaded dataset; never more than MAX_DRAIN_BYTES).
 */
export async function readJson(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  const limit = Math.min(maxBytes, MAX_DRAIN_BYTES);
  const tooLarge = (closeConnection: boolean) => tooLargeError(closeConnection, limit);
  if (declared > MAX_DRAIN_BYTES) throw tooLarge(true);
  const body = await readBounded(req, limit);
  if (body === "too-large") throw tooLarge(false);
  if (body === "too-large-to-drain") throw tooLarge(true);
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "INVALID_PAYLOAD", "The body is not valid JSON.");
  }
}

/** The whole body, or (once it passes maxBytes) the rest read and dropped up to MAX_DRAIN_BYTES. */
function readBounded(req: IncomingMessage, maxBytes: number): Promise<Buffer | "too-large" | "too-large-to-drain"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | "too-large" | "too-large-to-drain" | Error) => {
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        finish("too-large-to-drain");
      }
    };
    const onEnd = () => finish(size > maxBytes ? "too-large" : Buffer.concat(chunks));
    // The client went away mid-body: nobody is left to answer, and it is no server failure.
    const onGone = () => finish(new HttpError(400, "INVALID_PAYLOAD", "The body was cut short."));
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}
