import { describe, expect, it } from "vitest";
import { maxStableLearningRate, oneStepOptimalLearningRate } from "../../../lib/gd/analysis";
import { getDataset } from "../../../lib/gd/datasets";
import { createLearnerBatch, learnerParameters, stepLearnerBatch, type LearnerBatch } from "../../../lib/gd/learners";
import { trainOne } from "../../../lib/gd/train-one";
import { STATUS, STATUS_NAMES } from "../../../lib/gd/outcome";
import { VARIANTS, lessonPrinted, relativeError, seriesFixture, type SeriesFixture } from "./load-fixtures";

/**
 * Where and how a learner following numpy's series must stop, by the rules as specified
 * (tolerance 1e-9 of the initial excess loss, divergence at 1e6 x max(initial loss, 1)),
 * written out independently of lib/gd/outcome.ts.
 */
function expectedOutcome(series: (number | null)[], optimum: number, maxSteps: number) {
  const initial = series[0]!;
  for (let t = 0; t < series.length; t++) {
    const loss = series[t];
    if (loss === null || loss === undefined) return { status: "diverged", recorded: t, divergedAt: t };
    if (loss > 1e6 * Math.max(initial, 1)) return { status: "diverged", recorded: t + 1, divergedAt: t };
    if (loss - optimum <= 1e-9 * Math.max(1, initial - optimum))
      return { status: "converged", recorded: t + 1, divergedAt: null };
    if (t === maxSteps) return { status: "max_steps", recorded: t + 1, divergedAt: null };
  }
  throw new Error("numpy series ended without an outcome");
}

function snapshot(batch: LearnerBatch) {
  return JSON.stringify({
    w: Array.from(batch.weights),
    b: Array.from(batch.biases),
    l: Array.from(batch.losses),
    s: Array.from(batch.status),
    t: Array.from(batch.stepsTaken),
    d: Array.from(batch.divergedAtStep),
    step: batch.step,
    running: batch.running,
  });
}

function hasNaN(batch: LearnerBatch): boolean {
  return [batch.weights, batch.biases, batch.losses].some((a) => a.some((v) => Number.isNaN(v)));
}

describe("the lesson's single step (lr = 1)", () => {
  it("reproduces the notebook's printed numbers bit for bit and stops", () => {
    const printed = lessonPrinted();
    const batch = createLearnerBatch(getDataset("lesson"), [1], { maxSteps: 100 });
    expect(batch.losses[0]).toBe(printed.loss);
    expect(batch.losses[0]).toBe(14871.802500000002);
    expect(stepLearnerBatch(batch)).toBe(0);
    expect(batch.losses[0]).toBe(1026548766283.6302);
    expect(batch.losses[0]).toBe(printed.newLoss);
    expect(learnerParameters(batch, 0)).toEqual({ weights: [6854.09, 14146.7], bias: 243.9 });
    expect(learnerParameters(batch, 0)).toEqual({ weights: printed.weight, bias: printed.bias });
    expect(batch.status[0]).toBe(STATUS.DIVERGED);
    expect(batch.divergedAtStep[0]).toBe(1);
    expect(batch.stepsTaken[0]).toBe(1);
    const before = snapshot(batch);
    for (let i = 0; i < 5; i++) expect(stepLearnerBatch(batch)).toBe(0);
    expect(snapshot(batch)).toBe(before);
    expect(trainOne(getDataset("lesson"), 1, 100)).toEqual({
      losses: [14871.802500000002, 1026548766283.6302],
      status: "diverged",
      divergedAtStep: 1,
      weights: [6854.09, 14146.7],
      bias: 243.9,
    });
  });
});

