// A run's series as the session summary sends it (GET /api/sessions/:id/summary, docs/protocol.md):
// reduced for a chart (reduce-series.ts) and encoded (series-codec.ts) as base64 text in the JSON.
//
// The size is bounded per round, whatever the class: one column count per round, the largest that
// keeps even the worst case (4 points in every column of every run) within SUMMARY_SERIES_CHARS of
// base64. Points go as float32 (a varint step gap and 4 bytes), which is far finer than a pixel of
// a chart; a run with a kept value float32 cannot hold (past 3.4e38, or a non-zero loss under
// 1.2e-38, which float32 would turn into Infinity or 0) goes as float64 instead, exact, reduced to
// half the columns so that it takes no more room than the float32 worst case.
import { decodeBase64, encodeBase64 } from "./base64";
import { reduceSeries, type ReducedSeries } from "./reduce-series";
import { decodeReducedSeries, encodeReducedSeries } from "./series-codec";

/** Base64 characters of series per round at most: ~3.5 MB, so a class of 2,000 with its results stays under 5 MB. */
export const SUMMARY_SERIES_CHARS = 3_500_000;
/** No chart is wider: a small class gets this many columns, every step for rounds up to 4,000 steps. */
export const MAX_SUMMARY_COLUMNS = 1_000;

const FLOAT32_MAX = 3.4028234663852886e38;
const FLOAT32_MIN_NORMAL = 2 ** -126;

function varintLength(value: number): number {
  let bytes = 1;
  for (; value >= 0x80; value = Math.floor(value / 0x80)) bytes++;
  return bytes;
}

/** A float64 run's columns: half the round's, so that it takes no more room (at least 1). */
const halfColumns = (columns: number) => Math.max(1, Math.floor(columns / 2));

/** Base64 length of `points` points of `valueBytes` each with step gaps of `gapBytes`, after the format byte and count. */
function encodedChars(points: number, valueBytes: number, gapBytes: number): number {
  return Math.ceil((1 + varintLength(points) + points * (valueBytes + gapBytes)) / 3) * 4;
}

/**
 * The longest base64 text a run's series can take with `columns` columns over a `span`-step axis:
 * 4 points a column, each a value and a step gap (within a column, under ceil(span / columns)),
 * in float32, or in float64 over half the columns (which only matters for a single column: from
 * 2 columns on, float32's worst case is the larger).
 */
export function worstSeriesChars(columns: number, span: number): number {
  const half = halfColumns(columns);
  return Math.max(
    encodedChars(4 * columns, 4, varintLength(Math.ceil(span / columns))),
    encodedChars(4 * half, 8, varintLength(Math.ceil(span / half))),
  );
}

/**
 * Columns for a round of `runCount` runs over `span` steps (its longest series): the most, up to
 * MAX_SUMMARY_COLUMNS, whose worst case fits SUMMARY_SERIES_CHARS (at least 1). Scanned rather
 * than solved: the gap's varint length makes the worst case not quite monotone in the columns.
 */
export function summaryColumns(runCount: number, span: number, budgetChars = SUMMARY_SERIES_CHARS): number {
  let columns = MAX_SUMMARY_COLUMNS;
  while (columns > 1 && runCount * worstSeriesChars(columns, Math.max(span, 1)) > budgetChars) columns--;
  return columns;
}

function fitsFloat32(values: Float64Array): boolean {
  for (const value of values) {
    const size = Math.abs(value);
    if (size > FLOAT32_MAX || (size < FLOAT32_MIN_NORMAL && value !== 0)) return false;
  }
  return true;
}

/** `losses` reduced for `columns` columns of a `span`-step axis and encoded; what the summary sends. */
export function encodeSummarySeries(losses: ArrayLike<number>, columns: number, span: number): string {
  const reduced = reduceSeries(losses, columns, { span });
  if (fitsFloat32(reduced.values)) return encodeBase64(encodeReducedSeries(reduced, "f32"));
  // Half the columns line up with every other column of the others (the same axis, the same span).
  const half = reduceSeries(losses, halfColumns(columns), { span });
  return encodeBase64(encodeReducedSeries(half, "f64"));
}

/** A summary's `series` text back into steps and values (float32 values come back as float64). */
export function decodeSummarySeries(text: string): ReducedSeries {
  return decodeReducedSeries(decodeBase64(text));
}
