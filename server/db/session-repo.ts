// Sessions and participants in the database. The only files that touch Prisma are in server/db.
import type { SessionPage } from "../../lib/api-types";
import type { OptimizerId, RoundSettings, RunChoice } from "../../lib/protocol";
import type { DatasetCopy } from "../../lib/datasets/dataset-copy";
import { fenceToken } from "./fencing";
import type { PrismaClient } from "./generated/client";
import { roundInPlayFromRow, type StoredRoundInPlay } from "./round-repo";
import { datasetCopyFromRow, datasetCopyToRow, optimizerFromRow, settingsFromRow } from "./row-mappers";

export interface NewSession {
  id: string;
  code: string;
  title: string;
  hostTokenHash: string;
  /** The instructor who created it (the API always sets it; absent: nobody, as before accounts). */
  ownerId?: string | null;
  settings: RoundSettings;
  /** The copy of the instructor's dataset `settings.dataset` names (absent or null: a built-in). */
  datasetCopy?: DatasetCopy | null;
  createdAt: Date;
}

export interface StoredParticipant {
  id: string;
  nickname: string;
  nicknameKey: string;
  resumeTokenHash: string;
  learningRate: number | null;
  optimizer: OptimizerId;
  momentum: number | null;
  kicked: boolean;
}

/** A participant when they join: no choice made yet. */
export type NewParticipant = Omit<StoredParticipant, "kicked" | "learningRate" | "optimizer" | "momentum">;

export interface StoredRoom {
  id: string;
  code: string;
  title: string;
  hostTokenHash: string;
  ownerId: string | null;
  settings: RoundSettings;
  datasetCopy: DatasetCopy | null;
  participants: StoredParticipant[];
  roundsPlayed: number;
  /** The session's latest round if storage still has it `running` (absent or null: none). */
  roundInPlay?: StoredRoundInPlay | null;
}

/** The advisory lock key held while a join code is chosen and stored (any constant of our own). */
const CODE_LOCK = 20_261_201;

