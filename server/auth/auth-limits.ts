// Brute-force limits of the auth routes, and what never leaves them. Two independent limits on
// signing in: per address (Better Auth's limiter, fed our TRUST_PROXY-aware address) against one
// machine trying many accounts, and per account (ours, keyed on the email) against many machines
// trying one. Students never call auth routes, so a class behind one address shares nothing here.
import type { BetterAuthRateLimitStorage } from "better-auth";
import { KeyedRateLimiter, type BucketOptions } from "../../lib/rate-limit";
import type { Clock } from "../rooms/clock";

export interface AuthLimits {
  /** Sign-in (and change-password) attempts from one address: a staff room behind one NAT passes. */
  signInPerAddress: { window: number; max: number };
  /** Sign-ups from one address (SIGNUP=open). */
  signUpPerAddress: { window: number; max: number };
  /** Sign-in attempts for one email, from anywhere: 10 at once, then one a minute. */
  signInPerAccount: BucketOptions;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  signInPerAddress: { window: 60, max: 30 },
  signUpPerAddress: { window: 60, max: 10 },
  signInPerAccount: { burst: 10, perSecond: 1 / 60 },
};

export function accountAttemptLimiter(limits: AuthLimits): KeyedRateLimiter {
  return new KeyedRateLimiter(limits.signInPerAccount, 100_000);
}

/** Fixed-window counters in memory, one store per auth instance, on the injected clock. */
export function createLimiterStorage(clock: Clock, maxKeys = 100_000): BetterAuthRateLimitStorage {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    consume(key, rule) {
      const now = clock.now();
      const windowMs = rule.window * 1000;
      if (windows.size >= maxKeys) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        if (windows.size >= maxKeys) windows.clear();
      }
      const current = windows.get(key);
      if (!current || now - current.start >= windowMs) {
        windows.set(key, { start: now, count: 1 });
        return Promise.resolve({ allowed: true, retryAfter: null });
      }
      if (current.count >= rule.max) {
        const retryAfter = Math.max(1, Math.ceil((current.start + windowMs - now) / 1000));
        return Promise.resolve({ allowed: false, retryAfter });
      }
      current.count += 1;
      return Promise.resolve({ allowed: true, retryAfter: null });
    },
  };
}

/** Keys whose values are credentials: session tokens (a script holding one has the account) and hashes. */
const SECRET_KEYS = new Set(["token", "password", "accessToken", "refreshToken", "idToken"]);

/**
 * The value with every credential field removed, or the very same value when it has none (so the
 * caller can tell nothing changed). Better Auth puts the session token in sign-in, sign-up and
 * get-session bodies for bearer clients; Arena's pages use the HttpOnly cookie only.
 */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => withoutSecrets(item));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEYS.has(key)) {
      changed = true;
      continue;
    }
    const cleaned = withoutSecrets(item);
    if (cleaned !== item) changed = true;
    out[key] = cleaned;
  }
  return (changed ? out : value) as T;
}
