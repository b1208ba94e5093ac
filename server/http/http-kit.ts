// Small helpers for the JSON API: bounded body reading and uniform error replies.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode } from "../../lib/protocol";
import type { StoredSessionHistory } from "../db/history-repo";

export const MAX_BODY_BYTES = 16 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NOT_FOUND" | "PAYLOAD_TOO_LARGE" | "METHOD_NOT_ALLOWED",
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { ok: false, error: { code: error.code, message: error.message } });
}

/** Reads and parses a JSON body, refusing more than MAX_BODY_BYTES. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, "PAYLOAD_TOO_LARGE", `The body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "INVALID_PAYLOAD", "The body is not valid JSON.");
  }
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
