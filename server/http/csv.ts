// CSV export of a session, in two layouts: "long", one row per (round, participant, step), and
// "wide", one row per (round, participant) with one column per step (for spreadsheets).
// Rows are joined into ~64 KiB pieces: one write per ~100-byte line capped the export at ~70 MB/s,
// pieces reach ~300 MB/s (docs/performance.md, "Why the CSV export stalls the server").
import type { ServerResponse } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { ExportedRun, SessionExport } from "../db/history-repo";
import { sendPieces } from "./stream-reply";

export type CsvLayout = "long" | "wide";
export const CSV_LAYOUTS: readonly CsvLayout[] = ["long", "wide"];

/**
 * The run's optimiser and beta (empty unless "momentum") come last, after the columns exports had
 * before optimisers existed, so a spreadsheet or script reading columns by position still works.
 */
export const CSV_HEADER = [
  "round",
  "participant_id",
  "nickname",
  "learning_rate",
  "status",
  "step",
  "loss",
  "optimizer",
  "momentum",
];

/** The wide layout's columns before the losses; then `loss_0` ... `loss_<longest - 1>`. */
export const WIDE_CSV_HEADER = [
  "round",
  "participant_id",
  "nickname",
  "learning_rate",
  "status",
  "optimizer",
  "momentum",
];

/** A piece is sent once it holds at least this many characters (one line may make it longer). */
export const CSV_PIECE_CHARS = 64 * 1024;

/** Quotes a field; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeaderLine(layout: CsvLayout, longestSeries: number): string {
  if (layout === "long") return CSV_HEADER.join(",") + "\r\n";
  const steps = Array.from({ length: longestSeries }, (_, step) => `loss_${step}`);
  return [...WIDE_CSV_HEADER, ...steps].join(",") + "\r\n";
}

/** One run's rows (long) or row (wide, padded with empty fields to `longestSeries` losses). */
function* runLines({ round, run }: ExportedRun, layout: CsvLayout, longestSeries: number): Generator<string> {
  const who = [round, csvField(run.participantId), csvField(run.nickname), run.learningRate, csvField(run.status)];
  const choice = [csvField(run.optimizer), csvField(run.momentum)];
  const { losses } = run;
  if (layout === "long") {
    const prefix = who.join(",");
    const suffix = choice.join(",");
    for (let step = 0; step < losses.length; step++) yield `${prefix},${step},${losses[step]},${suffix}\r\n`;
    return;
  }
  if (losses.length > longestSeries)
    throw new Error(`a run has ${losses.length} losses, more than the ${longestSeries} columns of the header`);
  // One comma before each of the longestSeries loss fields, the missing ones left empty.
  const columns =
    losses.length > 0 ? `,${losses.join(",")}${",".repeat(longestSeries - losses.length)}` : ",".repeat(longestSeries);
  yield `${[...who, ...choice].join(",")}${columns}\r\n`;
}

/**
 * The whole CSV as pieces of at least CSV_PIECE_CHARS characters (the last one shorter), runs
 * taken from `runs` one at a time: memory stays that of one piece and one run.
 */
export async function* csvPieces(
  runs: AsyncIterable<ExportedRun>,
  layout: CsvLayout,
  longestSeries: number,
): AsyncGenerator<string> {
  let piece = csvHeaderLine(layout, longestSeries);
  for await (const run of runs) {
    for (const line of runLines(run, layout, longestSeries)) {
      piece += line;
      if (piece.length >= CSV_PIECE_CHARS) {
        yield piece;
        piece = "";
        // A turn of the event loop between pieces: when the client keeps up, awaiting 'drain' alone
        // never leaves the turn (it fires as a microtask), and one export held up every live room.
        await nextTurn();
      }
    }
  }
  if (piece) yield piece;
}

/**
 * Gzip when asked by `?gzip=1` or by the client's Accept-Encoding (`?gzip=0`: never). Level 1:
 * ~118 MB/s of CSV and a file ~8x smaller, where level 6 gave 91 MB/s for little more.
 */
export function wantsGzip(gzipParam: string | null, acceptEncoding: string | undefined): boolean {
  if (gzipParam === "1" || gzipParam === "0") return gzipParam === "1";
  return (acceptEncoding ?? "").split(",").some((part) => {
    const [coding, ...params] = part.split(";").map((text) => text.trim().toLowerCase());
    const quality = params.find((param) => param.startsWith("q="));
    return (coding === "gzip" || coding === "x-gzip") && (quality === undefined || Number(quality.slice(2)) > 0);
  });
}

/** Streams the export to `res` (gzip level 1 if `gzip`), stopping the reads if the client goes. */
export function sendCsv(res: ServerResponse, csv: SessionExport, layout: CsvLayout, gzip: boolean): Promise<void> {
  const headers = {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="gradient-arena-${csv.code}-${csv.createdAt.slice(0, 10)}.csv"`,
    vary: "Accept-Encoding",
  };
  return sendPieces(res, headers, csvPieces(csv.runs, layout, csv.longestSeries), gzip);
}
