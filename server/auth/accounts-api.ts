// Arena's own account endpoints: GET /api/me, the first-run owner set-up (/api/setup) and
// invitations (/api/invitations). Same JSON and error shape as the rest of /api. Accounts are
// made through Better Auth's server-side sign-up, which the public route's refusal does not touch.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, sendError, sendJson } from "../http/http-kit";
import { requireSameSite } from "../http/origin";
import { hashToken, tokenMatches } from "../secrets";
import { SETTING_KEYS } from "./accounts-repo";
import { readAccountBody, type AccountsContext } from "./accounts-context";
import { createAccount } from "./create-account";
import { acceptInvitation, createInvitation, invitationValid } from "./invitations";

async function setupNeeded(ctx: AccountsContext): Promise<boolean> {
  return ctx.signup !== "open" && !(await ctx.repo.hasAnyUser());
}

async function setup(req: IncomingMessage, res: ServerResponse, ctx: AccountsContext): Promise<void> {
  requireSameSite(req, ctx.origins);
  const body = await readAccountBody(req);
  if (await ctx.repo.hasAnyUser()) throw new HttpError(409, "SETUP_DONE", "This server already has an owner: sign in.");
  const stored = await ctx.repo.setting(SETTING_KEYS.setupToken);
  const refused = () => new HttpError(403, "SETUP_REFUSED", "This set-up link is not valid (any more).");
  if (stored === null || !tokenMatches(body.token, stored)) throw refused();
  // One use: whoever deletes the token's row goes on; a second request with it stops here.
  if (!(await ctx.repo.takeSetting(SETTING_KEYS.setupToken, stored))) throw refused();
  try {
    // The first account becomes the owner (admin) in Better Auth's after-create hook (auth.ts).
    await createAccount(req, res, ctx, body);
  } catch (error) {
    // The account could not be made (e.g. a password the library refuses): the link still works.
    await ctx.repo.insertSettingIfAbsent(SETTING_KEYS.setupToken, hashToken(body.token));
    throw error;
  }
}

/** Handles /api/me, /api/setup and /api/invitations*; false for any other path. */
export async function handleAccountsApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: AccountsContext,
): Promise<boolean> {
  const parts = path.split("/").filter(Boolean); // ["api", ...]
  const method = req.method ?? "GET";
  const route = parts[1];
  if (route !== "me" && route !== "setup" && route !== "invitations") return false;
  try {
    if (route === "me" && parts.length === 2 && method === "GET") {
      sendJson(res, 200, { instructor: await ctx.gate.instructorFrom(req.headers), signup: ctx.signup });
    } else if (route === "setup" && parts.length === 2 && method === "GET") {
      sendJson(res, 200, { needed: await setupNeeded(ctx) });
    } else if (route === "setup" && parts.length === 2 && method === "POST") {
      await setup(req, res, ctx);
    } else if (route === "invitations" && parts.length === 2 && method === "POST") {
      requireSameSite(req, ctx.origins);
      sendJson(res, 201, await createInvitation(req, ctx));
    } else if (route === "invitations" && parts.length === 3 && parts[2] === "accept" && method === "POST") {
      requireSameSite(req, ctx.origins);
      await acceptInvitation(req, res, ctx);
    } else if (route === "invitations" && parts.length === 3 && method === "GET") {
      sendJson(res, 200, { valid: await invitationValid(parts[2]!, ctx) });
    } else if (parts.length <= 3) {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", "This method is not allowed here.");
    } else {
      throw new HttpError(404, "NOT_FOUND", "No such API route.");
    }
  } catch (error) {
    if (error instanceof HttpError) sendError(res, error);
    else {
      ctx.log(`API ${method} /api/${route} failed`, error);
      if (!res.headersSent) sendError(res, new HttpError(500, "INTERNAL", "Something went wrong on the server."));
      else res.destroy();
    }
  }
  return true;
}
