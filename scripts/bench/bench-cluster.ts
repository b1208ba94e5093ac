// Several real server processes (scripts/bench/server-child.ts, event-loop probe included) forming
// one service: a PostgreSQL database and a Redis key prefix of their own, each process on its own
// port, which it keeps across a kill and a restart. Which process owns a room is read from its
// lease in Redis (`<prefix>:lease:<code>`, value "<fence>:<process id>", server/cluster/room-leases.ts)
// and the process id each one prints at start-up. No proxy in front: see scripts/bench-scaleout.ts.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { holderOf } from "../../server/cluster/lease-scripts";
import { freePort } from "../../tests/e2e/nginx";
import { deleteKeys } from "../../tests/helpers/redis";
import { BENCH_INSTRUCTOR_ENV } from "./bench-session";
import { createBenchDatabase, type BenchDatabase } from "./bench-postgres";
import { startServer, type ServerChild } from "./server-child";

interface Member {
  port: number;
  server: ServerChild | null;
  processId: string | null;
  /** What its earlier runs printed (before a kill or a stop). */
  earlier: string;
}

const PROCESS_ID = /one of several processes \(([^)]+)\)/;
const wall = () => performance.timeOrigin + performance.now();

export class BenchCluster {
  private constructor(
    private readonly members: Member[],
    private readonly env: Record<string, string>,
    /** The benchmark's own client of the service's Redis (lease look-ups, INFO). */
    readonly redis: Redis,
    readonly prefix: string,
    private readonly database: BenchDatabase,
  ) {}

  /** `count` processes started at once (they migrate the fresh database concurrently, as a deployment does). */
  static async start(count: number, redis: Redis, redisUrl: string, env: Record<string, string> = {}) {
    const tag = `${process.pid}_${randomBytes(3).toString("hex")}`;
    const database = await createBenchDatabase(`arena_scaleout_${tag}`);
    const prefix = `bench-scaleout-${tag}`;
    const shared = {
      ...BENCH_INSTRUCTOR_ENV,
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      MAX_PARTICIPANTS: "5000",
      ...env,
    };
    const members: Member[] = [];
    for (let i = 0; i < count; i++)
      members.push({ port: await freePort(), server: null, processId: null, earlier: "" });
    const cluster = new BenchCluster(members, shared, redis, prefix, database);
    try {
      await Promise.all(members.map((_, i) => cluster.restart(i)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get size(): number {
    return this.members.length;
  }

  url(index: number): string {
    return `http://127.0.0.1:${this.members[index]!.port}`;
  }

  /** The running process `index`, or an error (it was killed and not restarted). */
  server(index: number): ServerChild {
    const server = this.members[index]!.server;
    if (!server) throw new Error(`process ${index} is not running`);
    return server;
  }

  running(): number[] {
    return this.members.flatMap((member, i) => (member.server ? [i] : []));
  }

  /** Starts process `index` (again) on its port; resolves with how long it took to listen, in ms. */
  async restart(index: number): Promise<number> {
    const member = this.members[index]!;
    if (member.server) throw new Error(`process ${index} is still running`);
    const started = performance.now();
    member.server = await startServer({ ...this.env, PORT: String(member.port) }, 120_000);
    member.processId = PROCESS_ID.exec(member.server.output())?.[1] ?? null;
    if (!member.processId) throw new Error(`process ${index} did not say its process id:\n${member.server.output()}`);
    return performance.now() - started;
  }

  /** SIGKILL (no goodbye) or SIGTERM (hand-over); resolves once it has exited, with the exit time. */
  async signal(
    index: number,
    signal: "SIGKILL" | "SIGTERM",
  ): Promise<{ exitedAt: number; code: number | string | null }> {
    const server = this.server(index);
    const member = this.members[index]!;
    member.server = null;
    const exited = new Promise<number | string | null>((resolve) =>
      server.child.once("exit", (code, name) => resolve(name ?? code)),
    );
    if (signal === "SIGKILL") server.child.kill("SIGKILL");
    else void server.stop(); // SIGTERM, and SIGKILL if still there after 10 s
    const code = await exited;
    member.earlier += `${server.output()}\n--- ${signal}: exited (${code}) ---\n`;
    return { exitedAt: wall(), code };
  }

  /** Index of the process holding room `code`'s lease now, or null (none, or not one of ours). */
  async owner(code: string): Promise<number | null> {
    const value = await this.redis.get(`${this.prefix}:lease:${code}`);
    if (value === null) return null;
    const index = this.members.findIndex((m) => m.server && m.processId === holderOf(value));
    return index < 0 ? null : index;
  }

  /** Polls (every 20 ms) until a running process other than `not` holds the room; null after `timeoutMs`. */
  async nextOwner(code: string, not: number, timeoutMs: number): Promise<{ index: number; at: number } | null> {
    const until = performance.now() + timeoutMs;
    while (performance.now() < until) {
      const index = await this.owner(code);
      if (index !== null && index !== not) return { index, at: wall() };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }

  /** Everything each process printed, every run of it (for --logs). */
  output(): string {
    return this.members
      .map((m, i) => `===== process ${i} (port ${m.port}) =====\n${m.earlier}${m.server?.output() ?? ""}`)
      .join("\n");
  }

  /** Stops every process, drops the database and deletes the prefix's keys. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => member.server?.stop() ?? Promise.resolve()));
    for (const member of this.members) member.server = null;
    await this.database.drop().catch((error: Error) => console.warn(`could not drop the database: ${error.message}`));
    await deleteKeys(this.redis, this.prefix);
  }
}
