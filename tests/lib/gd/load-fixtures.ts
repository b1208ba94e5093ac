// Reads the numpy fixtures written by tests/reference/gd_reference.py (no Python at test time).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/gd/", import.meta.url));

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(FIXTURE_DIR + name, "utf8"));
}

export interface LessonPrinted {
  prediction: number;
  loss: number;
  delta: number;
  weight: number[];
  bias: number;
  newLoss: number;
}

export interface SeriesRun {
  lr: number;
  /** Loss after t updates; ends early with null where numpy's loss became non-finite. */
  losses: (number | null)[];
}

export interface SeriesFixture {
  dataset: "lesson" | "housing";
  standardized: boolean;
  steps: number;
  features: number[];
  hessianEigenvalues: number[];
  maxStableLearningRate: number;
  optimumLoss: number;
  oneStepOptimalLearningRate: number;
  runs: SeriesRun[];
}

export function lessonPrinted(): LessonPrinted {
  return readJson("lesson-printed.json") as LessonPrinted;
}

export const VARIANTS = [
  { dataset: "lesson", standardized: false },
  { dataset: "lesson", standardized: true },
  { dataset: "housing", standardized: false },
  { dataset: "housing", standardized: true },
] as const;

export function seriesFixture(dataset: "lesson" | "housing", standardized: boolean): SeriesFixture {
  const fixture = readJson(`series-${dataset}-${standardized ? "standardized" : "raw"}.json`) as SeriesFixture;
  if (fixture.dataset !== dataset || fixture.standardized !== standardized) throw new Error("fixture mismatch");
  return fixture;
}

export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

export interface OptimizerRun {
  optimizer: "gd" | "momentum" | "adam";
  lr: number;
  /** beta for "momentum", null otherwise. */
  momentum: number | null;
  status: "converged" | "diverged" | "max_steps";
  /** Loss after t updates, up to where the arena's rules stop the run; null where it was non-finite. */
  losses: (number | null)[];
}

export interface OptimizerFixture {
  dataset: "lesson" | "housing";
  standardized: boolean;
  steps: number;
  maxStableLearningRate: number;
  optimumLoss: number;
  runs: OptimizerRun[];
}

/** Written by tests/reference/optimizer_reference.py. */
export function optimizerFixture(dataset: "lesson" | "housing", standardized: boolean): OptimizerFixture {
  const fixture = readJson(`optimizers-${dataset}-${standardized ? "standardized" : "raw"}.json`) as OptimizerFixture;
  if (fixture.dataset !== dataset || fixture.standardized !== standardized) throw new Error("fixture mismatch");
  return fixture;
}
