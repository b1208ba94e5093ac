// Small helpers for the JSON API: bounded body reading and uniform error replies.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode } from "../../lib/protocol";
import type { StoredSessionHistory } from "../db/history-repo";

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

/** JSON.stringify writes a Float64Array as an object keyed "0", "1", ...: make it a list. */
const typedArraysAsLists = (_key: string, value: unknown) =>
  value instanceof Float64Array ? Array.from(value) : value;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Sends a session history as JSON, one run at a time with a yield every few runs: a round of
 * 1,000 runs x 1,000 steps is ~20 MB of JSON, and stringifying it in one go would stall every
 * live room on this process for a noticeable moment.
 */
export async function sendHistoryJson(res: ServerResponse, history: StoredSessionHistory): Promise<void> {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  const write = async (text: string) => {
    if (!res.write(text)) await new Promise((resolve) => res.once("drain", resolve));
  };
  const { rounds, ...head } = history;
  await write(`${JSON.stringify(head).slice(0, -1)},"rounds":[`);
  for (const [r, round] of rounds.entries()) {
    const { runs, ...roundHead } = round;
    await write(`${r ? "," : ""}${JSON.stringify(roundHead).slice(0, -1)},"runs":[`);
    for (const [i, run] of runs.entries()) {
      await write(`${i ? "," : ""}${JSON.stringify(run, typedArraysAsLists)}`);
      if (i % 20 === 19) await nextTurn();
    }
    await write("]}");
  }
  res.end("]}");
}
