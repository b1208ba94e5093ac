// Fan-out benchmark (issue 5): the real server in a child process, S simulated students in another
// (scripts/bench-fanout-clients.ts), one round of the lesson at 10 steps a second; measures what a
// classroom feels (tick latency, lost or reordered ticks, bytes per tick) and what the server pays
// (CPU, RSS, event-loop delay). A fresh server and database per class size, so figures don't mix.
//   npx tsx scripts/bench-fanout.ts [--sizes 100,500,1000,2000] [--steps 150] [--sps 10] [--workers 1]
//     [--per-address 25 | 0 (everybody on 127.0.0.1: one NAT)] [--concurrency 50 | 0 (no pacing)]
//     [--optimizers gd,momentum,adam] [--pin | --pin-loop] [--json file]
//     [--wire (each tick timed on the wire by tcpdump as well: needs root)]
//     [--timeline file (with --wire: each step's span on the wire and the server's collections,
//      written to file-<S>.json; prints how many steps had a collection inside them)]
// After the round every student's socket drops and all resume at once with their tokens (a Wi-Fi
// drop): the "resumed / refused" column.
// Prints a table; with --json <file> also writes the raw figures. Traffic stays on 127.0.0.1.
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { WorkerConfig, WorkerDone, WorkerResumed } from "./bench-fanout-clients";
import { forkLoadWorker, fromAll, stopLoadWorkers } from "./bench/load-workers";
import { cpuPercent, readCpu, readMemory } from "./bench/proc-stats";
import { BENCH_INSTRUCTOR_ENV, createBenchSession } from "./bench/bench-session";
import { startServer, type EventLoopDelay, type ServerChild } from "./bench/server-child";
import { markdownTable, mean, percentile, sortedCopy, spreadOf, type Spread } from "./bench/stats";
import { ensureTcpdump, startWireCapture, type WireArrivals } from "./bench/wire-capture";
import { gcOverlap, type StepSpan } from "./bench/gc-overlap";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100,500,1000,2000" },
    // --pin: server on CPU 0, load generator on CPU 1, so they do not take turns on one core.
    // --pin-loop: only the server's event-loop thread on CPU 0; its other threads (the embedded
    // database's worker, libuv's pool) go where the OS puts them, as on an unpinned server.
    pin: { type: "boolean", default: false },
    "pin-loop": { type: "boolean", default: false },
    steps: { type: "string", default: "150" },
    sps: { type: "string", default: "10" },
    workers: { type: "string", default: "1" },
    // Joins in flight at once per worker; 0 = every student at once, as fast as the phones can.
    concurrency: { type: "string", default: "50" },
    // Students per source address; 0 = all on 127.0.0.1 (a class behind one NAT).
    "per-address": { type: "string", default: "25" },
    json: { type: "string" },
    // --wire: also time each tick where a phone would get it, on the wire (tcpdump on lo, root).
    wire: { type: "boolean", default: false },
    timeline: { type: "string" },
    // Optimisers allowed in the round, cycled through by the students (issue 15: a mixed class).
    optimizers: { type: "string", default: "gd" },
  },
});
const sizes = values.sizes.split(",").map(Number);

function pin(pid: number, cpus: string, threads: "all" | "main" = "all"): void {
  try {
    execFileSync("taskset", [...(threads === "all" ? ["-a"] : []), "-cp", cpus, String(pid)], { stdio: "ignore" });
  } catch {
    console.warn(`could not pin ${pid} to CPU ${cpus} (taskset missing?): running unpinned`);
  }
}
const pinning = values.pin || values["pin-loop"];
const optimizers = values.optimizers.split(",");
const maxSteps = Number(values.steps);
const stepsPerSecond = Number(values.sps);
const workerCount = Math.max(1, Number(values.workers));