export class SessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async createSession(session: NewSession): Promise<void> {
    const { settings, datasetCopy, ...rest } = session;
    await this.prisma.session.create({
      data: { ...rest, ...settings, optimizers: [...settings.optimizers], datasetCopy: datasetCopyToRow(datasetCopy) },
    });
  }

  /**
   * Creates the session under a join code no live session has, drawn by `newCode`; resolves with it.
   * Several processes may create sessions at once: the check and the insert hold one transaction
   * lock (PostgreSQL's advisory lock, also in the embedded database), so two can never pick the same
   * code. Session creation is rare enough for one lock to serialise it.
   */
  async createWithFreshCode(session: Omit<NewSession, "code">, newCode: () => string): Promise<string> {
    const { settings, datasetCopy, ...rest } = session;
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CODE_LOCK})`;
      let code = newCode();
      for (let attempt = 0; attempt < 20; attempt++) {
        if ((await tx.session.count({ where: { code, endedAt: null } })) === 0) break;
        code = newCode();
      }
      await tx.session.create({
        data: {
          ...rest,
          code,
          ...settings,
          optimizers: [...settings.optimizers],
          datasetCopy: datasetCopyToRow(datasetCopy),
        },
      });
      return code;
    });
  }

  /** Everything needed to bring a live (not ended) session back into memory. */
  async loadLiveRoom(code: string): Promise<StoredRoom | null> {
    const session = await this.prisma.session.findFirst({
      where: { code, endedAt: null },
      orderBy: { createdAt: "desc" },
      include: {
        participants: { orderBy: { joinedAt: "asc" } },
        _count: { select: { rounds: true } },
        rounds: {
          where: { status: "running" },
          orderBy: { number: "desc" },
          take: 1,
          include: { chunks: { orderBy: { fromStep: "asc" } } },
        },
      },
    });
    if (!session) return null;
    // Only the latest round can be in play: an older one left running is an orphan (findOrphanedRounds).
    const [running] = session.rounds;
    const roundInPlay = running && running.number === session._count.rounds ? roundInPlayFromRow(running) : null;
    return {
      id: session.id,
      code: session.code,
      title: session.title,
      hostTokenHash: session.hostTokenHash,
      ownerId: session.ownerId,
      settings: settingsFromRow(session),
      datasetCopy: datasetCopyFromRow(session.datasetCopy),
      participants: session.participants.map((p) => ({
        id: p.id,
        nickname: p.nickname,
        nicknameKey: p.nicknameKey,
        resumeTokenHash: p.resumeTokenHash,
        learningRate: p.learningRate,
        optimizer: optimizerFromRow(p.optimizer),
        momentum: p.momentum,
        kicked: p.kickedAt !== null,
      })),
      roundsPlayed: session._count.rounds,
      roundInPlay,
    };
  }

  /**
   * A process taking the live room of this session (by id or join code) makes its lease's fence the
   * session's owner fence, before loading the room (server/db/fencing.ts). True if claimed; false if
   * a fence as new or newer has claimed it already (that owner keeps it) or no live session matches.
   * One statement, so of two processes claiming at once only the newer fence can win.
   */
  async claimOwnership(sessionIdOrCode: string, fence: number): Promise<boolean> {
    const token = fenceToken(fence);
    const claimed = await this.prisma.$executeRaw`
      UPDATE "Session" SET "ownerFence" = ${token}
      WHERE ("id" = ${sessionIdOrCode} OR "code" = ${sessionIdOrCode}) AND "endedAt" IS NULL AND "ownerFence" < ${token}`;
    return claimed > 0;
  }

  /** Whether a live (not ended) session has this id or join code. */
  async hasLiveSession(sessionIdOrCode: string): Promise<boolean> {
    const where = { OR: [{ id: sessionIdOrCode }, { code: sessionIdOrCode }], endedAt: null };
    return (await this.prisma.session.count({ where })) > 0;
  }

  /** Codes of the live sessions that storage has a round `running` for (restored at start-up). */
  async codesWithRoundInPlay(): Promise<string[]> {
    const rows = await this.prisma.session.findMany({
      where: { endedAt: null, rounds: { some: { status: "running" } } },
      select: { code: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => row.code);
  }

  async addParticipant(sessionId: string, p: NewParticipant, joinedAt: Date) {
    await this.prisma.participant.create({ data: { ...p, sessionId, joinedAt } });
  }

  /** student:submit: the rate, the optimiser and its beta, kept for the next rounds and restarts. */
  async setRunChoice(participantId: string, { learningRate, optimizer, momentum }: RunChoice): Promise<void> {
    await this.prisma.participant.update({ where: { id: participantId }, data: { learningRate, optimizer, momentum } });
  }

  async markKicked(participantId: string, at: Date): Promise<void> {
    await this.prisma.participant.update({ where: { id: participantId }, data: { kickedAt: at } });
  }

  async endSession(sessionId: string, at: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: at } });
  }

  /**
   * A page of sessions, newest first: `ownerId`'s own, or (`{ all: true }`, for admins) everybody's
   * with each owner's name.
   */
  async listSessions(scope: { ownerId: string } | { all: true }, limit: number, cursor?: string): Promise<SessionPage> {
    const all = "all" in scope;
    const rows = await this.prisma.session.findMany({
      where: all ? {} : { ownerId: scope.ownerId },
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 0 } : {}),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { _count: { select: { participants: true, rounds: true } }, owner: { select: { name: true } } },
    });
    const page = rows.slice(0, limit);
    return {
      sessions: page.map((s) => ({
        id: s.id,
        code: s.code,
        title: s.title,
        createdAt: s.createdAt.toISOString(),
        endedAt: s.endedAt?.toISOString() ?? null,
        participantCount: s._count.participants,
        roundCount: s._count.rounds,
        ...(all ? { ownerName: s.owner?.name ?? null } : {}),
      })),
      nextCursor: rows.length > limit ? rows[limit]!.id : null,
    };
  }

  /** Who owns session `id`: undefined when there is no such session, null when nobody does yet. */
  async ownerOf(id: string): Promise<string | null | undefined> {
    const row = await this.prisma.session.findUnique({ where: { id }, select: { ownerId: true } });
    return row ? row.ownerId : undefined;
  }

  async sessionExists(id: string): Promise<boolean> {
    return (await this.prisma.session.count({ where: { id } })) > 0;
  }
}
