// Scale-out benchmark (issue 13): one class spread evenly over several server processes sharing
// Redis and PostgreSQL (scripts/bench/bench-cluster.ts), every phone on 127.0.0.1 (a school behind
// one NAT), connected straight to the processes' ports round-robin: no proxy, so nginx's TLS does
// not take CPU from the servers on a 2-core machine, and each phone's process is known. One round:
//   1. steady: every process up; tick spread, per-process CPU / RSS / event loop, Redis per step;
//   2. failover: SIGKILL the room's owner (the host's process); the wait for the next tick on the
//      other processes, steps replayed, every later step received; then the process restarts;
//   3. rolling restart: SIGTERM the new owner (hand-over); the pause on the other processes.
// Phones on a process that goes come back on the next one with their resume token (--no-rejoin:
// they stay away), the host too. Several runs reuse the processes (restarted after each round).
//   npx tsx scripts/bench-scaleout.ts [--students 2000,500] [--processes 3] [--steps 600]
//     [--steady 150] [--sps 10] [--runs 1] [--workers 1] [--concurrency 50] [--no-rejoin] [--json file]
//     [--logs file (every server process's output)]
import { appendFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { REDIS_URL, redisProblem } from "../tests/helpers/redis";
import type { WorkerConfig, WorkerDone } from "./bench-fanout-clients";
import { BenchCluster } from "./bench/bench-cluster";
import { createBenchSession } from "./bench/bench-session";
import { forkLoadWorker, fromAll, stopLoadWorkers } from "./bench/load-workers";
import { printScaleoutRun, scaleoutTable } from "./bench/scaleout-report";
import { measureSteady, type SteadyPhase } from "./bench/scaleout-steady";
import { readRedisCounters, redisDelta, type RedisCounters } from "./bench/redis-stats";
import { disruption, type Disruption } from "./bench/tick-gaps";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "2000" },
    processes: { type: "string", default: "3" },
    steps: { type: "string", default: "600" },
    steady: { type: "string", default: "150" },
    sps: { type: "string", default: "10" },
    runs: { type: "string", default: "1" },
    workers: { type: "string", default: "1" },
    concurrency: { type: "string", default: "50" },
    "no-rejoin": { type: "boolean", default: false },
    json: { type: "string" },
    // Every server process's output (all runs, kills marked) appended to this file.
    logs: { type: "string" },
    // The raw tick timelines of a few phones per process (`--dump-phones`) and the kill times, as JSON lines.
    dump: { type: "string" },
    "dump-phones": { type: "string", default: "3" },
  },
});
const sizes = values.students.split(",").map(Number);
const processCount = Number(values.processes);
const maxSteps = Number(values.steps);
const steadySteps = Number(values.steady);
const stepsPerSecond = Number(values.sps);
const workerCount = Math.max(1, Number(values.workers));
const settings = [sizes, processCount, maxSteps, steadySteps, stepsPerSecond, Number(values.runs)].flat();
if (settings.some((n) => !Number.isInteger(n) || n < 1) || steadySteps >= maxSteps)
  throw new Error("--students, --processes, --steps, --steady, --sps, --runs: whole numbers >= 1, --steady < --steps");

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface KillPhase {
  signal: "SIGKILL" | "SIGTERM";
  process: number;
  at: number;
  /** The same moment on the monotonic clock, µs: where to look in a `--cpu-prof` profile (BENCH_SERVER_NODE_ARGS). */
  atMonotonicUs: number;
  /** ms from the signal to the process's exit, and to another process holding the lease. */
  exitMs: number;
  leaseMs: number | null;
  newOwner: number | null;
  /** ms the process took to listen again on its port (after the round, for the SIGTERM). */
  restartMs: number | null;
  /** What Redis carried from the signal until ticks had flowed again for a while (`ms`, at least 6 s). */
  redis: { counters: RedisCounters; ms: number } | null;
  figures: Disruption | null;
}

const AFTER_KILL_MS = 6_000;