describe("loss series against numpy", () => {
  for (const v of VARIANTS) {
    const exact = v.dataset === "lesson";
    it(`${v.dataset} ${v.standardized ? "standardised" : "raw"}: ${exact ? "bit for bit" : "rel. error <= 1e-12"}, same outcome`, () => {
      const fixture: SeriesFixture = seriesFixture(v.dataset, v.standardized);
      const dataset = getDataset(v.dataset, v);
      expect(fixture.runs.length).toBeGreaterThanOrEqual(20);
      for (const { lr, losses: reference } of fixture.runs) {
        const run = trainOne(dataset, lr, fixture.steps);
        const expected = expectedOutcome(reference, fixture.optimumLoss, fixture.steps);
        expect({ lr, status: run.status, divergedAt: run.divergedAtStep, recorded: run.losses.length }).toEqual({
          lr,
          status: expected.status,
          divergedAt: expected.divergedAt,
          recorded: expected.recorded,
        });
        run.losses.forEach((loss, t) => {
          if (exact) expect(loss, `lr=${lr} step ${t}`).toBe(reference[t]);
          else expect(relativeError(loss, reference[t]!), `lr=${lr} step ${t}`).toBeLessThanOrEqual(1e-12);
        });
      }
    });
  }

  it("covers every outcome in the fixtures", () => {
    const seen = new Set<string>();
    for (const v of VARIANTS) {
      const f = seriesFixture(v.dataset, v.standardized);
      for (const r of f.runs) seen.add(expectedOutcome(r.losses, f.optimumLoss, f.steps).status);
      expect(f.runs.some((r) => r.losses.includes(null))).toBe(true);
    }
    expect([...seen].sort()).toEqual(["converged", "diverged", "max_steps"]);
  });
});

describe("outcome rules in the batch", () => {
  it("never exposes NaN or Infinity when the loss overflows", () => {
    const lesson = getDataset("lesson");
    const housing = getDataset("housing", { standardized: true });
    for (const [dataset, lr] of [
      [lesson, 1e300],
      [lesson, Infinity],
      [housing, Infinity],
      [housing, NaN],
      [lesson, -1e300],
    ] as const) {
      const batch = createLearnerBatch(dataset, [lr, 1e-9], { maxSteps: 20 });
      const initial = { loss: batch.losses[0], params: learnerParameters(batch, 0) };
      stepLearnerBatch(batch);
      expect(batch.status[0]).toBe(STATUS.DIVERGED);
      expect(batch.divergedAtStep[0]).toBe(1);
      expect(batch.stepsTaken[0]).toBe(0);
      expect({ loss: batch.losses[0], params: learnerParameters(batch, 0) }).toEqual(initial);
      while (stepLearnerBatch(batch) > 0);
      expect(hasNaN(batch)).toBe(false);
      expect([...batch.losses].every(Number.isFinite)).toBe(true);
      expect(trainOne(dataset, lr, 20)).toMatchObject({
        losses: [initial.loss],
        status: "diverged",
        divergedAtStep: 1,
      });
    }
  });

  it("stops at max_steps when neither converged nor diverged", () => {
    const batch = createLearnerBatch(getDataset("lesson"), [1e-7, 2e-7], { maxSteps: 50 });
    let calls = 0;
    while (stepLearnerBatch(batch) > 0) calls++;
    expect(calls).toBe(49);
    expect(batch.step).toBe(50);
    expect(Array.from(batch.status)).toEqual([STATUS.MAX_STEPS, STATUS.MAX_STEPS]);
    expect(Array.from(batch.stepsTaken)).toEqual([50, 50]);
    expect(Array.from(batch.divergedAtStep)).toEqual([-1, -1]);
    expect(trainOne(getDataset("lesson"), 1e-7, 50).losses).toHaveLength(51);
  });

  it("freezes converged learners while others keep going", () => {
    const lesson = getDataset("lesson");
    const best = oneStepOptimalLearningRate(lesson)!;
    const batch = createLearnerBatch(lesson, [best, 1e-7], { maxSteps: 30 });
    stepLearnerBatch(batch);
    expect(batch.status[0]).toBe(STATUS.CONVERGED);
    expect(batch.stepsTaken[0]).toBe(1);
    const frozen = { loss: batch.losses[0], params: learnerParameters(batch, 0) };
    const otherLoss = batch.losses[1];
    for (let i = 0; i < 10; i++) stepLearnerBatch(batch);
    expect({ loss: batch.losses[0], params: learnerParameters(batch, 0) }).toEqual(frozen);
    expect(batch.status[0]).toBe(STATUS.CONVERGED);
    expect(batch.losses[1]).toBeLessThan(otherLoss!);
    expect(batch.stepsTaken[1]).toBe(11);
  });

  it("judges step 0: a start at the optimum is converged immediately", () => {
    const lesson = getDataset("lesson");
    lesson.initialWeights.set([0, 165 / 58]);
    const batch = createLearnerBatch(lesson, [1e-4, 1], { maxSteps: 10 });
    expect(Array.from(batch.status)).toEqual([STATUS.CONVERGED, STATUS.CONVERGED]);
    expect(batch.running).toBe(0);
    expect(stepLearnerBatch(batch)).toBe(0);
    expect(batch.step).toBe(0);
  });

  it("maxSteps 0 stops everyone at creation; no learners is fine; bad maxSteps throws", () => {
    const zero = createLearnerBatch(getDataset("lesson"), [1e-5], { maxSteps: 0 });
    expect(zero.status[0]).toBe(STATUS.MAX_STEPS);
    expect(stepLearnerBatch(zero)).toBe(0);
    const empty = createLearnerBatch(getDataset("housing"), []);
    expect(empty.running).toBe(0);
    expect(empty.initialLoss).toBeGreaterThan(0);
    expect(stepLearnerBatch(empty)).toBe(0);
    expect(() => createLearnerBatch(getDataset("lesson"), [1], { maxSteps: -1 })).toThrow(RangeError);
    expect(() => createLearnerBatch(getDataset("lesson"), [1], { maxSteps: 1.5 })).toThrow(RangeError);
  });
});

