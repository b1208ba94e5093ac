// Read side for review pages and export: a session's whole history, secrets left out.
import type { RunHistory, SessionHistory } from "../../lib/api-types";
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
type StoredRunHistory = RunHistory<Float64Array>;

export class HistoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * A round's runs, best first, read a page at a time with a yield between pages: decoding one
   * 11 MB answer in one go would hold up every live room on this thread meanwhile.
   */
  private async storedRuns(roundId: string) {
    const runs: Awaited<ReturnType<PrismaClient["run"]["findMany"]>> = [];
    for (;;) {
      const page: typeof runs = await this.prisma.run.findMany({
        where: { roundId },
        orderBy: [{ rank: "asc" }, { learningRate: "asc" }, { id: "asc" }],
        skip: runs.length,
        take: RUN_PAGE,
      });
      runs.push(...page);
      if (page.length < RUN_PAGE) return runs;
      await new Promise((resolve) => setImmediate(resolve));
    }
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
          const roster = rosterFromRow(round.roster);
          const series = seriesFromChunks(roster.length, round.chunks);
          runs = roster.map((entry, i) => {
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
        } else {
          runs = (await this.storedRuns(round.id)).map((run) => ({
            rank: run.rank,
            participantId: run.participantId,
            nickname: nicknames.get(run.participantId) ?? "?",
            learningRate: run.learningRate,
            optimizer: optimizerFromRow(run.optimizer),
            momentum: momentumFromRow(optimizerFromRow(run.optimizer), run.momentum),
            status: runStatusFromRow(run.status),
            losses: decodeLosses(run.losses),
            divergedAtStep: run.divergedAtStep,
            finalLoss: run.finalLoss,
          }));
        }
        return {
          number: round.number,
          ...settingsFromRow(round),
          datasetCopy: datasetCopyFromRow(round.datasetCopy),
          status: round.status,
          startedAt: round.startedAt.toISOString(),
          endedAt: round.endedAt?.toISOString() ?? null,
          runs,
        };
      }),
    };
  }
}