export interface ScaleoutRun {
  students: number;
  processes: number;
  run: number;
  /** The machine's 1-minute load average when the run began (other work shows here). */
  loadAverage: number;
  joined: number;
  joinFailed: number;
  joinMs: number;
  owner: number | null;
  steady: SteadyPhase;
  failover: KillPhase | null;
  rolling: KillPhase | null;
  /** Phones connected when the round ended, and those of them that got room:finished. */
  connectedAtEnd: number;
  finished: number;
  lastStep: number;
  notes: string[];
}

async function killOwner(
  cluster: BenchCluster,
  code: string,
  signal: "SIGKILL" | "SIGTERM",
  notes: string[],
): Promise<KillPhase | null> {
  const owner = await cluster.owner(code);
  if (owner === null) {
    notes.push(`${signal}: nobody held the room's lease; skipped`);
    return null;
  }
  const redisBefore = await readRedisCounters(cluster.redis);
  const at = wall();
  const atMonotonicUs = Number(process.hrtime.bigint() / 1000n);
  const [{ exitedAt, code: exit }, next] = await Promise.all([
    cluster.signal(owner, signal),
    cluster.nextOwner(code, owner, 30_000),
  ]);
  if (!next) notes.push(`${signal}: no other process took the room within 30 s`);
  if (signal === "SIGTERM" && exit !== 0) notes.push(`SIGTERM: process ${owner} exited with ${exit}, not 0`);
  if (next) await sleep(Math.max(at + AFTER_KILL_MS, next.at + 3_000) - wall()); // ticks flowing again
  const redis = { counters: redisDelta(redisBefore, await readRedisCounters(cluster.redis)), ms: wall() - at };
  const phase = { signal, process: owner, at, atMonotonicUs, exitMs: exitedAt - at, newOwner: next?.index ?? null };
  return { ...phase, leaseMs: next ? next.at - at : null, restartMs: null, redis, figures: null };
}