describe("stability bound", () => {
  const cases = [
    { name: "lesson raw", dataset: getDataset("lesson"), steps: 20_000 },
    { name: "lesson standardised", dataset: getDataset("lesson", { standardized: true }), steps: 20_000 },
    { name: "housing standardised", dataset: getDataset("housing", { standardized: true }), steps: 50_000 },
    // The raw housing data is ill-conditioned (~2e5): the slow direction needs ~1e6 steps.
    { name: "housing raw", dataset: getDataset("housing"), steps: 3_000_000 },
  ];
  for (const { name, dataset, steps } of cases) {
    it(`${name}: converges just below 2/lambda_max and diverges just above`, () => {
      const bound = maxStableLearningRate(dataset);
      const below = trainOne(dataset, bound * (1 - 1e-3), steps);
      const above = trainOne(dataset, bound * (1 + 1e-3), steps);
      expect(below.status).toBe("converged");
      expect(above.status).toBe("diverged");
      expect(below.losses.every((loss) => loss <= below.losses[0]!)).toBe(true);
    });
  }

  it("standardised housing converges where the raw features cannot in the same number of steps", () => {
    const raw = getDataset("housing");
    const bound = maxStableLearningRate(raw);
    for (const fraction of [0.01, 0.1, 0.5, 0.9, 0.99, 0.999]) {
      expect(trainOne(raw, bound * fraction, 200).status).not.toBe("converged");
    }
    const z = trainOne(getDataset("housing", { standardized: true }), 0.1, 200);
    expect(z.status).toBe("converged");
    expect(z.losses.length - 1).toBeLessThanOrEqual(100);
  });
});