export interface FanoutRow {
  students: number;
  joined: number;
  joinFailed: number;
  joinMs: number;
  joinCpu: number;
  joinEld: EventLoopDelay | null;
  hostJoinBytes: number;
  steps: number;
  latency: { p50: number; p95: number; p99: number; max: number };
  /** Per step, last arrival minus first arrival over all students, as the load generator saw them. */
  spread: Spread;
  /** The same on the wire (--wire): when the kernel delivered each student's tick. */
  wire: (Spread & { arrivals: number; dropped: number }) | null;
  studentsMissingTicks: number;
  ticksMissed: number;
  outOfOrder: number;
  disconnected: number;
  studentBytesPerTick: number;
  studentOtherBytes: number;
  hostBytesPerTick: number;
  hostBytesPerRunTick: number;
  serverCpu: number;
  clientCpu: number;
  rssMB: number;
  /** Resident memory sampled through the round: median and highest. */
  roundRssMB: { median: number; max: number };
  peakRssMB: number;
  roundEld: EventLoopDelay | null;
  roundWallMs: number;
  resumed: number;
  resumeRefused: number;
  resumeMs: number;
}

async function runSize(students: number): Promise<FanoutRow> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-fanout-"));
  let server: ServerChild | null = null;
  const workers: ChildProcess[] = [];
  try {
    server = await startServer({ DATA_DIR: dataDir, MAX_PARTICIPANTS: "5000", ...BENCH_INSTRUCTOR_ENV });
    if (pinning) pin(server.pid, "0", values["pin-loop"] ? "main" : "all");
    const session = await createBenchSession(server.url, {
      title: `fan-out ${students}`,
      dataset: "lesson",
      maxSteps,
      stepsPerSecond,
      optimizers,
    });

    const per = Math.ceil(students / workerCount);
    for (let w = 0; w * per < students; w++) {
      const config: WorkerConfig = {
        url: server.url,
        code: session.code,
        hostToken: w === 0 ? session.hostToken : undefined,
        from: w * per,
        count: Math.min(per, students - w * per),
        lrMin: 1e-6,
        lrMax: 2e-4,
        optimizers,
        concurrency: Number(values.concurrency),
        perAddress: Number(values["per-address"]),
      };
      const worker = forkLoadWorker(config);
      workers.push(worker);
      if (pinning) pin(worker.pid!, "1");
    }
    await fromAll(workers, "ready", 30_000);

    // Join phase: every student connects, joins and submits, at most `concurrency` at once per worker.
    server.resetEventLoop();
    let cpu = readCpu(server.pid);
    const joinStart = performance.now();
    for (const worker of workers) worker.send({ type: "join" });
    const joined = await fromAll(workers, "joined", 300_000);
    const joinMs = performance.now() - joinStart;
    const joinCpu = cpuPercent(cpu, readCpu(server.pid));
    const joinEld = await server.readEventLoop();
    const joinErrors = [...new Set(joined.flatMap((m) => m.errors as string[]))];
    if (joinErrors.length) console.log(`  S=${students}: join errors: ${joinErrors.join("; ")}`);

    // Round phase, after the coalesced student states of the join phase have gone out.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    server.resetEventLoop();
    cpu = readCpu(server.pid);
    const clientCpu0 = workers.map((w) => readCpu(w.pid!));
    const roundMs = (1000 * maxSteps) / stepsPerSecond;
    const port = Number(new URL(server.url).port);
    const capture = wireOn ? await startWireCapture(port, pinning ? "1" : undefined) : null;
    // Resident memory through the round, twice a second: its median (steady) and its highest.
    const roundRss: number[] = [];
    const serverPid = server.pid;
    const rssSampler = setInterval(() => roundRss.push(readMemory(serverPid).rssMB), 500);
    const roundStart = performance.now();
    for (const worker of workers) worker.send({ type: "start", deadlineMs: roundMs + 60_000 });
    const done = (await fromAll(workers, "done", roundMs + 90_000).finally(() =>
      clearInterval(rssSampler),
    )) as unknown as WorkerDone[];
    const serverCpu = cpuPercent(cpu, readCpu(server.pid));
    const roundWallMs = performance.now() - roundStart;
    const wire: WireArrivals | null = (await capture?.stop()) ?? null;
    const clientCpu = workers.reduce((sum, w, i) => sum + cpuPercent(clientCpu0[i]!, readCpu(w.pid!)), 0);
    const memory = readMemory(server.pid);
    const roundEld = await server.readEventLoop();
    if (values.timeline && wire) await writeTimeline(values.timeline, students, wire, roundEld);

    // Wi-Fi drop: every socket goes, every phone comes back at once with its resume token.
    const resumeStart = performance.now();
    for (const worker of workers) worker.send({ type: "resume" });
    const resumed = (await fromAll(workers, "resumed", 300_000)) as unknown as WorkerResumed[];
    const resumeMs = performance.now() - resumeStart;
    const resumeErrors = [...new Set(resumed.flatMap((m) => m.errors))];
    if (resumeErrors.length) console.log(`  S=${students}: resume errors: ${resumeErrors.join("; ")}`);
    for (const worker of workers) worker.send({ type: "end" });

    const host = done[0]!.host!;
    const reports = done.flatMap((d) => d.students);
    const connected = reports.filter((r) => !r.disconnected);
    const latencies = sortedCopy(done.flatMap((d) => d.latenciesMs));
    const ticked = reports.filter((r) => r.ticks > 0);
    const steps = new Map<number, [number, number]>();
    for (const [step, [first, last]] of done.flatMap((d) => Object.entries(d.arrivals))) {
      const seen = steps.get(Number(step));
      steps.set(Number(step), seen ? [Math.min(seen[0], first), Math.max(seen[1], last)] : [first, last]);
    }
    return {
      students,
      joined: joined.reduce((n, m) => n + Number(m.ok), 0),
      joinFailed: joined.reduce((n, m) => n + Number(m.failed), 0),
      joinMs,
      joinCpu,
      joinEld,
      hostJoinBytes: host.joinPhaseBytes,
      steps: host.lastStep,
      latency: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies[latencies.length - 1] ?? NaN,
      },
      spread: spreadOf(steps.values()),
      wire: wire && { ...spreadOf(wire.steps.values()), arrivals: wire.arrivals, dropped: wire.dropped },
      studentsMissingTicks: connected.filter((r) => r.ticks < host.lastStep).length,
      ticksMissed: connected.reduce((n, r) => n + Math.max(0, host.lastStep - r.ticks), 0),
      outOfOrder: reports.reduce((n, r) => n + r.outOfOrder, 0),
      disconnected: reports.length - connected.length,
      studentBytesPerTick: mean(ticked.flatMap((r) => (r.tickBytes === null ? [] : [r.tickBytes / r.ticks]))),
      studentOtherBytes: mean(reports.flatMap((r) => (r.otherBytes === null ? [] : [r.otherBytes]))),
      hostBytesPerTick: host.tickBytes / Math.max(1, host.ticks),
      hostBytesPerRunTick: host.tickBytes / Math.max(1, host.ticks) / Math.max(1, host.runs),
      serverCpu,
      clientCpu,
      rssMB: memory.rssMB,
      roundRssMB: { median: percentile(sortedCopy(roundRss), 50), max: Math.max(...roundRss) },
      peakRssMB: memory.peakMB,
      roundEld,
      roundWallMs,
      resumed: resumed.reduce((n, m) => n + m.ok, 0),
      resumeRefused: resumed.reduce((n, m) => n + m.refused, 0),
      resumeMs,
    };
  } finally {
    await stopLoadWorkers(workers);
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Each step's span on the wire beside the server's collections (scripts/bench/gc-overlap.ts). */
async function writeTimeline(file: string, students: number, wire: WireArrivals, loop: EventLoopDelay | null) {
  const steps = [...wire.steps].map(([step, [first, last]]): StepSpan => [step, first, last]);
  const collections = loop?.gcEvents ?? [];
  const { withCollection, withoutCollection } = gcOverlap(steps, collections);
  const median = (values: number[]) => f(percentile(sortedCopy(values), 50), 1);
  console.log(
    `  S=${students}: ${collections.length} collections in the round; ${withCollection.length} of ${steps.length} steps` +
      ` had one inside their fan-out (wire spread median ${median(withCollection)} ms, without: ${median(withoutCollection)} ms)`,
  );
  await writeFile(file.replace(/(\.json)?$/, `-${students}.json`), JSON.stringify({ students, steps, collections }));
}

const f = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const eld = (e: EventLoopDelay | null, key: "p99" | "max") => (e ? f(e[key], 1) : "n/a");

const wireOn = values.wire && ensureTcpdump();
if (values.wire && !wireOn)
  console.warn("--wire needs tcpdump and root (apt-get install tcpdump): wire figures skipped");
const rows: FanoutRow[] = [];
let interrupted = false;
// Finish the size in progress (its cleanup stops the server and removes its data), then stop.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (interrupted = true));
console.log(
  `fan-out: lesson, ${maxSteps} steps at ${stepsPerSecond}/s, lr 1e-6..2e-4 log-uniform, ${values["per-address"]} students per address` +
    ` (0 = one NAT), ${values.concurrency} joins in flight per worker (0 = all at once), optimisers ${optimizers.join("/")};` +
    ` ${os.cpus().length} cores, Node ${process.version}`,
);
for (const size of sizes) {
  if (interrupted) break;
  try {
    const row = await runSize(size);
    rows.push(row);
    console.log(
      `  S=${size}: joined ${row.joined} (refused ${row.joinFailed}) in ${f(row.joinMs / 1000, 1)} s, ${row.steps} ticks,` +
        ` p99 ${f(row.latency.p99, 1)} ms (spread p50 ${f(row.spread.p50, 1)}, p99 ${f(row.spread.p99, 1)}), missed ${row.ticksMissed};` +
        (row.wire
          ? ` wire spread p50 ${f(row.wire.p50, 1)}, p99 ${f(row.wire.p99, 1)}` +
            ` (${row.wire.arrivals} arrivals, ${row.wire.dropped} dropped);`
          : "") +
        ` resumed ${row.resumed} (refused ${row.resumeRefused}) in ${f(row.resumeMs / 1000, 1)} s`,
    );
  } catch (error) {
    console.log(`  S=${size}: FAILED: ${(error as Error).message.slice(0, 2000)}`);
  }
}
console.log(
  "\n" +
    markdownTable(
      [
        "S",
        "join s",
        "join CPU%",
        "join ELD p99/max ms",
        "host KB in join",
        "ticks",
        "lat p50",
        "p95",
        "p99",
        "max ms",
        "spread p50/p99/max ms",
        "wire spread p50/p99/max ms",
        "missed (students)",
        "reordered",
        "dropped",
        "student B/tick",
        "host B/tick",
        "host B/run/tick",
        "srv CPU%",
        "load CPU%",
        "RSS MiB",
        "round RSS median/max",
        "peak MiB",
        "ELD p99 ms",
        "ELD max ms",
        "GC % of round (young)",
        "resumed / refused",
        "resume s",
      ],
      rows.map((r) => [
        String(r.students),
        f(r.joinMs / 1000, 1),
        f(r.joinCpu),
        `${eld(r.joinEld, "p99")}/${eld(r.joinEld, "max")}`,
        f(r.hostJoinBytes / 1024),
        String(r.steps),
        f(r.latency.p50, 1),
        f(r.latency.p95, 1),
        f(r.latency.p99, 1),
        f(r.latency.max, 1),
        `${f(r.spread.p50, 1)}/${f(r.spread.p99, 1)}/${f(r.spread.max, 1)}`,
        r.wire ? `${f(r.wire.p50, 1)}/${f(r.wire.p99, 1)}/${f(r.wire.max, 1)}` : "-",
        `${r.ticksMissed} (${r.studentsMissingTicks})`,
        String(r.outOfOrder),
        String(r.disconnected + r.joinFailed),
        f(r.studentBytesPerTick),
        f(r.hostBytesPerTick),
        f(r.hostBytesPerRunTick, 1),
        f(r.serverCpu),
        f(r.clientCpu),
        f(r.rssMB),
        `${f(r.roundRssMB.median)}/${f(r.roundRssMB.max)}`,
        f(r.peakRssMB),
        eld(r.roundEld, "p99"),
        eld(r.roundEld, "max"),
        r.roundEld?.gc
          ? `${f((100 * r.roundEld.gc.ms) / r.roundWallMs, 1)} (${f((100 * r.roundEld.gc.youngMs) / r.roundWallMs, 1)})`
          : "n/a",
        `${r.resumed} / ${r.resumeRefused}`,
        f(r.resumeMs / 1000, 1),
      ]),
    ),
);
// Without the collections one by one (--timeline writes those): a join phase has thousands.
const withoutEvents = (key: string, value: unknown) => (key === "gcEvents" ? undefined : value);
if (values.json) await writeFile(values.json, JSON.stringify(rows, withoutEvents, 2));
process.exit(rows.length === sizes.length ? 0 : 1);
