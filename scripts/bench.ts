// `npm run bench`: every benchmark, one after the other (they would disturb each other's timings
// if run at once), each in a child process so a crash or a leak in one cannot skew the next.
//   npm run bench [-- --quick]     --quick: fan-out at 100 and 500 students only (one NAT: 500,
//                                  scale-out: 300)
//   npm run bench -- --only fanout,pages
// Figures and the targets they are checked against: docs/performance.md.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", default: "core,storage,chunks,memory,fanout,nat,scaleout,flood,pages,landscape,review" },
    sizes: { type: "string" },
  },
});
const only = new Set(values.only.split(","));
const sizes = values.sizes ?? (values.quick ? "100,500" : "100,500,1000,2000");

interface Step {
  name: string;
  args: string[];
  timeoutMs: number;
  skip?: string;
}

const steps: Step[] = [
  { name: "core", args: ["scripts/bench-core.ts"], timeoutMs: 10 * 60_000 },
  { name: "storage", args: ["scripts/bench-storage.ts"], timeoutMs: 10 * 60_000 },
  // One flush of a 2,000-student round: Prisma upsert against the raw statement, both databases (~20 s).
  { name: "chunks", args: ["scripts/bench/chunk-write.ts"], timeoutMs: 5 * 60_000 },
  // A lighter server (issue 16): idle resident memory as `npm start` runs it, both databases (~15 min).
  {
    name: "memory",
    args: ["scripts/bench-memory.ts", ...(values.quick ? ["--runs", "1", "--idle", "20"] : [])],
    timeoutMs: 30 * 60_000,
  },
  // Review at any size (issue 16): a 1,000 x 10,000 round read back by API and CSV, both databases (~6 min).
  {
    name: "review",
    args: ["scripts/bench-review.ts", ...(values.quick ? ["--students", "200"] : [])],
    timeoutMs: 20 * 60_000,
  },
  // --wire: ticks timed on the wire too (tcpdump, installed from Debian's packages when missing).
  { name: "fanout", args: ["scripts/bench-fanout.ts", "--sizes", sizes, "--wire"], timeoutMs: 40 * 60_000 },
  // A class behind one NAT: every student on 127.0.0.1, all joining at once, then all resuming at once
  // (issue 12). --pin: the server on one core, the 2,000 simulated phones on the other.
  {
    name: "nat",
    args: [
      "scripts/bench-fanout.ts",
      "--pin",
      "--sizes",
      values.quick ? "500" : "2000",
      "--per-address",
      "0",
      "--concurrency",
      "0",
      "--wire",
    ],
    timeoutMs: 15 * 60_000,
  },
  // One class over three processes sharing Redis and PostgreSQL (issue 13): steady spread, a SIGKILLed
  // owner, a SIGTERMed one (~2 min; needs the machine's Redis and PostgreSQL, else it says skipped).
  {
    name: "scaleout",
    args: ["scripts/bench-scaleout.ts", "--students", values.quick ? "300" : "2000"],
    timeoutMs: 15 * 60_000,
  },
  { name: "flood", args: ["scripts/bench-flood.ts"], timeoutMs: 5 * 60_000 },
  {
    name: "pages",
    args: ["scripts/bench-pages.ts"],
    timeoutMs: 2 * 60_000,
    skip: existsSync(".next/BUILD_ID") ? undefined : "no build in .next (run `npx next build` first)",
  },
  // The projector's landscape in Chromium (issue 14): ~35 s, 2,000 students at 60 steps/s.
  {
    name: "landscape",
    args: ["scripts/bench-landscape.ts", "--students", values.quick ? "500" : "2000"],
    timeoutMs: 5 * 60_000,
    skip: existsSync(".next/BUILD_ID") ? undefined : "no build in .next (run `npx next build` first)",
  },
];

/** Runs one benchmark with its output streamed through; bounded in time, killed with its group. */
function run(step: Step): Promise<number | string> {
  return new Promise((resolve) => {
    // `node --import tsx` rather than `npx tsx`: no wrapper process between us and the benchmark,
    // so the timeout's signal reaches it (its own cleanup then stops servers and removes temp dirs).
    const child = spawn(process.execPath, ["--import", "tsx", ...step.args], { stdio: "inherit" });
    const timer = setTimeout(() => {
      console.log(`\n[bench] ${step.name}: over ${step.timeoutMs / 60_000} min, stopping it`);
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
    }, step.timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(signal ?? code ?? 0);
    });
  });
}

const cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model ?? "?";
const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");
const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
console.log(
  `[bench] ${new Date().toISOString()} — ${os.cpus().length} cores (${cpu}), ${memory}, Node ${process.version}, load average ${load}`,
);
const outcomes: string[] = [];
for (const step of steps) {
  if (!only.has(step.name)) continue;
  console.log(`\n===== ${step.name} =====`);
  if (step.skip) {
    console.log(`skipped: ${step.skip}`);
    outcomes.push(`${step.name}: skipped`);
    continue;
  }
  const started = performance.now();
  const result = await run(step);
  outcomes.push(
    `${step.name}: ${result === 0 ? "ok" : `failed (${result})`} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}
console.log(`\n[bench] ${outcomes.join("; ")}`);
process.exit(outcomes.some((o) => o.includes("failed")) ? 1 : 0);
