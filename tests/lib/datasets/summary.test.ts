// The numbers the preview shows, against numpy (tests/reference/dataset_reference.py): the CSV
// text of each case goes through lib/datasets' parser, then lib/gd's analysis, raw and standardised.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  customDataset,
  parseCsvDataset,
  summarizeTable,
  type CsvTable,
  type ScalingSummary,
} from "../../../lib/datasets";
import { relativeError } from "../gd/load-fixtures";

interface ScalingFixture {
  eigenvalues: number[];
  conditionNumber: number | null;
  maxStableLearningRate: number;
  oneStepOptimalLearningRate: number | null;
}

interface SummaryCase {
  name: string;
  csv: string;
  featureNames: string[];
  labelName: string;
  n: number;
  d: number;
  initialWeights: number[];
  initialBias: number;
  firstRowStandardized: number[];
  raw: ScalingFixture;
  standardized: ScalingFixture;
}

const { cases } = JSON.parse(
  readFileSync(new URL("../../fixtures/datasets/summaries.json", import.meta.url), "utf8"),
) as { cases: SummaryCase[] };

function parsed(text: string): CsvTable {
  const result = parseCsvDataset(text);
  if (!result.ok) throw new Error(`fixture did not parse: ${JSON.stringify(result.problem)}`);
  return result.table;
}

function expectClose(actual: ScalingSummary, expected: ScalingFixture) {
  // Seen: condition numbers within 8e-13 of numpy's (lambda_min is the least accurate number: Jacobi
  // and LAPACK both err by ~1e-16 * lambda_max on it), rates within 4e-15.
  const cond = expected.conditionNumber;
  if (cond === null) expect(actual.conditionNumber).toBeNull();
  else expect(relativeError(actual.conditionNumber!, cond)).toBeLessThan(1e-11);
  expect(relativeError(actual.maxStableLearningRate, expected.maxStableLearningRate)).toBeLessThan(1e-13);
  if (expected.oneStepOptimalLearningRate === null) expect(actual.oneStepOptimalLearningRate).toBeNull();
  else
    expect(relativeError(actual.oneStepOptimalLearningRate!, expected.oneStepOptimalLearningRate)).toBeLessThan(1e-13);
}

describe("dataset summaries against numpy", () => {
  it("covers the cases the reference writes", () => {
    expect(cases.map((c) => c.name)).toEqual([
      "housing",
      "mixed-scales",
      "mixed-scales-own-start",
      "constant-feature",
      "one-row",
      "largest",
    ]);
  });

  it.each(cases)("$name: parses to numpy's table", (fixture) => {
    const table = parsed(fixture.csv);
    expect([table.n, table.d, table.featureNames, table.labelName]).toEqual([
      fixture.n,
      fixture.d,
      fixture.featureNames,
      fixture.labelName,
    ]);
    const standardized = customDataset(table, { id: fixture.name, standardized: true });
    const firstRow = Array.from(standardized.features.subarray(0, fixture.d));
    firstRow.forEach((v, j) => expect(relativeError(v, fixture.firstRowStandardized[j]!)).toBeLessThan(1e-12));
  });

  it.each(cases)("$name: condition number, stable bound and best step, raw and standardised", (fixture) => {
    const initial = { weights: fixture.initialWeights, bias: fixture.initialBias };
    const summary = summarizeTable(parsed(fixture.csv), initial);
    expect([summary.rows, summary.features]).toEqual([fixture.n, fixture.d]);
    expectClose(summary.raw, fixture.raw);
    expectClose(summary.standardized, fixture.standardized);
  });

  it("says a constant feature makes the Hessian singular rather than failing", () => {
    const fixture = cases.find((c) => c.name === "constant-feature")!;
    const table = parsed(fixture.csv);
    expect(table.constantFeatures).toEqual([1]);
    const summary = summarizeTable(table);
    expect(summary.raw.conditionNumber).toBeNull();
    expect(summary.standardized.conditionNumber).toBeNull();
    expect(Number.isFinite(summary.raw.maxStableLearningRate)).toBe(true);
    expect(summary.standardized.maxStableLearningRate).toBeGreaterThan(summary.raw.maxStableLearningRate);
  });

  it("summarises the largest table quickly enough for a preview", () => {
    const fixture = cases.find((c) => c.name === "largest")!;
    const started = performance.now();
    summarizeTable(parsed(fixture.csv));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
