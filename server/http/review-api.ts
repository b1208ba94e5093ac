// The review side of the JSON API (docs/protocol.md): a session's history whole or a page of runs
// at a time, its summary (results and series reduced for a chart, a bounded size per round), the
// exact ranking at any step of a round, and one run's full series for a range of steps. Who may
// read is decided before anything else, by the same check as the history (api.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RoundRanking, RunSeriesRange } from "../../lib/api-types";
import type { Clock } from "../rooms/clock";
import type { ReviewRepository, ReviewRound, ReviewSession } from "../db/review-repo";
import { ReviewCache } from "../review/review-cache";
import {
  loadReplayWindow,
  rankingFromWindow,
  windowAround,
  windowHolds,
  type ReplayWindow,
} from "../review/round-replay";
import { roundSummaryJson } from "../review/round-summary";
import { wantsGzip } from "./csv";
import { sendHistoryStream, type HistoryRoundSource } from "./history-stream";
import { HttpError, sendJson, sessionNotFound } from "./http-kit";
import { sendPieces } from "./stream-reply";

export interface ReviewCacheLimits {
  /** Summaries kept (JSON bytes): a 1,000 x 10,000 round's is ~2 MB. */
  summaryBytes: number;
  /** Replay windows kept (8 bytes a loss): the whole 1,000 x 10,000 round is 80 MB. */
  replayBytes: number;
  /** An entry nobody asked for in this long is dropped. */
  idleMs: number;
}

export const DEFAULT_REVIEW_CACHE: ReviewCacheLimits = {
  summaryBytes: 32 * 1024 * 1024,
  replayBytes: 96 * 1024 * 1024,
  idleMs: 10 * 60_000,
};

export interface ReviewApiDeps {
  review: ReviewRepository;
  clock: Clock;
  reviewCache?: Partial<ReviewCacheLimits>;
}

/** Runs per page of the history at most (a run of 10,000 steps is ~185 kB of JSON). */
export const HISTORY_PAGE_MAX = 100;
const HISTORY_PAGE_DEFAULT = 20;
const PARTICIPANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const invalid = (message: string) => new HttpError(400, "INVALID_PAYLOAD", message);

/** `name` from the query: absent gives `fallback`; else a plain integer from min to max, or a 400. */
function integerParam(url: URL, name: string, min: number, max: number, fallback?: number, why = ""): number {
  const text = url.searchParams.get(name);
  if (text === null && fallback !== undefined) return fallback;
  const value = text !== null && /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    throw invalid(`${name} must be an integer ${range}${why}, not ${JSON.stringify(text ?? "")}.`);
  }
  return value;
}

async function* noRuns() {}

