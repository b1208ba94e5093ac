// A round's copy of an instructor's dataset, and roundDataset: the one way settings become data.
import { describe, expect, it } from "vitest";
import {
  copyOfDataset,
  customDataset,
  datasetCopyProblem,
  hasRoundDataset,
  isDatasetCopy,
  parseCsvDataset,
  roundDataset,
  type DatasetCopy,
} from "../../../lib/datasets";
import { getDataset, lossAt } from "../../../lib/gd";

const ID = "6f1c2e4a-0b7d-4c1e-9a2b-3c4d5e6f7a8b";
const CSV = "area,rooms,price\r\n52,3,194.6\r\n68,1,222.0\r\n75,2,226.4\r\n83,4,323.4\r\n";

function copy(overrides: Partial<DatasetCopy> = {}): DatasetCopy {
  return copyOfDataset({
    id: ID,
    name: "Flats",
    csv: CSV,
    featureNames: ["area", "rooms"],
    labelName: "price",
    initialWeights: [0.1, -2],
    initialBias: 3,
    ...overrides,
  });
}

describe("copyOfDataset", () => {
  it("keeps what a round needs, in lists of its own", () => {
    const stored = { name: "F", csv: CSV, featureNames: ["area", "rooms"], labelName: "price" };
    const weights = [1, 2];
    const taken = copyOfDataset({ id: ID, ...stored, initialWeights: weights, initialBias: 0, rows: 4 } as never);
    expect(taken).toEqual({ sourceId: ID, ...stored, initialWeights: [1, 2], initialBias: 0 });
    weights[0] = 9;
    expect(taken.initialWeights).toEqual([1, 2]);
    expect(isDatasetCopy(taken)).toBe(true);
  });

  it("tells a copy's shape from damage", () => {
    expect(isDatasetCopy(null)).toBe(false);
    expect(isDatasetCopy({ ...copy(), csv: 5 })).toBe(false);
    expect(isDatasetCopy({ ...copy(), initialWeights: ["1"] })).toBe(false);
    expect(isDatasetCopy({ ...copy(), featureNames: "area" })).toBe(false);
  });
});

describe("roundDataset", () => {
  it("gives the built-in datasets exactly, with or without a copy around", () => {
    for (const standardized of [false, true]) {
      expect(roundDataset({ dataset: "housing", standardized })).toEqual(getDataset("housing", { standardized }));
      expect(roundDataset({ dataset: "lesson", standardized, datasetCopy: copy() })).toEqual(
        getDataset("lesson", { standardized }),
      );
    }
  });

  it("trains an instructor's dataset from the round's copy: its rows and its own start", () => {
    const parsed = parseCsvDataset(CSV);
    if (!parsed.ok) throw new Error("fixture CSV");
    const expected = customDataset(parsed.table, { id: ID, initial: { weights: [0.1, -2], bias: 3 } });
    const dataset = roundDataset({ dataset: ID, standardized: false, datasetCopy: copy() });
    expect(dataset).toEqual(expected);
    expect(Array.from(dataset.initialWeights)).toEqual([0.1, -2]);
    expect(lossAt(dataset, dataset.initialWeights, 3)).toBe(lossAt(expected, expected.initialWeights, 3));
    const standardized = roundDataset(
      { dataset: ID, standardized: false, datasetCopy: copy() },
      { standardized: true },
    );
    expect(standardized.standardized).toBe(true);
    expect(standardized.features).not.toEqual(dataset.features);
  });

  it("gives a fresh dataset each time: a caller changing one changes no other view", () => {
    const source = { dataset: ID, standardized: false, datasetCopy: copy() };
    const first = roundDataset(source);
    first.features[0] = 1e9;
    expect(roundDataset(source).features[0]).toBe(52);
  });

  it("refuses a stored dataset's id without its copy, or with another dataset's copy", () => {
    expect(() => roundDataset({ dataset: ID, standardized: false })).toThrow(RangeError);
    const other = copy({ id: "00000000-0000-4000-8000-000000000000" } as never);
    expect(() => roundDataset({ dataset: ID, standardized: false, datasetCopy: { ...copy(), sourceId: "x" } })).toThrow(
      RangeError,
    );
    expect(hasRoundDataset({ dataset: ID, standardized: false, datasetCopy: other })).toBe(false);
    expect(hasRoundDataset({ dataset: ID, standardized: false, datasetCopy: null })).toBe(false);
    expect(hasRoundDataset({ dataset: ID, standardized: true, datasetCopy: copy() })).toBe(true);
    expect(hasRoundDataset({ dataset: "housing", standardized: true })).toBe(true);
  });

  it("names what is wrong with a damaged copy rather than training on it", () => {
    const damaged = [
      copy({ csv: "area,rooms,price\n1,x,3\n" }),
      copy({ initialWeights: [1] }),
      copy({ featureNames: ["rooms", "area"] }),
    ];
    for (const bad of damaged) {
      expect(datasetCopyProblem(bad)).toMatch(/CSV|weights|names/i);
      expect(hasRoundDataset({ dataset: ID, standardized: false, datasetCopy: bad })).toBe(false);
      expect(() => roundDataset({ dataset: ID, standardized: false, datasetCopy: bad })).toThrow(RangeError);
    }
    expect(datasetCopyProblem(copy())).toBeNull();
  });
});
