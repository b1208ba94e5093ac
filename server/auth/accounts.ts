// The accounts of a running server, as one part for the composition root (server/app.ts): Better
// Auth created once the auth secret is known, the AuthGate the API and sockets use, and the HTTP
// front door for /api/auth/*, /api/setup, /api/invitations and /api/me.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHeaders } from "better-auth/node";
import type { PrismaClient } from "../db/generated/client";
import type { OriginPolicy } from "../http/origin";
import type { Clock } from "../rooms/clock";
import { hashToken, newToken } from "../secrets";
import { handleAccountsApi } from "./accounts-api";
import { AccountsRepository, SETTING_KEYS } from "./accounts-repo";
import type { AuthGate } from "./auth-gate";
import { toInstructor, type AccountsContext } from "./accounts-context";
import { DEFAULT_AUTH_LIMITS, type AuthLimits } from "./auth-limits";
import { createAuth, type ArenaAuth, type SignupMode } from "./auth";
import { handleAuthRoute } from "./auth-routes";

export interface AccountsDeps {
  prisma: PrismaClient;
  signup: SignupMode;
  /** BETTER_AUTH_SECRET; unset: generated once and kept in ServerSetting (every process agrees). */
  secret?: string;
  origins: OriginPolicy;
  clock: Clock;
  limits?: Partial<AuthLimits>;
  log: (message: string, error?: unknown) => void;
}

export type Accounts = ReturnType<typeof createAccounts>;

/** The secret every process of this server signs cookies with: configured, or stored by whoever came first. */
export async function authSecret(repo: AccountsRepository, configured?: string): Promise<string> {
  if (configured) return configured;
  await repo.insertSettingIfAbsent(SETTING_KEYS.secret, randomBytes(32).toString("base64url"));
  const stored = await repo.setting(SETTING_KEYS.secret);
  if (!stored) throw new Error("the auth secret could not be stored");
  return stored;
}

export function createAccounts(deps: AccountsDeps) {
  const repo = new AccountsRepository(deps.prisma);
  const { publicOrigin, allowedOrigins } = deps.origins;
  const auth: Promise<ArenaAuth> = authSecret(repo, deps.secret).then((secret) =>
    createAuth({
      prisma: deps.prisma,
      signup: deps.signup,
      secret,
      publicOrigin,
      // Like the socket's Origin rule (server/http/origin.ts): PUBLIC_URL, ALLOWED_ORIGINS, and a
      // page on the very host the request was made to (whatever scheme a proxy left us).
      trustedOrigins: (request) => {
        const list = [...(publicOrigin ? [publicOrigin] : []), ...allowedOrigins];
        const origin = request?.headers.get("origin");
        if (request && origin && URL.canParse(origin) && new URL(origin).host === new URL(request.url).host)
          list.push(new URL(origin).origin);
        return list;
      },
      clock: deps.clock,
      limits: { ...DEFAULT_AUTH_LIMITS, ...deps.limits },
      log: deps.log,
    }),
  );
  // A failure is reported by whoever awaits `ready` (server start-up); requests answer 500.
  auth.catch(() => {});

  const gate: AuthGate = {
    async instructorFrom(headers) {
      if (!headers.cookie) return null;
      // A server-side call: it does not pass through the library's per-address rate limiter.
      const found = await (await auth).api.getSession({ headers: fromNodeHeaders({ cookie: headers.cookie }) });
      if (!found || found.user.banned) return null;
      return toInstructor(found.user);
    },
  };

  /** Issues a fresh one-time set-up token (replacing any earlier one) while no account exists and sign-up is not open. */
  async function startFirstRun(): Promise<string | null> {
    if (deps.signup === "open" || (await repo.hasAnyUser())) {
      await repo.deleteSetting(SETTING_KEYS.setupToken);
      return null;
    }
    const token = newToken();
    await repo.putSetting(SETTING_KEYS.setupToken, hashToken(token));
    return token;
  }

  const context: AccountsContext = {
    auth,
    repo,
    gate,
    signup: deps.signup,
    origins: deps.origins,
    clock: deps.clock,
    log: deps.log,
  };

  return {
    gate,
    signup: deps.signup,
    /** Resolves once the auth secret is loaded and Better Auth is set up (rejects if it cannot be). */
    ready: auth.then(() => undefined),
    /** The Better Auth instance (for server-side calls in tests and tools). */
    auth: () => auth,
    startFirstRun,
    /** Handles /api/auth/* and the account endpoints; false for anything else. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path === "/api/auth" || path.startsWith("/api/auth/")) {
        await handleAuthRoute(req, res, context);
        return true;
      }
      return handleAccountsApi(req, res, path, context);
    },
  };
}
