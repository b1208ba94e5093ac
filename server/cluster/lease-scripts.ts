// The three Redis operations of a room lease, each one atomic Lua script.
//
// Why not redis-semaphore's Mutex (installed, and checked against a cut connection):
// - its key is always `mutex:<key>` and its value a random UUID, so "who holds room X" has no answer;
// - it has no fencing token, and INCR after its SET NX would not be atomic: a holder whose lease
//   expired between the two could draw a larger token than its successor;
// - on refresh it only notices a changed key. While Redis is unreachable its refresh sits in
//   ioredis's offline queue, `isAcquired` stays true long after the key expired in Redis, and
//   `onLockLost` fires only once the connection is back; a refresh that errors
//   (MaxRetriesPerRequestError) becomes an unhandled rejection.
// So the lease keeps its own validity clock (room-lease.ts) and uses these small scripts instead.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** A Lua script sent by SHA (EVALSHA), and in full only when Redis does not know it yet. */
class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly keyCount: number,
  ) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(redis: Redis, keysAndArgs: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, this.keyCount, ...keysAndArgs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return await redis.eval(this.source, this.keyCount, ...keysAndArgs);
    }
  }
}

// KEYS[1] lease key, KEYS[2] fence counter; ARGV[1] process id, ARGV[2] ttl in ms.
// The fence is drawn in the same script as the SET, so fences follow the order of ownership.
// The value is "<fence>:<process id>": unique per acquisition, so a stale lease object of the
// same process can never extend or delete a newer lease.
const acquireScript = new LuaScript(
  `if redis.call('exists', KEYS[1]) == 1 then return 0 end
local fence = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], string.format('%d', fence) .. ':' .. ARGV[1], 'PX', ARGV[2])
return fence`,
  2,
);

// KEYS[1] lease key; ARGV[1] token, ARGV[2] ttl in ms. Extends only if the key still holds the token.
const extendScript = new LuaScript(
  `if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
return 0`,
  1,
);

// KEYS[1] lease key; ARGV[1] token. Deletes only if the key still holds the token.
const dropScript = new LuaScript(
  `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`,
  1,
);

/** The value stored under a lease key; mirrors the concatenation in the acquire script. */
export function leaseToken(fence: number, processId: string): string {
  return `${fence}:${processId}`;
}

/** The process id in a stored lease value. */
export function holderOf(value: string): string {
  return value.slice(value.indexOf(":") + 1);
}

/** SET NX PX and INCR in one step: the new fence, or null when somebody holds the key. */
export async function acquireLease(
  redis: Redis,
  keys: { lease: string; fence: string },
  processId: string,
  ttlMs: number,
): Promise<number | null> {
  const fence = Number(await acquireScript.run(redis, [keys.lease, keys.fence, processId, ttlMs]));
  return fence > 0 ? fence : null;
}

/** Compare-and-extend: true when the key still held `token` and now lives `ttlMs` more. */
export async function extendLease(redis: Redis, leaseKey: string, token: string, ttlMs: number): Promise<boolean> {
  return Number(await extendScript.run(redis, [leaseKey, token, ttlMs])) === 1;
}

/** Compare-and-delete: true when the key held `token` and is gone now. */
export async function dropLease(redis: Redis, leaseKey: string, token: string): Promise<boolean> {
  return Number(await dropScript.run(redis, [leaseKey, token])) === 1;
}
