// Environment, validated once at start-up: a typo in a variable stops the server with a message
// naming the variable, instead of a confusing failure later.
import path from "node:path";
import { z } from "zod";
import { issueMessages } from "../lib/validation-message";
import type { DatabaseTarget } from "./db/database";
import { parseTrustProxy, type TrustProxy } from "./http/client-address";

const intFrom = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: intFrom(0, 65_535, 3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\/[^\s]+$/.test(url), "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  // Several processes form one service when they share REDIS_URL and DATABASE_URL (docs/scaling.md).
  REDIS_URL: z
    .string()
    .refine((url) => /^rediss?:\/\/[^\s]+$/.test(url) && URL.canParse(url), "must be a redis:// or rediss:// URL")
    .optional(),
  // Keys and channels of this service in Redis: services (or test runs) sharing one Redis differ here.
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, "1 to 40 letters, digits, '.', '_' or '-'")
    .default("arena"),
  MAX_PARTICIPANTS: intFrom(1, 100_000, 2_000),
  MAX_ROOMS: intFrom(1, 100_000, 200),
  ROOM_IDLE_MINUTES: z.coerce
    .number()
    .min(0.01)
    .max(24 * 60)
    .default(10),
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
      "a comma-separated list of origins like https://arena.school.example",
    ),
  // The address phones use (QR code, join link, allowed Origin), e.g. behind a reverse proxy.
  PUBLIC_URL: z
    .string()
    .refine(
      (url) => /^https?:\/\/[^/\s?#@]+\/?$/.test(url) && URL.canParse(url),
      "an origin like https://arena.school.example (no path)",
    )
    .transform((url) => new URL(url).origin)
    .optional(),
  TRUST_PROXY: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  SERVE_PAGES: z.enum(["true", "false"]).default("true"),
  // Who may create an instructor account: invitations by an admin (after the first-run set-up
  // link), anyone (open), or nobody new (closed). docs/decisions/0008-instructor-accounts.md.
  SIGNUP: z.enum(["invite", "open", "closed"]).default("invite"),
  // Signs the session cookies. Unset: generated once and kept in the database.
  BETTER_AUTH_SECRET: z.string().min(32, "at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
});

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** REDIS_URL and REDIS_PREFIX: this process is one of several (null: it is the only one). */
  cluster: { redisUrl: string; prefix: string } | null;
  maxParticipants: number;
  maxRooms: number;
  idleGraceMs: number;
  dev: boolean;
  servePages: boolean;
  allowedOrigins: string[];
  /** PUBLIC_URL's origin, or null: then pages use the address they were opened at. */
  publicOrigin: string | null;
  /** Which peers may speak for the client in X-Forwarded-* (0 = none). */
  trustProxy: TrustProxy;
  signup: "invite" | "open" | "closed";
  /** BETTER_AUTH_SECRET, or undefined: then generated once and kept in the database. */
  authSecret: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = issueMessages(parsed.error, "environment").map((line) => `  ${line}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL)
    throw new ConfigError(
      "REDIS_URL is set but DATABASE_URL is not. Several processes share one PostgreSQL database " +
        "(DATABASE_URL=postgres://...); the embedded database serves a single process. Unset REDIS_URL " +
        "to run one process on the embedded database.",
    );
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: "postgres", url: e.DATABASE_URL }
      : { kind: "embedded", dataDir: path.resolve(e.DATA_DIR) },
    cluster: e.REDIS_URL ? { redisUrl: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
    maxParticipants: e.MAX_PARTICIPANTS,
    maxRooms: e.MAX_ROOMS,
    idleGraceMs: e.ROOM_IDLE_MINUTES * 60_000,
    dev: e.NODE_ENV === "development",
    servePages: e.SERVE_PAGES === "true",
    allowedOrigins: e.ALLOWED_ORIGINS,
    publicOrigin: e.PUBLIC_URL ?? null,
    trustProxy: e.TRUST_PROXY ?? 0,
    signup: e.SIGNUP,
    authSecret: e.BETTER_AUTH_SECRET,
  };
}