export function createReviewApi(
  deps: ReviewApiDeps,
  readableSession: (req: IncomingMessage, url: URL, id: string) => Promise<void>,
) {
  const limits = { ...DEFAULT_REVIEW_CACHE, ...deps.reviewCache };
  const now = () => deps.clock.now();
  const summaries = new ReviewCache<Buffer>({ maxBytes: limits.summaryBytes, idleMs: limits.idleMs, now });
  const replays = new ReviewCache<ReplayWindow>({ maxBytes: limits.replayBytes, idleMs: limits.idleMs, now });

  async function readSession(req: IncomingMessage, url: URL, id: string): Promise<ReviewSession> {
    await readableSession(req, url, id);
    const session = await deps.review.session(id);
    if (!session) throw sessionNotFound();
    return session;
  }

  function roundOf(session: ReviewSession, text: string): ReviewRound {
    const round = /^\d{1,9}$/.test(text) ? session.rounds.find((r) => r.number === Number(text)) : undefined;
    if (round) return round;
    const held = session.rounds.length ? `rounds 1 to ${session.rounds.length}` : "no rounds yet";
    throw invalid(`This session has no round ${JSON.stringify(text)} (it has ${held}).`);
  }

  /** Unpaged: the whole history, as it always was. `?offset=&limit=`: one page of runs. */
  async function history(req: IncomingMessage, url: URL, id: string, res: ServerResponse) {
    const session = await readSession(req, url, id);
    const { rounds } = session;
    const paged = url.searchParams.has("offset") || url.searchParams.has("limit");
    if (!paged) {
      const sources = rounds.map((round) => ({ head: round.head, runs: deps.review.runs(round) }));
      return sendHistoryStream(res, session.head, sources);
    }
    const runCount = rounds.reduce((sum, round) => sum + round.runCount, 0);
    const limit = integerParam(url, "limit", 1, HISTORY_PAGE_MAX, HISTORY_PAGE_DEFAULT);
    const offset = integerParam(url, "offset", 0, Infinity, 0);
    if (offset > 0 && offset >= runCount)
      throw invalid(
        `offset ${offset} is past the end: the session has ${runCount} runs (offsets 0 to ${runCount - 1}).`,
      );
    // Runs are counted round by round, as the whole history lists them.
    let first = 0;
    const sources: HistoryRoundSource[] = rounds.map((round) => {
      const skip = Math.min(Math.max(offset - first, 0), round.runCount);
      const end = Math.min(Math.max(offset + limit - first, 0), round.runCount);
      first += round.runCount;
      const runs = end > skip ? deps.review.runs(round, { skip, take: end - skip }) : noRuns();
      return { head: round.head, runs };
    });
    const nextOffset = offset + limit < runCount ? offset + limit : null;
    return sendHistoryStream(res, { ...session.head, runCount, offset, limit, nextOffset }, sources);
  }

  /** Each round's summary is made once per version of its stored data, then kept (bounded). */
  async function summary(req: IncomingMessage, url: URL, id: string, res: ServerResponse) {
    const session = await readSession(req, url, id);
    const gzipParam = url.searchParams.get("gzip");
    if (gzipParam !== null && gzipParam !== "0" && gzipParam !== "1") throw invalid("gzip must be 0 or 1.");
    const texts: Buffer[] = [];
    for (const round of session.rounds) {
      const make = async () => {
        const text = Buffer.from(await roundSummaryJson(round, deps.review.runs(round)));
        return { value: text, bytes: text.length };
      };
      texts.push(await summaries.get(round.id, round.version, make));
    }
    function* pieces() {
      yield `${JSON.stringify(session.head).slice(0, -1)},"rounds":[`;
      for (const [i, text] of texts.entries()) {
        if (i) yield ",";
        yield text;
      }
      yield "]}";
    }
    const headers = { "content-type": "application/json; charset=utf-8", vary: "Accept-Encoding" };
    await sendPieces(res, headers, pieces(), wantsGzip(gzipParam, req.headers["accept-encoding"]));
  }

  async function ranking(req: IncomingMessage, url: URL, id: string, roundText: string, res: ServerResponse) {
    const session = await readSession(req, url, id);
    const round = roundOf(session, roundText);
    if (round.lastStep < 0) throw invalid(`Round ${round.number} has no step stored yet.`);
    const why = ` (round ${round.number}'s last step)`;
    const step = integerParam(url, "step", 0, round.lastStep, undefined, why);
    const limit = integerParam(url, "limit", 1, Infinity, Infinity);
    const window = await replays.get(
      round.id,
      round.version,
      () => loadReplayWindow(deps.review.runs(round), round.span, windowAround(round, step, limits.replayBytes)),
      (held) => windowHolds(held, step),
    );
    const body: RoundRanking = {
      round: round.number,
      step,
      runCount: window.runs.length,
      ranking: rankingFromWindow(window, step, limit),
    };
    sendJson(res, 200, body);
  }

  async function runSeries(
    req: IncomingMessage,
    url: URL,
    id: string,
    roundText: string,
    who: string,
    res: ServerResponse,
  ) {
    const session = await readSession(req, url, id);
    const round = roundOf(session, roundText);
    const steps = ` (round ${round.number} has steps 0 to ${round.span - 1}; to is exclusive)`;
    const from = integerParam(url, "from", 0, round.span, 0, steps);
    const to = integerParam(url, "to", from, round.span, round.span, steps);
    const run = PARTICIPANT_ID.test(who) ? await deps.review.run(round, who) : null;
    if (!run) throw invalid(`Round ${round.number} has no run of participant ${JSON.stringify(who)}.`);
    const { losses, ...results } = run;
    const end = Math.max(from, Math.min(to, losses.length));
    const body: RunSeriesRange = {
      round: round.number,
      ...results,
      seriesLength: losses.length,
      from,
      to: end,
      losses: Array.from(losses.subarray(from, end)),
    };
    sendJson(res, 200, body);
  }

  /**
   * GET /api/sessions/:id (`parts` = ["api", "sessions", id, ...]) and the review routes under it;
   * false for any other path.
   */
  return async function handleReview(req: IncomingMessage, url: URL, parts: string[], res: ServerResponse) {
    const [, , id = "", sub, roundText = "", leaf, who = ""] = parts;
    const route =
      (parts.length === 3 && "history") ||
      (parts.length === 4 && sub === "summary" && "summary") ||
      (parts.length === 6 && sub === "rounds" && leaf === "ranking" && "ranking") ||
      (parts.length === 7 && sub === "rounds" && leaf === "runs" && "run");
    // Another method on the session itself stays "no such route", as before these routes.
    if (!route || (route === "history" && req.method !== "GET")) return false;
    if (req.method !== "GET") throw new HttpError(405, "METHOD_NOT_ALLOWED", "Use GET.");
    if (route === "history") await history(req, url, id, res);
    else if (route === "summary") await summary(req, url, id, res);
    else if (route === "ranking") await ranking(req, url, id, roundText, res);
    else await runSeries(req, url, id, roundText, who, res);
    return true;
  };
}
