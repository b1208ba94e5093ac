// A table as lib/gd's Dataset: the lesson's start by default, an instructor's own if it fits.
import { describe, expect, it } from "vitest";
import {
  INITIAL_PARAMETER_MAX,
  customDataset,
  defaultInitialParameters,
  initialParametersProblem,
  parseCsvDataset,
  summarizeTable,
} from "../../../lib/datasets";
import { lossAt, trainOne } from "../../../lib/gd";

function table(text: string) {
  const parsed = parseCsvDataset(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
  return parsed.table;
}

const LESSON_CSV = "x1,x2,y\n28.1,58.0,165\n";

describe("customDataset", () => {
  it("starts from the lesson's weights (0.5 each) and bias 0, and trains like the built-in lesson", () => {
    const dataset = customDataset(table(LESSON_CSV), { id: "ds-1" });
    expect(dataset.id).toBe("ds-1");
    expect(Array.from(dataset.initialWeights)).toEqual([0.5, 0.5]);
    expect(dataset.initialBias).toBe(0);
    // The notebook's printed loss, bit for bit.
    expect(lossAt(dataset, dataset.initialWeights, dataset.initialBias)).toBe(14871.802500000002);
    expect(trainOne(dataset, 1e-4, 100).status).toBe("converged");
  });

  it("copies the table, so changing the dataset leaves the table alone", () => {
    const source = table("a,b,y\n1,2,3\n4,5,7\n");
    const dataset = customDataset(source, { id: "x", standardized: true });
    dataset.features[0] = 99;
    dataset.labels[0] = 99;
    expect(source.features[0]).toBe(1);
    expect(source.labels[0]).toBe(3);
    expect(Array.from(dataset.features.subarray(1))).toEqual([-1, 1, 1]);
    expect(dataset.standardized).toBe(true);
  });

  it("takes an instructor's initial weights and bias, which change the best single step only", () => {
    const source = table("a,b,y\n1,2,3\n4,5,7\n2,9,1\n");
    const own = { weights: [0.1, -2], bias: 3 };
    const dataset = customDataset(source, { id: "x", initial: own });
    expect(Array.from(dataset.initialWeights)).toEqual([0.1, -2]);
    expect(dataset.initialBias).toBe(3);
    const lesson = summarizeTable(source);
    const mine = summarizeTable(source, own);
    expect(mine.raw.maxStableLearningRate).toBe(lesson.raw.maxStableLearningRate);
    expect(mine.raw.conditionNumber).toBe(lesson.raw.conditionNumber);
    expect(mine.raw.oneStepOptimalLearningRate).not.toBe(lesson.raw.oneStepOptimalLearningRate);
  });

  it("refuses initial parameters that do not fit", () => {
    expect(() => customDataset(table(LESSON_CSV), { id: "x", initial: { weights: [1], bias: 0 } })).toThrow(RangeError);
  });
});

describe("initialParametersProblem", () => {
  it("accepts one finite weight per feature and a finite bias", () => {
    expect(initialParametersProblem(3, [0, -1.5, 2e5], 7)).toBeNull();
    expect(defaultInitialParameters(3)).toEqual({ weights: [0.5, 0.5, 0.5], bias: 0 });
  });

  it.each([
    [[0.5], 0, "initialWeights needs 2 numbers, one per feature"],
    ["0.5,0.5", 0, "initialWeights needs 2 numbers, one per feature"],
    [[0.5, Number.NaN], 0, "initialWeights[1] must be a finite number of size at most 1000000"],
    [[0.5, "1"], 0, "initialWeights[1] must be a finite number of size at most 1000000"],
    [[Infinity, 0], 0, "initialWeights[0] must be a finite number of size at most 1000000"],
    [[0.5, 0.5], INITIAL_PARAMETER_MAX * 2, "initialBias must be a finite number of size at most 1000000"],
    [[0.5, 0.5], null, "initialBias must be a finite number of size at most 1000000"],
  ])("%j, bias %j → %s", (weights, bias, message) => {
    expect(initialParametersProblem(2, weights, bias)).toBe(message);
  });
});