async function runOnce(cluster: BenchCluster, students: number, run: number): Promise<ScaleoutRun> {
  const notes: string[] = [];
  const loadAverage = os.loadavg()[0]!;
  const session = await createBenchSession(cluster.url(0), {
    title: `scale-out ${students} (run ${run})`,
    dataset: "lesson",
    maxSteps,
    stepsPerSecond,
  });
  // Indices into `urls` are process indices: the phones' timelines name processes by them.
  const urls = Array.from({ length: cluster.size }, (_, i) => cluster.url(i));
  const per = Math.ceil(students / workerCount);
  const workers = [];
  try {
    for (let w = 0; w * per < students; w++) {
      const config: WorkerConfig = {
        url: cluster.url(0), // the host on the process the session was created through: its owner
        urls,
        code: session.code,
        hostToken: w === 0 ? session.hostToken : undefined,
        from: w * per,
        count: Math.min(per, students - w * per),
        lrMin: 1e-6,
        lrMax: 2e-4,
        optimizers: ["gd"],
        concurrency: Number(values.concurrency),
        perAddress: 0,
        rejoin: !values["no-rejoin"],
        timeline: true,
      };
      workers.push(forkLoadWorker(config, "advanced"));
    }
    await fromAll(workers, "ready", 30_000);
    const joinStart = performance.now();
    for (const worker of workers) worker.send({ type: "join" });
    const joined = await fromAll(workers, "joined", 300_000);
    const joinMs = performance.now() - joinStart;
    const joinErrors = [...new Set(joined.flatMap((m) => m.errors as string[]))];
    if (joinErrors.length) notes.push(`join errors: ${joinErrors.join("; ")}`);
    const owner = await cluster.owner(session.code);
    await sleep(1_000); // the coalesced student states of the join phase go out first

    const roundMs = (1000 * maxSteps) / stepsPerSecond;
    const startAt = wall();
    for (const worker of workers) worker.send({ type: "start", deadlineMs: roundMs + 90_000 });
    const done = fromAll(workers, "done", roundMs + 120_000) as unknown as Promise<WorkerDone[]>;
    done.catch(() => {}); // awaited below; a failure before then must not go unhandled
    const steadyFrom = startAt + 1_000;
    await sleep(steadyFrom - wall());
    const steadyWindow = await measureSteady(cluster, workers, (1000 * steadySteps) / stepsPerSecond);

    let failover: KillPhase | null = null;
    let rolling: KillPhase | null = null;
    if (cluster.size > 1) {
      failover = await killOwner(cluster, session.code, "SIGKILL", notes);
      if (failover) {
        failover.restartMs = await cluster.restart(failover.process);
        await sleep(3_000);
        const left = startAt + roundMs - wall();
        if (left > 12_000) rolling = await killOwner(cluster, session.code, "SIGTERM", notes);
        else notes.push(`rolling restart skipped: only ${(left / 1000).toFixed(1)} s of the round left`);
      }
    }
    const reports = await done;
    const endAt = wall();
    for (const worker of workers) worker.send({ type: "end" });
    if (rolling) rolling.restartMs = await cluster.restart(rolling.process);

    const all = reports.flatMap((d) => d.students);
    const timelines = all.map((s) => s.timeline!);
    if (failover) failover.figures = disruption(timelines, failover.at, rolling?.at ?? endAt, failover.process);
    if (rolling) rolling.figures = disruption(timelines, rolling.at, endAt, rolling.process);
    const steady = steadyWindow.figures(timelines);
    if (values.dump) {
      const events = { startAt, steady: [steady.from, steady.to], failover, rolling, endAt };
      const first = (server: number) => timelines.filter((t) => t.servers[0]!.server === server);
      const phones = cluster.running().flatMap((i) => first(i).slice(0, Number(values["dump-phones"])));
      await appendFile(values.dump, `${JSON.stringify({ students, run, events, phones })}\n`);
    }
    const connected = all.filter((s) => !s.disconnected);
    return {
      students,
      processes: cluster.size,
      run,
      loadAverage,
      joined: joined.reduce((n, m) => n + Number(m.ok), 0),
      joinFailed: joined.reduce((n, m) => n + Number(m.failed), 0),
      joinMs,
      owner,
      steady,
      failover,
      rolling,
      connectedAtEnd: connected.length,
      finished: connected.filter((s) => s.finished).length,
      lastStep: Math.max(...all.map((s) => s.maxStep)),
      notes,
    };
  } finally {
    await stopLoadWorkers(workers);
  }
}

if (redisProblem !== null) {
  console.log(`scale-out: skipped, Redis is not reachable at ${REDIS_URL} (${redisProblem})`);
  process.exit(0);
}
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
console.log(
  `scale-out: lesson, ${maxSteps} steps at ${stepsPerSecond}/s, ${processCount} processes, every phone on 127.0.0.1,` +
    ` round-robin over the processes' ports; phones of a dead process ${values["no-rejoin"] ? "stay away" : "come back on the next"};` +
    ` ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`,
);
const rows: ScaleoutRun[] = [];
let failed = false;
for (const students of sizes) {
  let cluster: BenchCluster | null = null;
  try {
    cluster = await BenchCluster.start(processCount, redis, REDIS_URL);
    for (let run = 1; run <= Number(values.runs); run++) {
      const row = await runOnce(cluster, students, run);
      rows.push(row);
      printScaleoutRun(row);
    }
  } catch (error) {
    failed = true;
    console.log(`  S=${students}: FAILED: ${(error as Error).stack?.slice(0, 3000)}`);
  } finally {
    if (values.logs && cluster) await appendFile(values.logs, `\n##### S=${students}\n${cluster.output()}`);
    await cluster?.stop().catch((error: Error) => console.log(`  clean-up failed: ${error.message}`));
  }
}
redis.disconnect();
if (rows.length > 0) console.log(`\n${scaleoutTable(rows)}`);
if (values.json) await writeFile(values.json, JSON.stringify(rows, null, 2));
process.exit(failed ? 1 : 0);
