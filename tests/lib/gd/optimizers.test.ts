import { describe, expect, it } from "vitest";
import { maxStableLearningRate } from "../../../lib/gd/analysis";
import { getDataset } from "../../../lib/gd/datasets";
import { createLearnerBatch, learnerOptimizer, learnerParameters, stepLearnerBatch } from "../../../lib/gd/learners";
import { OPTIMIZER, OPTIMIZER_IDS, isValidMomentum, type OptimizerChoice } from "../../../lib/gd/optimizers";
import { STATUS_NAMES } from "../../../lib/gd/outcome";
import { trainOne } from "../../../lib/gd/train-one";
import { VARIANTS, optimizerFixture, relativeError } from "./load-fixtures";

const choiceOf = (run: { optimizer: OptimizerChoice["optimizer"]; momentum: number | null }): OptimizerChoice =>
  run.momentum === null ? { optimizer: run.optimizer } : { optimizer: run.optimizer, momentum: run.momentum };

describe("optimisers against numpy (tests/reference/optimizer_reference.py)", () => {
  for (const v of VARIANTS) {
    const name = `${v.dataset} ${v.standardized ? "standardised" : "raw"}`;
    it(`${name}: every run stops the same way; converging runs within 1e-9 over up to 1,000 steps`, () => {
      const fixture = optimizerFixture(v.dataset, v.standardized);
      const dataset = getDataset(v.dataset, v);
      expect(fixture.steps).toBe(1000);
      expect(relativeError(maxStableLearningRate(dataset), fixture.maxStableLearningRate)).toBeLessThan(1e-12);
      let compared = 0;
      for (const run of fixture.runs) {
        const label = `${run.optimizer} lr=${run.lr} beta=${run.momentum}`;
        const result = trainOne(dataset, run.lr, fixture.steps, choiceOf(run));
        expect(result.status, label).toBe(run.status);
        if (run.status === "diverged") continue; // amplified rounding; only the outcome is specified
        expect(result.losses.length, label).toBe(run.losses.length);
        result.losses.forEach((loss, t) => {
          expect(relativeError(loss, run.losses[t]!), `${label} step ${t}`).toBeLessThanOrEqual(1e-9);
          compared++;
        });
      }
      expect(compared).toBeGreaterThan(2000);
    });
  }

  it("the lesson (one sample) is bit for bit, diverging runs included", () => {
    for (const standardized of [false, true]) {
      const fixture = optimizerFixture("lesson", standardized);
      const dataset = getDataset("lesson", { standardized });
      for (const run of fixture.runs) {
        const result = trainOne(dataset, run.lr, fixture.steps, choiceOf(run));
        const finite = run.losses.filter((loss): loss is number => loss !== null);
        expect(result.losses, `${run.optimizer} lr=${run.lr} beta=${run.momentum}`).toEqual(finite);
      }
    }
  });

  it("the fixtures cover converging, stalled and diverging runs of every optimiser", () => {
    const seen = new Set<string>();
    for (const v of VARIANTS)
      for (const run of optimizerFixture(v.dataset, v.standardized).runs) seen.add(`${run.optimizer} ${run.status}`);
    for (const status of ["converged", "max_steps", "diverged"]) expect(seen).toContain(`momentum ${status}`);
    for (const status of ["converged", "max_steps"]) expect(seen).toContain(`adam ${status}`);
  });
});

describe("Adam at lr = 1 on the lesson", () => {
  it("does not explode, while plain descent blows up at the first step", () => {
    const lesson = getDataset("lesson");
    const gd = trainOne(lesson, 1, 1000);
    const adam = trainOne(lesson, 1, 1000, { optimizer: "adam" });
    expect(gd.status).toBe("diverged");
    expect(gd.divergedAtStep).toBe(1);
    expect(gd.losses[1]).toBeGreaterThan(1e11);
    expect(adam.status).toBe("converged");
    // Adam's first step moves every parameter by lr (m/sqrt(v) = g/|g|): bounded whatever the scale.
    expect(adam.weights.every(Number.isFinite)).toBe(true);
    expect(Math.max(...adam.losses)).toBeLessThan(10 * adam.losses[0]!);
    const first = trainOne(lesson, 1, 1, { optimizer: "adam" });
    expect(first.weights.map((w) => w - 0.5)).toEqual([expect.closeTo(1, 6), expect.closeTo(1, 6)]);
    expect(first.bias).toBeCloseTo(1, 6);
  });
});

describe("momentum's stable region 0 < lr * lambda < 2 + 2 beta", () => {
  const dataset = getDataset("housing", { standardized: true });
  const bound = maxStableLearningRate(dataset);
  for (const beta of [0.5, 0.9]) {
    it(`beta = ${beta}: stable just inside (1 + beta) * 2 / lambda_max, diverges just outside`, () => {
      const inside = trainOne(dataset, (1 + beta) * bound * 0.99, 20_000, { optimizer: "momentum", momentum: beta });
      const outside = trainOne(dataset, (1 + beta) * bound * 1.01, 20_000, { optimizer: "momentum", momentum: beta });
      expect(inside.status).toBe("converged");
      expect(outside.status).toBe("diverged");
      // and beyond plain descent's own bound, where gd cannot go
      expect(trainOne(dataset, (1 + beta) * bound * 0.99, 20_000).status).toBe("diverged");
    });
  }
});

