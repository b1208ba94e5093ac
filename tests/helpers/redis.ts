// The machine's real Redis, shared by every test run: each test uses its own random key prefix and
// deletes its keys afterwards. In CI the server is required; elsewhere a missing server skips these
// tests with a loud message saying how to provide one (mirrors tests/helpers/postgres.ts).
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function reachable(): Promise<string | null> {
  const client = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3_000,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  let firstError: Error | undefined; // "ECONNREFUSED" says more than "Connection is closed."
  client.on("error", (error: Error) => (firstError ??= error));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    const cause = (firstError ?? error) as NodeJS.ErrnoException;
    return cause.code ?? cause.message;
  } finally {
    client.disconnect();
  }
}

/** Resolved once per file: null when the server answers, else why not. */
export const redisProblem: string | null = await reachable();

if (redisProblem !== null) {
  const message =
    `Redis is not reachable at ${REDIS_URL.replace(/:[^:@/]*@/, ":***@")} (${redisProblem}).\n` +
    "The Redis tests need a server: start one (redis-server --port 6379 --save '' --appendonly no), " +
    "or point TEST_REDIS_URL at one (e.g. TEST_REDIS_URL=redis://localhost:6380/0).";
  if (process.env.CI) throw new Error(message);
  console.warn(`\n*** SKIPPING REDIS TESTS ***\n${message}\n`);
}

/** A key prefix no other test or parallel run uses, e.g. "test:4242:9f2c1a7e". */
export function randomPrefix(): string {
  return `test:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** Deletes every key under `prefix` (SCAN, not KEYS, so a busy shared server is not blocked). */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}
