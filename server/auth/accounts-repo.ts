// What the accounts need from the database beyond Better Auth's own tables: server-wide settings
// (the auth secret, the set-up token's hash, who the owner is), invitations, and handing the
// sessions stored before accounts existed to the owner. Every "first one wins" step is a single
// statement on a unique key, so two processes (or two requests) at once cannot both win.
import type { PrismaClient } from "../db/generated/client";

export const SETTING_KEYS = {
  /** The auth secret when BETTER_AUTH_SECRET is not set: generated once, read by every process. */
  secret: "auth.secret",
  /** SHA-256 of the one-time first-run set-up token (the token itself is only printed). */
  setupToken: "auth.setup-token",
  /** The id of the first account: whoever inserts this row first is the owner (an admin). */
  owner: "auth.owner",
} as const;

export interface StoredInvitation {
  id: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export class AccountsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Stores `value` under `key` unless the key exists; true if this call stored it. */
  async insertSettingIfAbsent(key: string, value: string): Promise<boolean> {
    const { count } = await this.prisma.serverSetting.createMany({ data: [{ key, value }], skipDuplicates: true });
    return count === 1;
  }

  async setting(key: string): Promise<string | null> {
    return (await this.prisma.serverSetting.findUnique({ where: { key } }))?.value ?? null;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.prisma.serverSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }

  /** Deletes the setting only if it still holds `value`; true if this call deleted it (one winner). */
  async takeSetting(key: string, value: string): Promise<boolean> {
    const { count } = await this.prisma.serverSetting.deleteMany({ where: { key, value } });
    return count === 1;
  }

  async deleteSetting(key: string): Promise<void> {
    await this.prisma.serverSetting.deleteMany({ where: { key } });
  }

  async userById(id: string) {
    return this.prisma.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, role: true } });
  }

  async hasAnyUser(): Promise<boolean> {
    return (await this.prisma.user.findFirst({ select: { id: true } })) !== null;
  }

  /**
   * Makes `userId` the owner if nobody is yet: an admin, and the owner of every session stored
   * before accounts existed (ownerId NULL). True if it became the owner.
   */
  async claimOwnership(userId: string): Promise<boolean> {
    if (!(await this.insertSettingIfAbsent(SETTING_KEYS.owner, userId))) return false;
    await this.prisma.user.update({ where: { id: userId }, data: { role: "admin" } });
    await this.prisma.session.updateMany({ where: { ownerId: null }, data: { ownerId: userId } });
    return true;
  }

  async createInvitation(data: {
    id: string;
    tokenHash: string;
    createdById: string;
    createdAt: Date;
    expiresAt: Date;
  }) {
    await this.prisma.invitation.create({ data });
  }

  async invitationByHash(tokenHash: string): Promise<StoredInvitation | null> {
    return this.prisma.invitation.findUnique({
      where: { tokenHash },
      select: { id: true, expiresAt: true, usedAt: true },
    });
  }

  /** Marks a live invitation used; true if this call did (an invitation is used once, by one). */
  async useInvitation(id: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.invitation.updateMany({
      where: { id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return count === 1;
  }

  /** Gives a used invitation back (the account could not be made after all). */
  async releaseInvitation(id: string): Promise<void> {
    await this.prisma.invitation.updateMany({ where: { id }, data: { usedAt: null } });
  }

  async recordInvitationUser(id: string, userId: string): Promise<void> {
    await this.prisma.invitation.update({ where: { id }, data: { usedById: userId } });
  }
}
