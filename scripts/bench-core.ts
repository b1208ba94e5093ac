// Benchmark of the gradient-descent core (lib/gd): 2,000 learners x 1,000 steps, as in a
// big classroom round, then the same work in numpy for comparison; then the same learners with
// momentum (beta 0.9), with Adam, and a third each, against vectorised numpy doing the same.
//   npx tsx scripts/bench-core.ts
// Learning rates are spread log-uniformly over [1e-5, 1e-2] x the dataset's stable bound, so
// most learners run all 1,000 steps (stopped learners cost nothing; the fraction still
// running is printed). numpy runs everything for all steps with no stopping rules.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  STATUS,
  createLearnerBatch,
  getDataset,
  maxStableLearningRate,
  stepLearnerBatch,
  type Dataset,
  type OptimizerChoice,
} from "../lib/gd";

const LEARNERS = 2000;
const STEPS = 1000;
const REPS = 5;
const LOOP_LEARNERS = 200; // numpy one-learner-at-a-time loop is scaled down, then extrapolated
const LOOP_REPS = 3;
const MOMENTUM = 0.9;
const OPTIMIZED = ["momentum", "adam"] as const;

interface Scenario {
  name: string;
  dataset: Dataset;
  lrs: number[];
}

function logSpread(low: number, high: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => low * (high / low) ** (k / (count - 1)));
}

function scenario(name: string, dataset: Dataset, low = 1e-5, high = 1e-2): Scenario {
  const bound = maxStableLearningRate(dataset);
  return { name, dataset, lrs: logSpread(bound * low, bound * high, LEARNERS) };
}

const scenarios: Scenario[] = [
  scenario("lesson (raw)", getDataset("lesson")),
  scenario("housing (raw)", getDataset("housing")),
  scenario("housing (standardised)", getDataset("housing", { standardized: true })),
];
// A classroom-like mix for contrast: rates anywhere in 1e-6..10, so most stop early.
const classroom: Scenario = {
  name: "lesson, lr 1e-6..10 (mixed)",
  dataset: getDataset("lesson"),
  lrs: logSpread(1e-6, 10, LEARNERS),
};

const everyone = (optimizer: OptimizerChoice["optimizer"]): OptimizerChoice[] =>
  Array.from({ length: LEARNERS }, () =>
    optimizer === "momentum" ? { optimizer, momentum: MOMENTUM } : { optimizer },
  );
/** Learner k uses gd, momentum, adam, gd, ... (so every group is spread over the whole rate range). */
const cycle: OptimizerChoice[] = [
  { optimizer: "gd" },
  { optimizer: "momentum", momentum: MOMENTUM },
  { optimizer: "adam" },
];
const thirds: OptimizerChoice[] = Array.from({ length: LEARNERS }, (_, k) => cycle[k % 3]!);

function runTs(s: Scenario, optimizers?: OptimizerChoice[]) {
  let best = Infinity;
  let executed = 0;
  let runningAtEnd = 0;
  for (let rep = 0; rep < REPS + 1; rep++) {
    const start = performance.now();
    const batch = createLearnerBatch(s.dataset, s.lrs, { maxSteps: STEPS, optimizers });
    let attempted = 0;
    for (let step = 0; step < STEPS && batch.running > 0; step++) {
      attempted += batch.running;
      stepLearnerBatch(batch);
    }
    const elapsed = performance.now() - start;
    if (rep > 0) best = Math.min(best, elapsed); // rep 0 warms up the JIT
    executed = attempted;
    runningAtEnd = batch.status.filter((st) => st === STATUS.MAX_STEPS).length; // still running at the last step
  }
  return { ms: best, executed, runningFraction: runningAtEnd / s.lrs.length };
}

const fmt = (x: number, digits = 3) => x.toPrecision(digits);
const nominal = LEARNERS * STEPS;
const executedShare = (r: { executed: number }) => `${((100 * r.executed) / nominal).toFixed(1)}% of steps executed`;

console.log(
  `lib/gd core: ${LEARNERS} learners x ${STEPS} steps, best of ${REPS} (after 1 warm-up), Node ${process.version}`,
);
const tsResults = new Map<string, number>();
for (const s of [...scenarios, classroom]) {
  const r = runTs(s);
  tsResults.set(s.name, r.ms);
  console.log(
    `  ${s.name.padEnd(30)} ${fmt(r.ms).padStart(7)} ms  ${fmt(nominal / (r.ms / 1000)).padStart(9)} nominal learner-steps/s` +
      `  (${fmt(r.executed / (r.ms / 1000))} executed/s; ${((100 * r.executed) / nominal).toFixed(1)}% of steps executed,` +
      ` ${(100 * r.runningFraction).toFixed(1)}% still running at step ${STEPS})`,
  );
}

