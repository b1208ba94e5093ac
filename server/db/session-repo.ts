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

  async listSessions(limit: number, cursor?: string): Promise<SessionPage> {
    const rows = await this.prisma.session.findMany({
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 0 } : {}),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { _count: { select: { participants: true, rounds: true } } },
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
      })),
      nextCursor: rows.length > limit ? rows[limit]!.id : null,
    };
  }

  async sessionExists(id: string): Promise<boolean> {
    return (await this.prisma.session.count({ where: { id } })) > 0;
  }
}
