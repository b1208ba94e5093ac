// One service of several real server processes (`server/main.ts`, SERVE_PAGES=false) sharing a fresh
// PostgreSQL database and a Redis key prefix, behind a real nginx running the deployment guide's site
// file with one `server` line per process (round-robin, no sticky sessions). Tests kill and restart
// single processes on their own ports, and cut Redis for one process or all (redisThroughProxy).
import { Redis } from "ioredis";
import { freePort, startNginx } from "../e2e/nginx";
import { closeClusterClients } from "./cluster-client";
import { createEmptyDatabase, postgresProblem } from "./postgres";
import { deleteKeys, randomPrefix, REDIS_URL, redisProblem } from "./redis";
import { startServerProcess, type ServerProcess } from "./server-process";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

export { clusterClient, upstreamPort, type ClusterClientOptions } from "./cluster-client";

const MAX_PROCESSES = 8;
const START_TIMEOUT_MS = 90_000; // three tsx servers starting at once on two cores
const STOP_TIMEOUT_MS = 10_000; // above server/main.ts's own 8 s shutdown deadline

export interface ClusterOptions {
  /** How many server processes, 1 to 8. */
  processes: number;
  /** Added to, or overriding, every process's environment (e.g. `{ REDIS_URL: "" }`: no Redis). */
  env?: Record<string, string>;
  /** Each process reaches Redis through its own TCP proxy (`redisProxy`), which a test can cut. */
  redisThroughProxy?: boolean;
}

export interface ClusterProcess {
  /** Its place in `processes` (0-based). */
  index: number;
  /** Its own port, the same across restarts (nginx's upstream list names it). */
  port: number;
  /** http://127.0.0.1:<port>: this process directly, not through nginx. */
  url: string;
  /** Everything it printed (stdout and stderr), every run of it, restarts marked. */
  output(): string;
  running(): boolean;
  /** Sends `signal` and resolves with the exit code (or signal) once it has exited. */
  kill(signal: "SIGKILL" | "SIGTERM"): Promise<number | string | null>;
  /** Starts it again on the same port with the same environment; it must have exited first. */
  restart(): Promise<void>;
  /** With redisThroughProxy: `cut()` drops its Redis connections and refuses new ones, `restore()`. */
  redisProxy?: TcpProxy;
}

export interface Cluster {
  /** https://localhost:<port>, nginx (self-signed certificate: see startCluster). Also PUBLIC_URL. */
  origin: string;
  processes: ClusterProcess[];
  databaseUrl: string;
  redisPrefix: string;
  /** nginx's output and the tail of its error log, for a failing test's message. */
  nginxLog(): string;
  /** The process listening on `port` (see upstreamPort), or an error naming the ports there are. */
  processOn(port: number): ClusterProcess;
  /** Stops every client, nginx, process and proxy; drops the database and deletes the Redis keys. */
  stop(): Promise<void>;
}

/** Runs every clean-up even when some fail, newest first, then throws the first failure. */
async function runAll(cleanups: Array<() => Promise<void>>): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

/** REDIS_URL with its host and port replaced by a proxy's (password and database number kept). */
function viaProxy(url: string, port: number): string {
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(port);
  return proxied.toString();
}

async function deletePrefixedKeys(prefix: string): Promise<void> {
  if (redisProblem !== null) return; // nothing can have been written there
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    await deleteKeys(client, prefix);
  } finally {
    client.disconnect();
  }
}

function clusterProcess(index: number, port: number, env: Record<string, string>, proxy?: TcpProxy) {
  let current: ServerProcess | null = null;
  let earlierOutput = "";
  let exit: number | string | null = null;
  const start = async () => {
    current = await startServerProcess({ ...env, PORT: String(port) }, START_TIMEOUT_MS);
    void current.exited.then((code) => (exit = code));
  };
  const running = () => current !== null && current.child.exitCode === null && current.child.signalCode === null;
  const handle: ClusterProcess = {
    index,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => earlierOutput + (current?.output() ?? ""),
    running,
    async kill(signal) {
      if (!current) throw new Error(`process ${index} was never started`);
      if (running()) current.child.kill(signal);
      return (exit = await current.exited);
    },
    async restart() {
      if (running()) throw new Error(`process ${index} (port ${port}) is still running: kill it first`);
      earlierOutput = `${handle.output()}\n--- process ${index} restarted (last exit: ${exit}) ---\n`;
      current = null;
      await start();
    },
    ...(proxy ? { redisProxy: proxy } : {}),
  };
  const stop = async () => {
    if (!running()) return;
    const exited = current!.exited;
    current!.child.kill("SIGTERM");
    const timer = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([exited.then(() => "exited"), timer])) !== "exited") await handle.kill("SIGKILL");
  };
  return { handle, start, stop };
}

