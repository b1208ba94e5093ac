// The one way this server makes an ioredis client: connects at once, reconnects with a capped
// backoff for as long as it takes, fails queued commands after a few attempts rather than letting
// callers hang for a minute, and says "Redis is unreachable" once per outage, not once per retry.
import { Redis, type RedisOptions } from "ioredis";

export interface CreateRedisOptions {
  /** Where outage and recovery lines go. Default console.warn. */
  log?: (message: string) => void;
  /** Longest wait between reconnection attempts. Default 2000 ms. */
  maxBackoffMs?: number;
  /** Shown by CLIENT LIST, e.g. "arena-leases". */
  connectionName?: string;
  /** Anything else for ioredis; wins over the defaults above. */
  redisOptions?: RedisOptions;
}

export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  const parsed = parseRedisUrl(url);
  const { log = (message) => console.warn(message), maxBackoffMs = 2000 } = options;
  if (!Number.isFinite(maxBackoffMs) || maxBackoffMs < 1) {
    throw new Error(`createRedis: maxBackoffMs must be a positive number of ms, not ${maxBackoffMs}`);
  }
  const client = new Redis(parsed.toString(), {
    lazyConnect: false,
    // 50, 100, 200 ... ms, then maxBackoffMs for as long as the outage lasts: never give up.
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt - 1, 20), maxBackoffMs),
    // A command issued during an outage waits in the offline queue through 3 reconnection attempts
    // (under a second), then fails: callers (a lease, a health check) decide, nobody hangs.
    maxRetriesPerRequest: 3,
    connectionName: options.connectionName,
    ...options.redisOptions,
  });
  reportOutagesOnce(client, describeRedis(client), log);
  return client;
}

/** Resolves once the client is ready; else rejects with one line saying where and why. */
export function waitForRedis(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let problem = `no answer within ${timeoutMs} ms`;
    const fail = () => {
      cleanUp();
      reject(new Error(`Redis is not reachable at ${describeRedis(client)}: ${problem}`));
    };
    const onReady = () => {
      cleanUp();
      resolve();
    };
    const onError = (error: unknown) => (problem = describeError(error));
    const timer = setTimeout(fail, timeoutMs).unref();
    function cleanUp() {
      clearTimeout(timer);
      client.off("ready", onReady).off("error", onError).off("end", fail);
    }
    client.on("ready", onReady).on("error", onError).on("end", fail);
    if (client.status === "wait") client.connect().catch(() => {}); // a lazy client: errors arrive as events
    if (client.status === "end") fail();
  });
}

/** "redis://host:port[/db]" of a client, without credentials. */
export function describeRedis(client: Redis): string {
  const { host, port, db, tls } = client.options;
  return `${tls ? "rediss" : "redis"}://${host}:${port}${db ? `/${db}` : ""}`;
}

function parseRedisUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") || !parsed.hostname) {
    throw new Error(`createRedis: expected a URL like redis://host:6379[/db], not ${JSON.stringify(url)}`);
  }
  return parsed;
}

function reportOutagesOnce(client: Redis, where: string, log: (message: string) => void): void {
  let everReady = false;
  let reported = false;
  let since = 0;
  const report = (what: string) => {
    if (reported) return;
    reported = true;
    since = performance.now();
    log(`Redis at ${where} ${what}; retrying in the background`);
  };
  // The listener also keeps ioredis from printing "[ioredis] Unhandled error event" on every retry.
  client.on("error", (error: unknown) => report(`is unreachable (${describeError(error)})`));
  client.on("close", () => {
    if (everReady) report("closed the connection");
  });
  client.on("ready", () => {
    if (reported) log(`Redis at ${where} is reachable again after ${Math.round(performance.now() - since)} ms`);
    everReady = true;
    reported = false;
  });
}

/** "ECONNREFUSED", "ENOTFOUND", or the message: never a stack. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === "string" && code !== "" ? code : error.message.split("\n")[0]!;
  }
  return String(error);
}
