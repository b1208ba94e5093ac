// Sessions and participants in the database. The only files that touch Prisma are in server/db.
import type { SessionPage } from "../../lib/api-types";
import type { RoundSettings } from "../../lib/protocol";
import type { PrismaClient } from "./generated/client";
import { settingsFromRow } from "./row-mappers";

export interface NewSession {
  id: string;
  code: string;
  title: string;
  hostTokenHash: string;
  /** The instructor who created it (the API always sets it; absent: nobody, as before accounts). */
  ownerId?: string | null;
  settings: RoundSettings;
  createdAt: Date;
}

export interface StoredParticipant {
  id: string;
  nickname: string;
  nicknameKey: string;
  resumeTokenHash: string;
  learningRate: number | null;
  kicked: boolean;
}

export interface StoredRoom {
  id: string;
  code: string;
  title: string;
  hostTokenHash: string;
  ownerId: string | null;
  settings: RoundSettings;
  participants: StoredParticipant[];
  roundsPlayed: number;
}

export class SessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async createSession(session: NewSession): Promise<void> {
    const { settings, ...rest } = session;
    await this.prisma.session.create({ data: { ...rest, ...settings } });
  }

  async isCodeLive(code: string): Promise<boolean> {
    return (await this.prisma.session.count({ where: { code, endedAt: null } })) > 0;
  }

  /** Everything needed to bring a live (not ended) session back into memory. */
  async loadLiveRoom(code: string): Promise<StoredRoom | null> {
    const session = await this.prisma.session.findFirst({
      where: { code, endedAt: null },
      orderBy: { createdAt: "desc" },
      include: { participants: { orderBy: { joinedAt: "asc" } }, _count: { select: { rounds: true } } },
    });
    if (!session) return null;
    return {
      id: session.id,
      code: session.code,
      title: session.title,
      hostTokenHash: session.hostTokenHash,
      ownerId: session.ownerId,
      settings: settingsFromRow(session),
      participants: session.participants.map((p) => ({
        id: p.id,
        nickname: p.nickname,
        nicknameKey: p.nicknameKey,
        resumeTokenHash: p.resumeTokenHash,
        learningRate: p.learningRate,
        kicked: p.kickedAt !== null,
      })),
      roundsPlayed: session._count.rounds,
    };
  }

  async addParticipant(sessionId: string, p: Omit<StoredParticipant, "kicked" | "learningRate">, joinedAt: Date) {
    await this.prisma.participant.create({ data: { ...p, sessionId, joinedAt } });
  }

  async setLearningRate(participantId: string, learningRate: number): Promise<void> {
    await this.prisma.participant.update({ where: { id: participantId }, data: { learningRate } });
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