/**
 * Starts the service. The test process then accepts nginx's self-signed certificate for its own
 * fetch() calls (NODE_TLS_REJECT_UNAUTHORIZED=0 here only, not in the server processes): sign up
 * with scripts/sign-up.ts `signUpOpen(origin)`, call the API with session-fixture.ts
 * `apiJson({ url: origin }, ...)`. SIGNUP=open and PUBLIC_URL=origin unless `env` says otherwise.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { processes: count, env = {}, redisThroughProxy = false } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PROCESSES)
    throw new Error(`startCluster: processes must be a whole number from 1 to ${MAX_PROCESSES}, not ${count}`);
  if (postgresProblem !== null) throw new Error(`startCluster needs PostgreSQL: ${postgresProblem}`);
  const usesRedis = env.REDIS_URL !== "";
  if (usesRedis && redisProblem !== null) throw new Error(`startCluster needs Redis: ${redisProblem}`);
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

  const cleanups: Array<() => Promise<void>> = [];
  const redisPrefix = randomPrefix().replaceAll(":", "-"); // REDIS_PREFIX allows no ":"
  cleanups.push(() => deletePrefixedKeys(redisPrefix));
  try {
    const database = await createEmptyDatabase();
    cleanups.push(database.drop);
    const ports = { httpsPort: await freePort(), httpPort: await freePort() };
    const origin = `https://localhost:${ports.httpsPort}`;
    const members: Array<ReturnType<typeof clusterProcess>> = [];
    for (let index = 0; index < count; index++) {
      const { hostname, port } = new URL(REDIS_URL);
      const proxy = redisThroughProxy
        ? await startTcpProxy(hostname.replace(/^\[|\]$/g, ""), Number(port || 6379))
        : undefined;
      if (proxy) cleanups.push(() => proxy.close());
      const processEnv = {
        DATABASE_URL: database.url,
        REDIS_URL: proxy ? viaProxy(REDIS_URL, proxy.port) : REDIS_URL,
        REDIS_PREFIX: redisPrefix,
        TRUST_PROXY: "loopback",
        PUBLIC_URL: origin,
        SIGNUP: "open",
        NODE_TLS_REJECT_UNAUTHORIZED: "", // the servers check certificates as usual
        ...env,
      };
      members.push(clusterProcess(index, await freePort(), processEnv, proxy));
    }
    cleanups.push(async () => void (await Promise.all(members.map((member) => member.stop()))));
    // All at once, as a deployment's processes start: they migrate the fresh database concurrently.
    await Promise.all(members.map((member) => member.start()));
    const nginx = await startNginx(
      members.map(({ handle }) => `127.0.0.1:${handle.port}`),
      ports,
    );
    cleanups.push(() => nginx.stop());
    cleanups.push(() => Promise.resolve(closeClusterClients(origin)));
    const processes = members.map(({ handle }) => handle);
    return {
      origin,
      processes,
      databaseUrl: database.url,
      redisPrefix,
      nginxLog: () => nginx.errorLog(),
      processOn(port) {
        const found = processes.find((member) => member.port === port);
        if (!found)
          throw new Error(
            `no process on port ${port}; the processes are on ${processes.map((p) => p.port).join(", ")}`,
          );
        return found;
      },
      stop: () => runAll(cleanups.splice(0)),
    };
  } catch (error) {
    await runAll(cleanups).catch(() => {}); // the start-up error says more than a clean-up one
    throw error;
  }
}
