// Invitations: an admin makes a one-use link (7 days) for a new instructor (SIGNUP=invite or
// open); the link's token is shown once and stored as SHA-256 only. SIGNUP=closed allows none.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "../http/http-kit";
import { publicOriginFor } from "../http/origin";
import { hashToken, newToken } from "../secrets";
import { readAccountBody, type AccountsContext } from "./accounts-context";
import { createAccount } from "./create-account";

export const INVITATION_DAYS = 7;
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

export async function createInvitation(req: IncomingMessage, ctx: AccountsContext) {
  const instructor = await ctx.gate.instructorFrom(req.headers);
  if (!instructor) throw new HttpError(401, "SIGNED_OUT", "Sign in as an admin first.");
  if (instructor.role !== "admin") throw new HttpError(403, "FORBIDDEN", "Only an admin can invite instructors.");
  if (ctx.signup === "closed")
    throw new HttpError(403, "SIGNUP_CLOSED", "This server takes no new instructors (SIGNUP=closed).");
  const token = newToken();
  const id = crypto.randomUUID();
  const createdAt = new Date(ctx.clock.now());
  const expiresAt = new Date(createdAt.getTime() + INVITATION_DAYS * 24 * 3600_000);
  await ctx.repo.createInvitation({
    id,
    tokenHash: hashToken(token),
    createdById: instructor.id,
    createdAt,
    expiresAt,
  });
  const origin = publicOriginFor(req, ctx.origins) ?? "";
  return { id, url: `${origin}/invite?token=${token}`, expiresAt: expiresAt.toISOString() };
}

export async function invitationValid(token: string, ctx: AccountsContext): Promise<boolean> {
  if (ctx.signup === "closed" || !TOKEN.test(token)) return false;
  const invitation = await ctx.repo.invitationByHash(hashToken(token));
  return invitation !== null && invitation.usedAt === null && invitation.expiresAt.getTime() > ctx.clock.now();
}

export async function acceptInvitation(req: IncomingMessage, res: ServerResponse, ctx: AccountsContext) {
  const body = await readAccountBody(req);
  const invalid = () => new HttpError(403, "INVITATION_INVALID", "This invitation is not valid (any more).");
  if (ctx.signup === "closed" || !TOKEN.test(body.token)) throw invalid();
  const invitation = await ctx.repo.invitationByHash(hashToken(body.token));
  // Used at most once: whoever marks it used goes on; expired ones cannot be marked.
  if (!invitation || !(await ctx.repo.useInvitation(invitation.id, new Date(ctx.clock.now())))) throw invalid();
  let instructor;
  try {
    instructor = await createAccount(req, res, ctx, body);
  } catch (error) {
    await ctx.repo.releaseInvitation(invitation.id);
    throw error;
  }
  await ctx.repo.recordInvitationUser(invitation.id, instructor.id);
}
