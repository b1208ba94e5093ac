// Makes an account through Better Auth's server-side sign-up (never the public route, which
// SIGNUP may close) and signs the new instructor in at once: the library's session cookie is
// passed on to the reply.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAPIError } from "better-auth/api";
import { fromNodeHeaders } from "better-auth/node";
import { HttpError, sendJson } from "../http/http-kit";
import { toInstructor, type AccountsContext } from "./accounts-context";
import type { Instructor } from "./auth-gate";

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

/** Creates the account, sends 201 `{ instructor }` with the session cookie, and returns the instructor. */
export async function createAccount(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: AccountsContext,
  account: NewAccount,
): Promise<Instructor> {
  const auth = await ctx.auth;
  let result;
  try {
    result = await auth.api.signUpEmail({
      body: { name: account.name, email: account.email, password: account.password },
      // Only what the session record keeps (address, browser); no cookie of whoever asked.
      headers: fromNodeHeaders({
        "user-agent": req.headers["user-agent"],
        "x-arena-client-address": ctx.origins.addressing.address(req),
      }),
      returnHeaders: true,
    });
  } catch (error) {
    // The library's own refusals (email taken, password too short) are safe to show; anything
    // else is a server failure for the caller to log.
    if (isAPIError(error) && error.statusCode < 500)
      throw new HttpError(error.statusCode === 422 ? 409 : 400, "INVALID_PAYLOAD", error.message);
    throw error;
  }
  // Read back: the after-create hook may just have made this account the owner (admin).
  const user = await ctx.repo.userById(result.response.user.id);
  const instructor = toInstructor(user ?? result.response.user);
  const cookies = result.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  sendJson(res, 201, { instructor });
  return instructor;
}
