// Better Auth, configured for Gradient Arena: email + password (hashed by the library), passkeys,
// the admin plugin (first account "admin", the others "instructor"; banned = disabled), sessions
// in the AuthSession table (Session is a class session here). docs/decisions/0008 says why.
import { passkey } from "@better-auth/passkey";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { admin } from "better-auth/plugins";
import type { PrismaClient } from "../db/generated/client";
import type { Clock } from "../rooms/clock";
import { AccountsRepository } from "./accounts-repo";
import { accountAttemptLimiter, createLimiterStorage, withoutSecrets, type AuthLimits } from "./auth-limits";

export type SignupMode = "invite" | "open" | "closed";

export interface AuthOptions {
  prisma: PrismaClient;
  signup: SignupMode;
  secret: string;
  /** PUBLIC_URL's origin, or null: then the base URL is each request's own origin. */
  publicOrigin: string | null;
  /** Origins (besides the request's own) whose pages may POST to the auth routes. */
  trustedOrigins: (request: Request | undefined) => string[];
  clock: Clock;
  limits: AuthLimits;
  log: (message: string, error?: unknown) => void;
}

/** Routes the library has that Arena does not offer (see docs/security.md). */
const DISABLED_PATHS = [
  // An instructor's sessions reference the account (ON DELETE RESTRICT): deleting is an admin's
  // decision (disable instead), never a click that fails half-way.
  "/delete-user",
  "/admin/remove-user",
  // Accounts are made by sign-up, set-up or invitation only, so SIGNUP is the one policy.
  "/admin/create-user",
  // Nobody acts as somebody else: every action stays the signed-in person's own.
  "/admin/impersonate-user",
  "/admin/stop-impersonating",
];

export function createAuth(options: AuthOptions) {
  const repo = new AccountsRepository(options.prisma);
  const perAccount = accountAttemptLimiter(options.limits);
  const secure = options.publicOrigin?.startsWith("https://") ?? false;

  return betterAuth({
    appName: "Gradient Arena",
    secret: options.secret,
    baseURL: options.publicOrigin ?? undefined,
    basePath: "/api/auth",
    trustedOrigins: options.trustedOrigins,
    database: prismaAdapter(options.prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128 },
    session: { modelName: "authSession" },
    telemetry: { enabled: false },
    disabledPaths: DISABLED_PATHS,
    // A failure (not a refusal) is thrown to our front door, which logs it and answers our 500:
    // the library would print it to the console itself, request data and all.
    onAPIError: { throw: true },
    rateLimit: {
      // Explicit: the library's default is "only when NODE_ENV=production".
      enabled: true,
      // Per instance (the library's memory store is one per process, shared by every instance).
      customStorage: createLimiterStorage(options.clock),
      customRules: {
        "/sign-in/*": options.limits.signInPerAddress,
        "/sign-up/*": options.limits.signUpPerAddress,
        "/change-password": options.limits.signInPerAddress,
      },
    },
    advanced: {
      // The one header the library reads the client address from; our front door (auth-routes.ts)
      // always overwrites it with the TRUST_PROXY-aware address, so a client cannot choose it.
      ipAddress: { ipAddressHeaders: ["x-arena-client-address"] },
      // Secure cookies when the public address is HTTPS; on a plain-HTTP classroom LAN a Secure
      // cookie would never be sent back.
      useSecureCookies: secure,
      // Explicit: the library skips its Origin check when NODE_ENV=test, and tests must see it.
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    logger: {
      // No `level`: with one set, the library also prints every refusal to the console itself.
      log: (level, message) => {
        // Without PUBLIC_URL the base URL is each request's own origin: by design, not a problem.
        if (message.includes("Base URL is not set")) return;
        // Messages only: their arguments may hold request data (an email, a body).
        if (level === "error" || level === "warn") options.log(`auth ${level}: ${message}`);
      },
    },
    databaseHooks: {
      user: {
        create: {
          // Runs after the sign-up transaction commits. The first account (whichever way it was
          // made) becomes the owner: admin, and owner of every session from before accounts.
          after: async (user) => {
            if (await repo.claimOwnership(user.id)) options.log(`owner account created (${user.id})`);
          },
        },
      },
    },
    hooks: {
      // eslint-disable-next-line @typescript-eslint/require-await -- the library takes async middleware only
      before: createAuthMiddleware(async (ctx) => {
        // Over HTTP (server-side calls have no request: set-up and invitations make accounts so).
        // The front door (auth-routes.ts) refuses it first; this holds whatever path spelling.
        if (ctx.path === "/sign-up/email" && ctx.request && options.signup !== "open")
          throw new APIError("FORBIDDEN", { code: "SIGNUP_CLOSED", message: "Sign-up is closed on this server." });
        // Per account, over HTTP only: a password guessed from many addresses is still slowed.
        if (ctx.path !== "/sign-in/email" || !ctx.request) return;
        const email: unknown = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email !== "string") return;
        if (!perAccount.take(email.trim().toLowerCase(), options.clock.now()))
          throw new APIError("TOO_MANY_REQUESTS", {
            code: "RATE_LIMITED",
            message: "Too many sign-in attempts for this account: wait a minute and try again.",
          });
      }),
      after: createAuthMiddleware(async (ctx) => {
        // The session token travels in the HttpOnly cookie only, never in a body a script reads.
        const returned = ctx.context.returned;
        if (!returned || returned instanceof Response || returned instanceof Error) return;
        const cleaned = withoutSecrets(returned);
        if (cleaned !== returned) return ctx.json(cleaned);
      }),
    },
    plugins: [
      admin({ defaultRole: "instructor", adminRoles: ["admin"] }),
      // rpID: PUBLIC_URL's host; without PUBLIC_URL (baseURL unset) the plugin uses "localhost", so
      // passkeys then work only at localhost (the account page says so; docs/deploy.md sets
      // PUBLIC_URL). Origin: PUBLIC_URL's, else the request's own, already checked by the library.
      passkey({ rpName: "Gradient Arena", origin: options.publicOrigin }),
    ],
  });
}

export type ArenaAuth = ReturnType<typeof createAuth>;