describe("any number of features", () => {
  // d = 1 and d = 4 take the generic (not unrolled) path; checked against the formulas
  // written out plainly: p = x.w + b, delta = -2 (y - p), w -= mean(lr * delta * x).
  function plainSeries(rows: number[][], y: number[], lr: number, steps: number): number[] {
    const d = rows[0]!.length;
    const w = new Array<number>(d).fill(0.5);
    let b = 0;
    const losses: number[] = [];
    for (let t = 0; t <= steps; t++) {
      const e = rows.map((r, i) => y[i]! - (r.reduce((acc, v, j) => acc + v * w[j]!, 0) + b));
      losses.push(e.reduce((acc, v) => acc + v * v, 0) / rows.length);
      const g = w.map((_, j) => rows.reduce((acc, r, i) => acc + lr * -2 * e[i]! * r[j]!, 0) / rows.length);
      const gb = e.reduce((acc, v) => acc + lr * -2 * v, 0) / rows.length;
      g.forEach((v, j) => (w[j]! -= v));
      b -= gb;
    }
    return losses;
  }

  it("matches a plain implementation for d = 1 and d = 4", () => {
    const sets = [
      { rows: [[1], [2], [3], [4], [5]], y: [2.1, 3.9, 6.2, 7.8, 10.1] },
      {
        rows: [
          [1, 0, 2, 1],
          [0, 1, 1, 3],
          [2, 2, 0, 1],
          [1, 3, 1, 0],
          [3, 1, 2, 2],
          [0, 0, 1, 1],
        ],
        y: [4, 7, 5, 6, 9, 2],
      },
    ];
    for (const { rows, y } of sets) {
      const d = rows[0]!.length;
      const dataset = {
        ...getDataset("housing"),
        n: rows.length,
        d,
        features: Float64Array.from(rows.flat()),
        labels: Float64Array.from(y),
        initialWeights: new Float64Array(d).fill(0.5),
        featureNames: rows[0]!.map((_, j) => `f${j}`),
      };
      const lr = 0.5 * maxStableLearningRate(dataset);
      const run = trainOne(dataset, lr, 30);
      const expected = plainSeries(rows, y, lr, 30);
      run.losses.forEach((loss, t) => expect(relativeError(loss, expected[t]!)).toBeLessThan(1e-12));
      expect(run.losses.length).toBeGreaterThan(10);
    }
  });
});

describe("batching", () => {
  it("gives each learner exactly the series it would get alone", () => {
    for (const v of VARIANTS) {
      const dataset = getDataset(v.dataset, v);
      const bound = maxStableLearningRate(dataset);
      const rates = [1, bound * 1.01, bound * 0.999, bound / 2, bound / 10, 1e-6, 1e300, 0, -1e-4, bound * 0.3];
      const batch = createLearnerBatch(dataset, rates, { maxSteps: 300 });
      const series = rates.map((_, k) => [batch.losses[k]!]);
      let running = batch.running;
      while (running > 0) {
        running = stepLearnerBatch(batch);
        rates.forEach((_, k) => {
          if (batch.stepsTaken[k] === batch.step) series[k]!.push(batch.losses[k]!);
        });
      }
      rates.forEach((lr, k) => {
        const alone = trainOne(dataset, lr, 300);
        expect(series[k]).toEqual(alone.losses);
        expect(STATUS_NAMES[batch.status[k]!]).toBe(alone.status);
        expect(learnerParameters(batch, k)).toEqual({ weights: alone.weights, bias: alone.bias });
      });
    }
  });

  it("returns 0 once everyone has stopped and further calls change nothing", () => {
    const batch = createLearnerBatch(getDataset("housing"), [1e-6, 1e-5, 1, 6e-5], { maxSteps: 40 });
    let last = batch.running;
    while (last > 0) {
      const now = stepLearnerBatch(batch);
      expect(now).toBeLessThanOrEqual(last);
      expect(now).toBe(batch.running);
      last = now;
    }
    const before = snapshot(batch);
    for (let i = 0; i < 3; i++) expect(stepLearnerBatch(batch)).toBe(0);
    expect(snapshot(batch)).toBe(before);
    expect(batch.status.every((s) => s !== STATUS.RUNNING)).toBe(true);
  });

  it("is unaffected by later changes to the dataset or the rate list", () => {
    const dataset = getDataset("lesson");
    const rates = [1e-4];
    const batch = createLearnerBatch(dataset, rates, { maxSteps: 5 });
    dataset.features.fill(0);
    dataset.labels.fill(0);
    rates[0] = 1;
    while (stepLearnerBatch(batch) > 0);
    expect(batch.losses[0]).toBe(trainOne(getDataset("lesson"), 1e-4, 5).losses.at(-1));
  });
});
