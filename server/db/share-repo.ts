// Share links: read-only access to one session's history for whoever holds the link (e.g. the
// class, after the lesson). Only the SHA-256 of a link's token is stored, like the host key.
import type { ShareLinkSummary } from "../../lib/api-types";
import type { PrismaClient } from "./generated/client";

export interface NewShareLink {
  id: string;
  sessionId: string;
  tokenHash: string;
  createdById: string;
  createdAt: Date;
}

export class ShareRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(link: NewShareLink): Promise<void> {
    await this.prisma.shareLink.create({ data: link });
  }

  /** The links of a session, newest first, revoked ones included (the owner sees what was shared). */
  async list(sessionId: string): Promise<ShareLinkSummary[]> {
    const rows = await this.prisma.shareLink.findMany({
      where: { sessionId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, createdAt: true, revokedAt: true },
    });
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Does a live (not revoked) link with this token hash open session `sessionId`? */
  async opens(sessionId: string, tokenHash: string): Promise<boolean> {
    return (await this.prisma.shareLink.count({ where: { sessionId, tokenHash, revokedAt: null } })) > 0;
  }

  /**
   * Revokes link `id` of session `sessionId`. False when the session has no such link; revoking
   * again keeps the first revocation's time.
   */
  async revoke(sessionId: string, id: string, at: Date): Promise<boolean> {
    const link = await this.prisma.shareLink.findFirst({ where: { id, sessionId }, select: { id: true } });
    if (!link) return false;
    await this.prisma.shareLink.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return true;
  }
}
