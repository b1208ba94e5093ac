import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "../../../lib/series/base64";
import { reduceSeries } from "../../../lib/series/reduce-series";
import { decodeReducedSeries, encodeReducedSeries } from "../../../lib/series/series-codec";
import { seededRandom } from "../../../lib/seeded-random";

const series = (steps: number[], values: number[]) => ({
  steps: Uint32Array.from(steps),
  values: Float64Array.from(values),
});

describe("encodeReducedSeries / decodeReducedSeries", () => {
  it("round-trips float64 values bit for bit, and steps of any gap", () => {
    const original = series(
      [0, 1, 127, 128, 16_511, 16_512, 2_113_663, 0xffffffff],
      [14871.802500000002, 1e-300, 1.7976931348623157e308, 5e-324, 0, 1 / 3, 1026548766283.6302, 2.5],
    );
    const decoded = decodeReducedSeries(encodeReducedSeries(original, "f64"));
    expect(Array.from(decoded.steps)).toEqual(Array.from(original.steps));
    original.values.forEach((value, i) => expect(Object.is(decoded.values[i], value)).toBe(true));
  });

  it("takes one byte a step when steps are close, and float32 halves the values", () => {
    const random = seededRandom(3);
    const losses = Float64Array.from({ length: 10_001 }, (_, k) => 1e4 * Math.exp(-k / 3000) * (1 + random() * 1e-3));
    const reduced = reduceSeries(losses, 1000);
    const count = reduced.steps.length;
    const header = 2 + [128, 16_384, 2_097_152].findIndex((limit) => count < limit); // format byte + varint count
    expect(encodeReducedSeries(reduced, "f64").length).toBe(header + count * 9);
    const f32 = encodeReducedSeries(reduced, "f32");
    expect(f32.length).toBe(header + count * 5);
    const decoded = decodeReducedSeries(f32);
    expect(Array.from(decoded.steps)).toEqual(Array.from(reduced.steps));
    expect(Array.from(decoded.values)).toEqual(Array.from(reduced.values, (v) => Math.fround(v)));
  });

  it("round-trips an empty series", () => {
    const decoded = decodeReducedSeries(encodeReducedSeries(series([], [])));
    expect([decoded.steps.length, decoded.values.length]).toEqual([0, 0]);
  });

  it("refuses what it cannot encode and bytes that are not an encoded series", () => {
    expect(() => encodeReducedSeries(series([0, 3, 3], [1, 2, 3]))).toThrow(/steps must increase/);
    expect(() => encodeReducedSeries(series([0, 1], [1]))).toThrow(/2 steps but 1 values/);
    const good = encodeReducedSeries(series([0, 5, 9], [3, 2, 1]));
    expect(() => decodeReducedSeries(good.subarray(0, good.length - 1))).toThrow(/not an encoded series/);
    expect(() => decodeReducedSeries(Uint8Array.from([...good, 0]))).toThrow(/bytes left for 3 values/);
    expect(() => decodeReducedSeries(Uint8Array.from([9, ...good.subarray(1)]))).toThrow(/unknown format/);
    expect(() => decodeReducedSeries(Uint8Array.from([1, 2, 0, 0]))).toThrow(/do not increase/);
    expect(() => decodeReducedSeries(Uint8Array.from([1, 0x80]))).toThrow(/ends inside a number/);
  });
});

describe("base64", () => {
  it("matches Node's base64 for every length and round-trips", () => {
    const random = seededRandom(11);
    for (const length of [0, 1, 2, 3, 4, 5, 100, 12_287, 12_288, 12_289, 100_000]) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64"));
      expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
    }
  });

  it("refuses text that is not padded base64", () => {
    expect(() => decodeBase64("abc")).toThrow(/multiple of 4/);
    expect(() => decodeBase64("ab!d")).toThrow(/not base64: "!" at 2/);
    expect(() => decodeBase64("a=b=")).toThrow(/not base64/);
    expect(() => decodeBase64("ab\u00e9d")).toThrow(/not base64/);
  });
});
