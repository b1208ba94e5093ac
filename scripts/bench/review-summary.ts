// What a summary of a round weighs with a fixed number of columns (issue 16), made with lib/series:
// each run's results and its series reduced for a chart `columns` pixels wide, encoded compactly
// (varint steps + float64 or float32 values, base64 in JSON). Measured here, in the benchmark's
// process, on the same runs the server stores: size as JSON, size gzipped, and the time to make
// it. And the summary the server sends (its budget picks the columns), made by its own code.
import { gzipSync } from "node:zlib";
import { encodeBase64 } from "../../lib/series/base64";
import { reduceRound } from "../../lib/series/reduce-series";
import { encodeReducedSeries, type ValueFormat } from "../../lib/series/series-codec";
import type { Database } from "../../server/db/database";
import { decodeLosses } from "../../server/db/loss-codec";
import { ReviewRepository } from "../../server/db/review-repo";
import { roundSummaryJson } from "../../server/review/round-summary";
import { withStallMeter } from "./stall-meter";
import type { ReviewRound } from "./review-round";

export interface SummaryFigures {
  columns: number;
  format: ValueFormat;
  /** Kept points per run, on average. */
  pointsPerRun: number;
  bytes: number;
  gzipBytes: number;
  reduceMs: number;
  encodeMs: number;
  gzipMs: number;
}

/** A run's JSON in the summary: its results as today's history has them, and `series` instead of `losses`. */
function summaryRun(round: ReviewRound, run: number, series: string) {
  const stored = round.runs[run]!;
  const entry = round.roster[run]!;
  return {
    rank: stored.rank,
    participantId: stored.participantId,
    nickname: entry.nickname,
    learningRate: stored.learningRate,
    optimizer: stored.optimizer,
    momentum: stored.momentum,
    status: stored.status,
    stepCount: stored.losses.length - 1,
    divergedAtStep: stored.divergedAtStep,
    finalLoss: stored.losses[stored.losses.length - 1] ?? null,
    series,
  };
}

export function measureSummary(round: ReviewRound, columns: number, format: ValueFormat): SummaryFigures {
  const started = performance.now();
  const reduced = reduceRound(
    round.runs.map((run) => run.losses),
    columns,
  );
  const reducedAt = performance.now();
  const runs = reduced.map((series, run) => summaryRun(round, run, encodeBase64(encodeReducedSeries(series, format))));
  const text = JSON.stringify({ columns, runs });
  const encodedAt = performance.now();
  const gzipBytes = gzipSync(text).length;
  return {
    columns,
    format,
    pointsPerRun: reduced.reduce((sum, series) => sum + series.steps.length, 0) / reduced.length,
    bytes: Buffer.byteLength(text),
    gzipBytes,
    reduceMs: reducedAt - started,
    encodeMs: encodedAt - reducedAt,
    gzipMs: performance.now() - encodedAt,
  };
}

/** Every run read back from the database and decoded (as the history does), then reduced. */
export async function summaryFromDatabase(db: Database, columns: number) {
  const started = performance.now();
  const series: Float64Array[] = [];
  for (;;) {
    const page = await db.prisma.run.findMany({
      select: { losses: true },
      orderBy: { id: "asc" },
      skip: series.length,
      take: 50,
    });
    series.push(...page.map((row) => decodeLosses(row.losses)));
    if (page.length < 50) break;
  }
  const readMs = performance.now() - started;
  reduceRound(series, columns);
  return { readMs, totalMs: performance.now() - started };
}

/**
 * The summary of the session's rounds as the server makes it on a first request (its repository
 * and summary code, in this process): time, size and the longest stall of this event loop.
 */
export async function serverSummary(db: Database, sessionId: string) {
  const review = new ReviewRepository(db.prisma);
  const { result, ms, stallMs } = await withStallMeter(async () => {
    const session = await review.session(sessionId);
    let chars = 0;
    for (const round of session!.rounds) chars += (await roundSummaryJson(round, review.runs(round))).length;
    return chars;
  });
  return { chars: result, ms, stallMs };
}
