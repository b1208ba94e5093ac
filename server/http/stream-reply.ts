// A reply streamed from pieces made as the client takes them: backpressure through
// stream.pipeline (a piece is asked for only once the socket took the ones before), gzip level 1
// when asked, and the reading stopped (the pieces' generator returned) if the client goes away.
// The CSV export (csv.ts) and the history (history-stream.ts) are sent this way.
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";

const CLIENT_GONE = new Set(["ERR_STREAM_PREMATURE_CLOSE", "ECONNRESET", "EPIPE"]);

/** Streams `pieces` to `res` with status 200 and `headers` (no-store; gzip level 1 if `gzip`). */
export async function sendPieces(
  res: ServerResponse,
  headers: OutgoingHttpHeaders,
  pieces: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  gzip: boolean,
): Promise<void> {
  res.writeHead(200, { "cache-control": "no-store", ...headers, ...(gzip ? { "content-encoding": "gzip" } : {}) });
  // Two pieces ahead at most: the next is made only when the socket takes the bytes.
  const source = Readable.from(pieces, { highWaterMark: 2 });
  try {
    if (gzip) await pipeline(source, createGzip({ level: 1 }), res);
    else await pipeline(source, res);
  } catch (error) {
    // The client went away (its download cancelled): nothing to report. Anything else is ours.
    if (CLIENT_GONE.has((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
}
