// The front door of Better Auth's routes (/api/auth/*). Before the library sees a request, the
// headers it trusts are rewritten from what we know: the client address (TRUST_PROXY-aware; a
// client cannot pick its rate-limit bucket), the protocol and the host (the library otherwise
// believes any X-Forwarded-Proto). The public sign-up route is refused unless SIGNUP=open.
import type { IncomingMessage, ServerResponse } from "node:http";
import { toNodeHandler } from "better-auth/node";
import { HttpError, MAX_BODY_BYTES, sendError } from "../http/http-kit";
import type { ArenaAuth } from "./auth";
import type { AccountsContext } from "./accounts-context";

const handlers = new WeakMap<ArenaAuth, ReturnType<typeof toNodeHandler>>();

/** "/api/auth//sign-up/email/" and "/API/AUTH/sign-up/email" name the same route as "/api/auth/sign-up/email". */
export function authRoute(path: string): string {
  return path
    .replace(/\/{2,}/g, "/")
    .replace(/\/$/, "")
    .toLowerCase()
    .slice("/api/auth".length);
}

export async function handleAuthRoute(req: IncomingMessage, res: ServerResponse, ctx: AccountsContext): Promise<void> {
  try {
    const route = authRoute(new URL(req.url ?? "/", "http://localhost").pathname);
    if (route === "/sign-up/email" && ctx.signup !== "open")
      throw new HttpError(403, "SIGNUP_CLOSED", "Sign-up is closed on this server: ask an admin for an invitation.");
    // Bodies here are a few hundred bytes (an email and a password, a passkey's response).
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES)
      throw new HttpError(413, "PAYLOAD_TOO_LARGE", `The body is over ${MAX_BODY_BYTES} bytes.`, true);
    const { addressing } = ctx.origins;
    req.headers["x-arena-client-address"] = addressing.address(req);
    req.headers["x-forwarded-proto"] = addressing.protocol(req);
    const host = addressing.host(req);
    if (host) req.headers.host = host;
    delete req.headers["x-forwarded-host"];
    const auth = await ctx.auth;
    let handler = handlers.get(auth);
    if (!handler) handlers.set(auth, (handler = toNodeHandler(auth)));
    await handler(req, res);
  } catch (error) {
    if (error instanceof HttpError) return sendError(res, error);
    ctx.log(`auth ${req.method} ${req.url?.split("?")[0]} failed`, error);
    if (!res.headersSent) sendError(res, new HttpError(500, "INTERNAL", "Something went wrong on the server."));
    else res.destroy();
  }
}
