// Read side for review pages and export: a session's whole history, secrets left out, or (for the
// CSV export) its runs one page at a time.
import type { RoundHistory, RunHistory, SessionHistory } from "../../lib/api-types";
import type { PrismaClient } from "./generated/client";
import { decodeLosses } from "./loss-codec";
import { seriesFromChunks } from "./round-repo";
import {
  datasetCopyFromRow,
  momentumFromRow,
  optimizerFromRow,
  rosterFromRow,
  runStatusFromRow,
  settingsFromRow,
} from "./row-mappers";

const RUN_PAGE = 50;

async function mapInOrder<T, R>(items: T[], map: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await map(item));
  return out;
}

/** The server's view of a history: series stay typed arrays until each run is written out. */
export type StoredSessionHistory = SessionHistory<Float64Array>;
export type StoredRunHistory = RunHistory<Float64Array>;
type ExportRound = { id: string; number: number; status: string; roster: unknown };
type StoredRunRow = Awaited<ReturnType<PrismaClient["run"]["findMany"]>>[number];

export interface ExportedRun {
  round: number;
  run: StoredRunHistory;
}

export interface SessionExport {
  code: string;
  createdAt: string;
  /** At least the longest series of any run in the session (0 with no runs). */
  longestSeries: number;
  runs: AsyncGenerator<ExportedRun>;
}

export function runFromRow(run: StoredRunRow, nicknames: Map<string, string>): StoredRunHistory {
  const optimizer = optimizerFromRow(run.optimizer);
  return {
    rank: run.rank,
    participantId: run.participantId,
    nickname: nicknames.get(run.participantId) ?? "?",
    learningRate: run.learningRate,
    optimizer,
    momentum: momentumFromRow(optimizer, run.momentum),
    status: runStatusFromRow(run.status),
    losses: decodeLosses(run.losses),
    divergedAtStep: run.divergedAtStep,
    finalLoss: run.finalLoss,
  };
}

/** A round still playing (or not yet recovered): what its chunks hold so far, in roster order. */
export function runsFromChunks(rosterRow: unknown, chunks: Parameters<typeof seriesFromChunks>[1]): StoredRunHistory[] {
  const roster = rosterFromRow(rosterRow);
  const series = seriesFromChunks(roster.length, chunks);
  return roster.map((entry, i) => {
    const losses = series[i]!;
    return {
      rank: null,
      participantId: entry.participantId,
      nickname: entry.nickname,
      learningRate: entry.learningRate,
      optimizer: entry.optimizer,
      momentum: entry.momentum,
      status: "running",
      losses,
      divergedAtStep: null,
      finalLoss: losses.length > 0 ? losses[losses.length - 1]! : null,
    };
  });
}

type RoundRow = Parameters<typeof settingsFromRow>[0] & {
  number: number;
  status: string;
  startedAt: Date;
  endedAt: Date | null;
};

/** A round as the history shows it, runs aside (the review endpoints send the same head). */
export function roundHeadFromRow(round: RoundRow): Omit<RoundHistory, "runs"> {
  return {
    number: round.number,
    ...settingsFromRow(round),
    datasetCopy: datasetCopyFromRow(round.datasetCopy),
    status: round.status,
    startedAt: round.startedAt.toISOString(),
    endedAt: round.endedAt?.toISOString() ?? null,
  };
}

export class HistoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * A round's runs, best first, a page at a time with a yield between pages: decoding one 11 MB
   * answer in one go would hold up every live room on this thread meanwhile.
   */
  private async *storedRunPages(roundId: string) {
    for (let skip = 0; ;) {
      const page = await this.prisma.run.findMany({
        where: { roundId },
        orderBy: [{ rank: "asc" }, { learningRate: "asc" }, { id: "asc" }],
        skip,
        take: RUN_PAGE,
      });
      yield page;
      if (page.length < RUN_PAGE) return;
      skip += page.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async storedRuns(roundId: string) {
    const runs: StoredRunRow[] = [];
    for await (const page of this.storedRunPages(roundId)) runs.push(...page);
    return runs;
  }

  private async *exportedRuns(rounds: ExportRound[], nicknames: Map<string, string>): AsyncGenerator<ExportedRun> {
    for (const round of rounds) {
      if (round.status === "running") {
        const chunks = await this.prisma.roundChunk.findMany({
          where: { roundId: round.id },
          orderBy: { fromStep: "asc" },
        });
        for (const run of runsFromChunks(round.roster, chunks)) yield { round: round.number, run };
        continue;
      }
      for await (const page of this.storedRunPages(round.id))
        for (const row of page) yield { round: round.number, run: runFromRow(row, nicknames) };
    }
  }

  /**
   * What the CSV export reads: the session's name parts, an upper bound of its longest series (the
   * wide layout's columns) and every run, round by round, best first, produced a page of runs at a
   * time (memory stays that of one page, whatever the round's size). null: no such session.
   */
  async sessionExport(id: string): Promise<SessionExport | null> {
    const session = await this.prisma.session.findUnique({
      where: { id },
      select: {
        code: true,
        createdAt: true,
        participants: { select: { id: true, nickname: true } },
        rounds: { orderBy: { number: "asc" }, select: { id: true, number: true, status: true, roster: true } },
      },
    });
    if (!session) return null;
    const inSession = { round: { sessionId: id } };
    const [finished, chunked] = await Promise.all([
      this.prisma.run.aggregate({ where: inSession, _max: { stepCount: true } }),
      this.prisma.roundChunk.aggregate({ where: inSession, _max: { toStep: true } }),
    ]);
    const nicknames = new Map(session.participants.map((p) => [p.id, p.nickname]));
    return {
      code: session.code,
      createdAt: session.createdAt.toISOString(),
      longestSeries: Math.max(0, (finished._max.stepCount ?? -1) + 1, chunked._max.toStep ?? 0),
      runs: this.exportedRuns(session.rounds, nicknames),
    };
  }

  async getSessionHistory(id: string): Promise<StoredSessionHistory | null> {
    const session = await this.prisma.session.findUnique({
      where: { id },
      include: {
        participants: { select: { id: true, nickname: true } },
        rounds: { orderBy: { number: "asc" }, include: { chunks: { orderBy: { fromStep: "asc" } } } },
      },
    });
    if (!session) return null;
    const nicknames = new Map(session.participants.map((p) => [p.id, p.nickname]));
    return {
      id: session.id,
      code: session.code,
      title: session.title,
      createdAt: session.createdAt.toISOString(),
      endedAt: session.endedAt?.toISOString() ?? null,
      rounds: await mapInOrder(session.rounds, async (round) => {
        let runs: StoredRunHistory[];
        if (round.status === "running") {
          // Still playing (or not yet recovered): what the chunks hold so far.
          runs = runsFromChunks(round.roster, round.chunks);
        } else {
          runs = (await this.storedRuns(round.id)).map((run) => runFromRow(run, nicknames));
        }
        return { ...roundHeadFromRow(round), runs };
      }),
    };
  }
}
