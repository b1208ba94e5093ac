// A session history (or one page of it) as JSON, streamed run by run from the database: memory
// stays that of one page of rows and one piece of text, whatever the round's size (the whole
// history of a 1,000 x 10,000 round is ~185 MB of JSON). The text is exactly what
// JSON.stringify gives for the whole history at once, so callers of the unpaged history see
// the same bytes as before it was streamed.
import type { ServerResponse } from "node:http";
import type { StoredRunHistory } from "../db/history-repo";
import { sendPieces } from "./stream-reply";

/** A piece is sent once it holds at least this many characters (one run may make it longer). */
export const HISTORY_PIECE_CHARS = 64 * 1024;

export interface HistoryRoundSource {
  /** The round's fields before `runs`. */
  head: object;
  runs: AsyncIterable<StoredRunHistory>;
}

/** JSON.stringify writes a Float64Array as an object keyed "0", "1", ...: make it a list. */
const typedArraysAsLists = (_key: string, value: unknown) =>
  value instanceof Float64Array ? Array.from(value) : value;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** `{ ...head, rounds: [{ ...round.head, runs: [...] }, ...] }` in pieces, a turn of the event loop between them. */
export async function* historyPieces(head: object, rounds: Iterable<HistoryRoundSource>): AsyncGenerator<string> {
  let piece = `${JSON.stringify(head).slice(0, -1)},"rounds":[`;
  let roundIndex = 0;
  for (const round of rounds) {
    piece += `${roundIndex++ ? "," : ""}${JSON.stringify(round.head).slice(0, -1)},"runs":[`;
    let runIndex = 0;
    for await (const run of round.runs) {
      piece += `${runIndex++ ? "," : ""}${JSON.stringify(run, typedArraysAsLists)}`;
      if (piece.length >= HISTORY_PIECE_CHARS) {
        yield piece;
        piece = "";
        // As in the CSV export: when the client keeps up, 'drain' alone never leaves the turn.
        await nextTurn();
      }
    }
    piece += "]}";
  }
  yield `${piece}]}`;
}

export function sendHistoryStream(res: ServerResponse, head: object, rounds: Iterable<HistoryRoundSource>) {
  return sendPieces(res, { "content-type": "application/json; charset=utf-8" }, historyPieces(head, rounds), false);
}