describe("mixed batches", () => {
  it("give each learner exactly the series it gets alone, gd learners included", () => {
    for (const v of VARIANTS) {
      const dataset = getDataset(v.dataset, v);
      const bound = maxStableLearningRate(dataset);
      const learners: [number, OptimizerChoice][] = [
        [bound / 2, { optimizer: "gd" }],
        [bound / 2, { optimizer: "momentum" }],
        [bound, { optimizer: "momentum", momentum: 0.5 }],
        [0.1, { optimizer: "adam" }],
        [1, { optimizer: "gd" }],
        [1e300, { optimizer: "momentum", momentum: 0 }],
        [1e300, { optimizer: "adam" }],
        [bound * 0.9, { optimizer: "momentum", momentum: 0.99 }],
        [1, { optimizer: "adam" }],
        [bound / 10, { optimizer: "gd" }],
      ];
      const batch = createLearnerBatch(
        dataset,
        learners.map(([lr]) => lr),
        { maxSteps: 300, optimizers: learners.map(([, choice]) => choice) },
      );
      const series = learners.map((_, k) => [batch.losses[k]!]);
      let running = batch.running;
      while (running > 0) {
        running = stepLearnerBatch(batch);
        learners.forEach((_, k) => {
          if (batch.stepsTaken[k] === batch.step) series[k]!.push(batch.losses[k]!);
        });
      }
      learners.forEach(([lr, choice], k) => {
        const alone = trainOne(dataset, lr, 300, choice);
        expect(series[k], `${v.dataset} learner ${k}`).toEqual(alone.losses);
        expect(STATUS_NAMES[batch.status[k]!]).toBe(alone.status);
        expect(learnerParameters(batch, k)).toEqual({ weights: alone.weights, bias: alone.bias });
      });
      expect(learners.map((_, k) => learnerOptimizer(batch, k).optimizer)).toEqual(
        learners.map(([, c]) => c.optimizer),
      );
    }
  });

  it("keeps the optimiser and beta of each learner; beta defaults to 0.9 and is 0 without momentum", () => {
    const batch = createLearnerBatch(getDataset("lesson"), [1e-5, 1e-5, 1e-5, 1e-5], {
      optimizers: [
        { optimizer: "gd", momentum: 0.3 },
        { optimizer: "momentum" },
        { optimizer: "adam" },
        {
          optimizer: "momentum",
          momentum: 0,
        },
      ],
    });
    expect(Array.from(batch.optimizers)).toEqual([
      OPTIMIZER.GD,
      OPTIMIZER.MOMENTUM,
      OPTIMIZER.ADAM,
      OPTIMIZER.MOMENTUM,
    ]);
    expect(Array.from(batch.momenta)).toEqual([0, 0.9, 0, 0]);
    expect([0, 1, 2, 3].map((k) => learnerOptimizer(batch, k))).toEqual([
      { optimizer: "gd" },
      { optimizer: "momentum", momentum: 0.9 },
      { optimizer: "adam" },
      { optimizer: "momentum", momentum: 0 },
    ]);
    expect(() => learnerOptimizer(batch, 4)).toThrow(RangeError);
  });

  it("momentum with beta = 0 is plain descent up to rounding", () => {
    const dataset = getDataset("housing", { standardized: true });
    const gd = trainOne(dataset, 0.3, 200);
    const momentum = trainOne(dataset, 0.3, 200, { optimizer: "momentum", momentum: 0 });
    expect(momentum.losses.length).toBe(gd.losses.length);
    momentum.losses.forEach((loss, t) => expect(relativeError(loss, gd.losses[t]!)).toBeLessThan(1e-12));
  });

  it("rejects unknown optimisers, beta outside [0, 1) and a list of the wrong length", () => {
    const lesson = getDataset("lesson");
    const bad: unknown[] = [
      [{ optimizer: "sgd" }],
      [{ optimizer: "momentum", momentum: 1 }],
      [{ optimizer: "momentum", momentum: -0.1 }],
      [{ optimizer: "momentum", momentum: NaN }],
      [{ optimizer: "gd" }, { optimizer: "gd" }],
    ];
    for (const optimizers of bad)
      expect(() => createLearnerBatch(lesson, [1e-5], { optimizers: optimizers as OptimizerChoice[] })).toThrow(
        RangeError,
      );
    expect([0, 0.5, 0.999].every(isValidMomentum)).toBe(true);
    expect([1, -1e-9, NaN, Infinity, "0.5", null].some(isValidMomentum)).toBe(false);
    expect(OPTIMIZER_IDS).toEqual(["gd", "momentum", "adam"]);
  });

  it("never exposes NaN when a momentum or Adam learner overflows, and freezes it", () => {
    for (const optimizer of ["momentum", "adam"] as const) {
      const dataset = getDataset("housing");
      const batch = createLearnerBatch(dataset, [1e300, 1e-6], {
        maxSteps: 20,
        optimizers: [{ optimizer }, { optimizer }],
      });
      const before = { loss: batch.losses[0], params: learnerParameters(batch, 0) };
      stepLearnerBatch(batch);
      expect(STATUS_NAMES[batch.status[0]!]).toBe("diverged");
      expect(batch.stepsTaken[0]).toBe(0);
      expect({ loss: batch.losses[0], params: learnerParameters(batch, 0) }).toEqual(before);
      while (stepLearnerBatch(batch) > 0);
      expect([...batch.losses, ...batch.weights, ...batch.biases].every(Number.isFinite)).toBe(true);
      expect(batch.stepsTaken[1]).toBe(20);
    }
  });
});
