// Read side of the review endpoints (server/http/review-api.ts): a session's rounds with what they
// hold (run count, longest series, a version that changes whenever what is stored changes, for the
// caches), and a round's runs with their full series, read a page of rows at a time so that memory
// stays that of one page whatever the round's size. A round still in play is read from its chunks,
// whole (as the history does): they are one matrix for the whole room.
import type { RoundHistory } from "../../lib/api-types";
import type { PrismaClient } from "./generated/client";
import { roundHeadFromRow, runFromRow, runsFromChunks, type StoredRunHistory } from "./history-repo";
import { rosterFromRow } from "./row-mappers";

/**
 * Rows per read: ~100,000 losses (~1 MB of text), at most 50 rows. Receiving a page is one piece
 * of work on this thread (50 rows of 10,000 steps held it up for ~100 ms; 10 rows stay under 50).
 */
const PAGE_LOSSES = 100_000;
const PAGE_ROWS_MAX = 50;
const RUN_ORDER = [{ rank: "asc" }, { learningRate: "asc" }, { id: "asc" }] as const;

export interface ReviewSessionHead {
  id: string;
  code: string;
  title: string;
  createdAt: string;
  endedAt: string | null;
}

export interface ReviewRound {
  id: string;
  number: number;
  /** What the history shows of the round, runs aside. */
  head: Omit<RoundHistory, "runs">;
  /** Changes whenever the round's stored data may have: status, end, and a round in play's chunks. */
  version: string;
  inPlay: boolean;
  /** Runs: stored rows, or a round in play's roster. */
  runCount: number;
  /** Steps of the longest series (losses[0 .. span - 1]); 0 with none. */
  span: number;
  /** The last step anything happened at: the longest series' end, or a blow-up one step after it. */
  lastStep: number;
}

export interface ReviewSession {
  head: ReviewSessionHead;
  rounds: ReviewRound[];
}

export interface RunRange {
  skip: number;
  take: number;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export class ReviewRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The session and its rounds, oldest first, without any series; null: no such session. */
  async session(id: string): Promise<ReviewSession | null> {
    const session = await this.prisma.session.findUnique({
      where: { id },
      include: { rounds: { orderBy: { number: "asc" }, omit: { roster: true } } },
    });
    if (!session) return null;
    const inSession = { round: { sessionId: id } };
    const [stored, chunked] = await Promise.all([
      this.prisma.run.groupBy({
        by: ["roundId"],
        where: inSession,
        _count: { _all: true },
        _max: { stepCount: true, divergedAtStep: true },
      }),
      this.prisma.roundChunk.groupBy({
        by: ["roundId"],
        where: inSession,
        _count: { _all: true },
        _max: { toStep: true },
      }),
    ]);
    // A round in play has no rows yet: its roster says how many runs it has.
    const inPlay = session.rounds.filter((round) => round.status === "running").map((round) => round.id);
    const rosters = new Map(
      (await Promise.all(inPlay.map((id) => this.inPlay(id)))).map(({ id, roster }) => [id, roster.length]),
    );
    const rounds = session.rounds.map((round): ReviewRound => {
      const base = { id: round.id, number: round.number, head: roundHeadFromRow(round) };
      const ended = `${round.status}:${round.endedAt?.getTime() ?? ""}`;
      if (round.status === "running") {
        const chunks = chunked.find((row) => row.roundId === round.id);
        const span = chunks?._max.toStep ?? 0;
        const version = `${ended}:${chunks?._count._all ?? 0}:${span}`;
        return { ...base, version, inPlay: true, runCount: rosters.get(round.id) ?? 0, span, lastStep: span - 1 };
      }
      const runs = stored.find((row) => row.roundId === round.id);
      // stepCount = length - 1 (0 for an empty series): the longest has stepCount + 1 losses.
      const longest = runs?._max.stepCount ?? null;
      const span = longest === null ? 0 : longest + 1;
      const lastStep = Math.max(span - 1, runs?._max.divergedAtStep ?? -1);
      return { ...base, version: ended, inPlay: false, runCount: runs?._count._all ?? 0, span, lastStep };
    });
    return {
      head: {
        id: session.id,
        code: session.code,
        title: session.title,
        createdAt: session.createdAt.toISOString(),
        endedAt: session.endedAt?.toISOString() ?? null,
      },
      rounds,
    };
  }

  /** A round in play's roster and chunks: every run's series so far, in roster order. */
  private async inPlay(roundId: string, withChunks = false) {
    const round = await this.prisma.round.findUniqueOrThrow({
      where: { id: roundId },
      select: { roster: true, ...(withChunks ? { chunks: { orderBy: { fromStep: "asc" } } } : {}) },
    });
    return {
      id: roundId,
      roster: rosterFromRow(round.roster),
      runs: () => runsFromChunks(round.roster, round.chunks ?? []),
    };
  }

  /**
   * The round's runs, best first (a round in play: in roster order), `range` of them or all, one
   * at a time with their full series; rows are read a page at a time, the next while the reader
   * takes the last, with a yield between pages.
   */
  async *runs(round: ReviewRound, range?: RunRange): AsyncGenerator<StoredRunHistory> {
    const from = range?.skip ?? 0;
    const end = range ? from + range.take : Infinity;
    if (round.inPlay) {
      yield* (await this.inPlay(round.id, true)).runs().slice(from, end);
      return;
    }
    const pageRows = Math.max(1, Math.min(PAGE_ROWS_MAX, Math.floor(PAGE_LOSSES / Math.max(round.span, 1))));
    const nicknames = await this.nicknames(round.id);
    const read = (skip: number) =>
      this.prisma.run.findMany({
        where: { roundId: round.id },
        orderBy: [...RUN_ORDER],
        skip,
        take: Math.min(pageRows, end - skip),
      });
    let skip = from;
    let reading = read(skip);
    for (;;) {
      const page = await reading;
      const next = skip + page.length;
      const more = page.length === Math.min(pageRows, end - skip) && next < end;
      // The next page is read while this one is taken: the database works while this thread does.
      // (Left unread if the reader stops early: its failure, if any, then concerns nobody.)
      if (more) (reading = read(next)).catch(() => {});
      // Decoded one at a time, as the reader takes them: two pages of text, one run of numbers.
      for (const row of page) yield runFromRow(row, nicknames);
      if (!more) return;
      skip = next;
      await nextTurn();
    }
  }

  /** Nicknames of the round's participants, by id (one small query, not one per page). */
  private async nicknames(roundId: string): Promise<Map<string, string>> {
    const participants = await this.prisma.participant.findMany({
      where: { runs: { some: { roundId } } },
      select: { id: true, nickname: true },
    });
    return new Map(participants.map((p) => [p.id, p.nickname]));
  }

  /** One participant's run of the round, or null if they have none in it. */
  async run(round: ReviewRound, participantId: string): Promise<StoredRunHistory | null> {
    if (round.inPlay)
      return (await this.inPlay(round.id, true)).runs().find((run) => run.participantId === participantId) ?? null;
    const row = await this.prisma.run.findUnique({
      where: { roundId_participantId: { roundId: round.id, participantId } },
      include: { participant: { select: { nickname: true } } },
    });
    return row ? runFromRow(row, new Map([[row.participantId, row.participant.nickname]])) : null;
  }
}
