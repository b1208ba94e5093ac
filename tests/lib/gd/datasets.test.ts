import { describe, expect, it } from "vitest";
import { DATASET_IDS, getDataset, isDatasetId, standardizeFeatures } from "../../../lib/gd/datasets";
import { VARIANTS, seriesFixture } from "./load-fixtures";

function columnStats(features: Float64Array, n: number, d: number, j: number) {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += features[i * d + j]! / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (features[i * d + j]! - mean) ** 2 / n;
  return { mean, std: Math.sqrt(variance) };
}

describe("datasets", () => {
  it("lists the ids and recognises them", () => {
    expect(DATASET_IDS).toEqual(["lesson", "housing"]);
    expect(isDatasetId("lesson")).toBe(true);
    expect(isDatasetId("housing")).toBe(true);
    expect(isDatasetId("nope")).toBe(false);
    expect(isDatasetId(3)).toBe(false);
  });

  it("holds the lesson's numbers", () => {
    const lesson = getDataset("lesson");
    expect(lesson.n).toBe(1);
    expect(lesson.d).toBe(2);
    expect(Array.from(lesson.features)).toEqual([28.1, 58.0]);
    expect(Array.from(lesson.labels)).toEqual([165]);
    expect(Array.from(lesson.initialWeights)).toEqual([0.5, 0.5]);
    expect(lesson.initialBias).toBe(0);
    expect(lesson.standardized).toBe(false);
    expect(lesson.featureNames).toHaveLength(2);
  });

  it("has a small multi-sample housing set on very different scales", () => {
    const housing = getDataset("housing");
    expect(housing.n).toBeGreaterThanOrEqual(8);
    expect(housing.n).toBeLessThanOrEqual(20);
    expect(housing.d).toBeGreaterThanOrEqual(2);
    expect(housing.d).toBeLessThanOrEqual(3);
    expect(housing.features).toHaveLength(housing.n * housing.d);
    expect(housing.labels).toHaveLength(housing.n);
    expect(housing.featureNames).toHaveLength(housing.d);
    const spreads = Array.from(
      { length: housing.d },
      (_, j) => columnStats(housing.features, housing.n, housing.d, j).std,
    );
    expect(Math.max(...spreads) / Math.min(...spreads)).toBeGreaterThan(10);
  });

  it("matches the copy of the data in the numpy reference", () => {
    for (const v of VARIANTS) {
      const ds = getDataset(v.dataset, { standardized: v.standardized });
      const expected = seriesFixture(v.dataset, v.standardized).features;
      expect(ds.features).toHaveLength(expected.length);
      ds.features.forEach((x, i) =>
        expect(Math.abs(x - expected[i]!)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected[i]!))),
      );
    }
  });

  it("returns fresh arrays on every call", () => {
    const a = getDataset("housing");
    a.features[0] = 999;
    a.labels[0] = 999;
    a.initialWeights[0] = 999;
    a.featureNames[0] = "changed";
    const b = getDataset("housing");
    expect(b.features[0]).not.toBe(999);
    expect(b.labels[0]).not.toBe(999);
    expect(b.initialWeights[0]).not.toBe(999);
    expect(b.featureNames[0]).not.toBe("changed");
  });

  it("standardises housing to mean 0 and population std 1, labels untouched", () => {
    const raw = getDataset("housing");
    const z = getDataset("housing", { standardized: true });
    expect(z.standardized).toBe(true);
    expect(Array.from(z.labels)).toEqual(Array.from(raw.labels));
    for (let j = 0; j < z.d; j++) {
      const { mean, std } = columnStats(z.features, z.n, z.d, j);
      expect(Math.abs(mean)).toBeLessThan(1e-14);
      expect(Math.abs(std - 1)).toBeLessThan(1e-14);
    }
  });

  it("turns the one-sample lesson into x = [1, 1] exactly", () => {
    const z = getDataset("lesson", { standardized: true });
    expect(Array.from(z.features)).toEqual([1, 1]);
    expect(Array.from(z.labels)).toEqual([165]);
  });

  it("divides zero-spread columns by their RMS and leaves all-zero columns alone", () => {
    // columns: constant negative, varying, all zero
    const out = standardizeFeatures([-3, 1, 0, -3, 3, 0, -3, 5, 0], 3, 3);
    expect([out.features[0], out.features[3], out.features[6]]).toEqual([-1, -1, -1]);
    expect([out.features[2], out.features[5], out.features[8]]).toEqual([0, 0, 0]);
    const { mean, std } = columnStats(out.features, 3, 3, 1);
    expect(Math.abs(mean)).toBeLessThan(1e-15);
    expect(Math.abs(std - 1)).toBeLessThan(1e-15);
    expect(Array.from(out.means)).toEqual([0, 3, 0]);
    expect(() => standardizeFeatures([1, 2, 3], 2, 2)).toThrow(RangeError);
  });
});