console.log(
  `\nOptimisers, the same learners and rates (momentum beta ${MOMENTUM}; Adam torch defaults; mixed = a third each):`,
);
const optimizerResults = new Map<string, number>();
for (const s of scenarios) {
  const gd = tsResults.get(s.name)!;
  const cells = [`gd ${fmt(gd)} ms`];
  for (const [label, optimizers] of [...OPTIMIZED.map((o) => [o, everyone(o)] as const), ["mixed", thirds] as const]) {
    const r = runTs(s, optimizers);
    optimizerResults.set(`${s.name} ${label}`, r.ms);
    cells.push(`${label} ${fmt(r.ms)} ms (${fmt(r.ms / gd, 2)}x gd, ${executedShare(r)})`);
  }
  console.log(`  ${s.name.padEnd(30)} ${cells.join("   ")}`);
}

// ---- numpy ------------------------------------------------------------------------------------
const script = fileURLToPath(new URL("../tests/reference/bench_numpy.py", import.meta.url));
const config = {
  steps: STEPS,
  loopLearners: LOOP_LEARNERS,
  loopReps: LOOP_REPS,
  vectorReps: REPS,
  scenarios: scenarios.map((s) => ({
    name: s.name,
    X: Array.from({ length: s.dataset.n }, (_, i) =>
      Array.from(s.dataset.features.subarray(i * s.dataset.d, (i + 1) * s.dataset.d)),
    ),
    y: Array.from(s.dataset.labels),
    w0: Array.from(s.dataset.initialWeights),
    b0: s.dataset.initialBias,
    lrs: s.lrs,
  })),
  optimizers: OPTIMIZED,
  momentum: MOMENTUM,
};
console.log(
  `\nnumpy (python3 ${script.replace(process.cwd() + "/", "")}), running every learner for all ${STEPS} steps:`,
);
const py = spawnSync("python3", [script], { input: JSON.stringify(config), encoding: "utf8", maxBuffer: 1 << 24 });
if (py.error || py.status !== 0) {
  const reason = py.error ? py.error.message : (py.stderr || "").trim().split("\n").pop();
  console.log(`  skipped: python3 with numpy is not available (${reason})`);
  process.exit(0);
}
const numpy = JSON.parse(py.stdout) as {
  numpy: string;
  scenarios: Record<
    string,
    { loopLearners: number; loopSeconds: number; vectorSeconds: number; optimizerSeconds: Record<string, number> }
  >;
};
console.log(
  `  numpy ${numpy.numpy}; loop = the lesson's code one learner at a time, timed on ${LOOP_LEARNERS} learners` +
    ` (best of ${LOOP_REPS}) and extrapolated x${LEARNERS / LOOP_LEARNERS} to ${LEARNERS};` +
    ` vector = all learners as arrays, loop over steps only (best of ${REPS})`,
);
for (const s of scenarios) {
  const r = numpy.scenarios[s.name]!;
  const loopMs = (r.loopSeconds * 1000 * LEARNERS) / r.loopLearners;
  const vectorMs = r.vectorSeconds * 1000;
  const ts = tsResults.get(s.name)!;
  console.log(
    `  ${s.name.padEnd(30)} loop ~${fmt(loopMs)} ms (extrapolated)   vector ${fmt(vectorMs)} ms   ` +
      `TS/numpy time: ${fmt(ts / loopMs, 2)} vs loop, ${fmt(ts / vectorMs, 2)} vs vector` +
      `  (TS ${fmt(loopMs / ts)}x / ${fmt(vectorMs / ts)}x faster)`,
  );
}
console.log("  optimisers, vectorised numpy (every learner all steps) vs TS:");
for (const s of scenarios) {
  const r = numpy.scenarios[s.name]!;
  const cells = OPTIMIZED.map((o) => {
    const vectorMs = r.optimizerSeconds[o]! * 1000;
    const ts = optimizerResults.get(`${s.name} ${o}`)!;
    return `${o} numpy ${fmt(vectorMs)} ms, TS ${fmt(ts)} ms (TS ${fmt(vectorMs / ts)}x faster)`;
  });
  console.log(`  ${s.name.padEnd(30)} ${cells.join("   ")}`);
}
