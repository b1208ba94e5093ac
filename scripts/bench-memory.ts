// Memory benchmark (issue 16, "a lighter server"): the resident memory of an idle server as
// `npm start` runs it (pages served in-process), on the embedded database and on PostgreSQL, at
// three moments: started on a new data folder (or database), started again on it, and after the
// pages have each been rendered once. Each figure with its split by mapping
// (scripts/bench/memory-map.ts) and the main isolate's JavaScript heap. For comparison, the same
// server run the way `npm start` ran it before: the sources through tsx, no memory settings.
// Figures are medians of --runs servers (range in brackets; --before-runs for the old way); idle is
// long enough for V8's memory reducer to have shrunk the heaps (it starts ~8 s after activity
// stops, and at 15 s a server still held 20-40 MiB more). The targets: docs/performance.md.
//   npx tsx scripts/bench-memory.ts [--runs 3] [--before-runs 1] [--idle 30] [--skip-postgres]
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBenchDatabase } from "./bench/bench-postgres";
import { memoryMap, type MemoryMap } from "./bench/memory-map";
import { readMemory } from "./bench/proc-stats";
import { startServer, type ServerChild, type ServerRuntime } from "./bench/server-child";
import { markdownTable } from "./bench/stats";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    "before-runs": { type: "string", default: "1" },
    idle: { type: "string", default: "30" },
    "skip-postgres": { type: "boolean", default: false },
  },
});
const RUNS = { bundle: Number(values.runs), tsx: Number(values["before-runs"]) };
const IDLE_SECONDS = Number(values.idle);
/** Pages anybody can open, rendered once each before the last measurement (a class has used them). */
const PAGES = ["/", "/join", "/join/ABC234", "/sign-in", "/sign-up"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  rss: number;
  heap: number;
  map: MemoryMap;
}

/** After `IDLE_SECONDS` with no client: RSS as the median of the last five 1 s samples. */
async function idleSample(server: ServerChild): Promise<Sample> {
  const samples: number[] = [];
  for (let s = 0; s < IDLE_SECONDS; s++) {
    await sleep(1000);
    samples.push(readMemory(server.pid).rssMB);
  }
  const rss = samples.slice(-5).sort((a, b) => a - b)[2]!;
  const probe = await server.readEventLoop();
  return { rss, heap: probe?.heapTotalMB ?? NaN, map: memoryMap(server.pid) };
}

const MOMENTS = ["new folder", "started again", "pages rendered"] as const;

/** One server's life on a fresh database: start, idle; restart, idle; pages, idle. */
async function measureOnce(runtime: ServerRuntime, env: Record<string, string>): Promise<Sample[]> {
  const samples: Sample[] = [];
  const started = { ...env, SERVE_PAGES: "true" };
  let server = await startServer(started, 120_000, runtime);
  try {
    samples.push(await idleSample(server));
    await server.stop();
    server = await startServer(started, 120_000, runtime);
    samples.push(await idleSample(server));
    for (const page of PAGES) {
      const response = await fetch(`${server.url}${page}`);
      if (!response.ok) throw new Error(`GET ${page}: ${response.status}`);
      await response.arrayBuffer();
    }
    samples.push(await idleSample(server));
  } finally {
    await server.stop();
  }
  return samples;
}

async function withDatabase<T>(kind: "embedded" | "postgres", use: (env: Record<string, string>) => Promise<T>) {
  if (kind === "embedded") {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-memory-"));
    try {
      return await use({ DATA_DIR: dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const database = await createBenchDatabase(`arena_memory_${process.pid}_${Date.now()}`);
  try {
    return await use({ DATABASE_URL: database.url });
  } finally {
    await database.drop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (x: number) => x.toFixed(0);
const spread = (xs: number[]) =>
  xs.length > 1 ? `${f(median(xs))} (${f(Math.min(...xs))}-${f(Math.max(...xs))})` : f(xs[0]!);

const runtimes: Array<[ServerRuntime, string]> = [
  ["bundle", "npm start"],
  ["tsx", "before: tsx, no settings"],
];
const databases: Array<"embedded" | "postgres"> = [
  "embedded",
  ...(values["skip-postgres"] ? [] : ["postgres" as const]),
];
console.log(
  `memory: ${RUNS.bundle} server(s) per case (${RUNS.tsx} the old way), idle ${IDLE_SECONDS} s before each figure; ` +
    `${os.cpus().length} cores, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
);
const rows: string[][] = [];
for (const database of databases) {
  for (const [runtime, label] of runtimes) {
    const runs: Sample[][] = [];
    // Interleaving would be fairer on a busy machine, but each run is a minute of one server: the
    // ranges show how much the machine moved.
    for (let run = 0; run < RUNS[runtime]; run++) {
      try {
        runs.push(await withDatabase(database, (env) => measureOnce(runtime, env)));
      } catch (error) {
        console.log(`  ${database}, ${label}: run ${run + 1} failed: ${(error as Error).message.slice(0, 500)}`);
      }
    }
    if (!runs.length) continue;
    MOMENTS.forEach((moment, i) => {
      const at = runs.map((samples) => samples[i]!);
      const pick = (key: keyof MemoryMap) => f(median(at.map((s) => s.map[key])));
      rows.push([
        database,
        label,
        moment,
        spread(at.map((s) => s.rss)),
        f(median(at.map((s) => s.heap))),
        pick("wasmMemories"),
        pick("mallocArenas"),
        pick("files"),
        pick("otherAnonymous"),
        pick("threads"),
      ]);
    });
    console.log(`  ${database}, ${label}: done`);
  }
}
console.log(
  "\n" +
    markdownTable(
      [
        "database",
        "server",
        "idle after",
        "RSS MiB",
        "JS heap (main)",
        "WASM memories",
        "malloc arenas",
        "files",
        "other anon (V8 heaps, code)",
        "threads",
      ],
      rows,
    ),
);
