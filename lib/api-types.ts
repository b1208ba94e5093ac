// Shapes of the JSON API's answers (docs/protocol.md), shared by the server that builds them and
// the pages that read them.
import type { CsvProblem } from "./datasets/csv-problems";
import type { ScalingSummary } from "./datasets/custom-dataset";
import type { DatasetCopy } from "./datasets/dataset-copy";
import type { OptimizerId, ProtocolError, RunChoice, RunStatus, StoredRunStatus } from "./protocol";

/** POST /api/sessions answers this (201): the host token is given once, to the host's browser. */
export interface CreatedSession {
  id: string;
  code: string;
  hostToken: string;
}

/** POST /api/sessions/:id/share answers this (201): the link is shown once, its token stored hashed. */
export interface CreatedShareLink {
  id: string;
  /** `<public origin>/sessions/<id>?share=<token>`: read-only access to that session's history. */
  url: string;
}

export interface ShareLinkSummary {
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

/** GET /api/sessions/:id/share answers this, newest first. */
export interface ShareLinkList {
  links: ShareLinkSummary[];
}

/** Every refused API call answers this (server/http/http-kit.ts). */
export interface ApiError {
  ok: false;
  error: ProtocolError;
}

export interface SessionSummary {
  id: string;
  code: string;
  title: string;
  createdAt: string;
  endedAt: string | null;
  participantCount: number;
  roundCount: number;
  /** Only in an admin's `GET /api/sessions?all=1`: the owner's name (null: nobody owns it yet). */
  ownerName?: string | null;
}

export interface SessionPage {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

/** `Losses` is number[] on the wire; the server keeps a Float64Array until it writes the JSON. */
/** `optimizer` and `momentum` (beta, "momentum" runs only) are those the run used. */
export interface RunHistory<Losses = number[]> extends RunChoice {
  rank: number | null;
  participantId: string;
  nickname: string;
  /** converged | diverged | max_steps, or interrupted / running (see docs/protocol.md). */
  status: StoredRunStatus;
  /** losses[k] = loss after k updates; finite numbers only. */
  losses: Losses;
  divergedAtStep: number | null;
  finalLoss: number | null;
}

export interface RoundHistory<Losses = number[]> {
  number: number;
  /** A built-in's name, or the id of the instructor's dataset the round took its copy of. */
  dataset: string;
  /** That copy (null for a built-in): review, replay and the notebook read the data from it alone. */
  datasetCopy: DatasetCopy | null;
  standardized: boolean;
  maxSteps: number;
  stepsPerSecond: number;
  /** What students were allowed to use ("gd" only for rounds stored before optimisers existed). */
  optimizers: readonly OptimizerId[];
  /** running | finished | interrupted */
  status: string;
  startedAt: string;
  endedAt: string | null;
  runs: RunHistory<Losses>[];
}

export interface SessionHistory<Losses = number[]> {
  id: string;
  code: string;
  title: string;
  createdAt: string;
  endedAt: string | null;
  rounds: RoundHistory<Losses>[];
}

/**
 * `GET /api/sessions/:id?offset=&limit=`: the history's shape, every round listed, each holding
 * the runs of this page only (runs counted round by round, best first, as the whole history lists them).
 */
export interface SessionHistoryPage<Losses = number[]> extends SessionHistory<Losses> {
  /** Runs in the whole session. */
  runCount: number;
  offset: number;
  limit: number;
  /** The next page's offset; null on the last page. */
  nextOffset: number | null;
}

/** A run in the summary: its results, and its series reduced for a chart (docs/protocol.md). */
export interface RunSummary extends Omit<RunHistory, "losses"> {
  /** Losses the full series has (losses[0 .. seriesLength - 1]). */
  seriesLength: number;
  /** base64 of the reduced series (lib/series/summary-series.ts decodeSummarySeries). */
  series: string;
}

export interface RoundSummary extends Omit<RoundHistory, "runs"> {
  /** Steps of the chart's x-axis: the round's longest series. */
  span: number;
  /** The last step anything happened at (the replay slider's end); -1 before any step is stored. */
  lastStep: number;
  /** Pixel columns the series were reduced for (the round's size budget decides). */
  columns: number;
  runs: RunSummary[];
}

/** `GET /api/sessions/:id/summary`. */
export interface SessionReviewSummary extends Omit<SessionHistory, "rounds"> {
  rounds: RoundSummary[];
}

/** One place of the ranking at a step; `run` indexes the round's runs as the summary lists them. */
export interface RankingEntry {
  run: number;
  rank: number;
  loss: number;
  status: RunStatus;
  divergedAtStep: number | null;
}

/** `GET /api/sessions/:id/rounds/:n/ranking?step=k`: the ranking after k updates, best first. */
export interface RoundRanking {
  round: number;
  step: number;
  runCount: number;
  ranking: RankingEntry[];
}

/** `GET /api/sessions/:id/rounds/:n/runs/:participantId?from=&to=`: steps [from, to) of one run. */
export interface RunSeriesRange extends Omit<RunHistory, "losses"> {
  round: number;
  seriesLength: number;
  from: number;
  to: number;
  /** losses[i] = loss after from + i updates. */
  losses: number[];
}

/**
 * An instructor's own dataset (`/api/datasets`, docs/protocol.md): its sizes, its start and, for
 * raw and standardised features, the numbers the preview puts in words (lib/datasets).
 */
export interface DatasetInfo {
  id: string;
  name: string;
  rows: number;
  features: number;
  featureNames: string[];
  labelName: string;
  initialWeights: number[];
  initialBias: number;
  raw: ScalingSummary;
  standardized: ScalingSummary;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/datasets/:id` also gives the CSV, exactly as uploaded. */
export interface DatasetWithCsv extends DatasetInfo {
  csv: string;
}

/** `GET /api/datasets`: the caller's own, newest first. */
export interface DatasetList {
  datasets: DatasetInfo[];
}

/** `400 INVALID_DATASET`: the message names the row and column; `problem` (CSV only) lets a page translate it. */
export interface InvalidDatasetError {
  ok: false;
  error: ProtocolError & { problem?: CsvProblem };
}
