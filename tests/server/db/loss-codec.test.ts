// The stored form of loss series (server/db/loss-codec.ts) gives back every bit: random bit
// patterns (NaN payloads, infinities, -0, subnormals), empty and long series, and text written by
// numpy as the stored rows hold it.
import { describe, expect, it } from "vitest";
import { decodeLosses, encodeLosses } from "../../../server/db/loss-codec";
import { seededRandom } from "../../../lib/seeded-random";

const bytesOf = (values: Float64Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
/** Bit for bit (toEqual would call every NaN equal, and compare -0 and 0 as values). */
const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && bytesOf(a).equals(bytesOf(b));

/** `count` doubles made of random 64-bit patterns, with the awkward ones placed at the start. */
function randomDoubles(count: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const words = new Uint32Array(count * 2);
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32);
  const values = new Float64Array(words.buffer);
  const awkward = [NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.225073858507201e-308];
  values.set(awkward.slice(0, count));
  return values;
}

describe("loss codec", () => {
  it("round-trips random bit patterns exactly", () => {
    const values = randomDoubles(10_000, 16);
    expect(values.some(Number.isNaN)).toBe(true);
    expect(sameBits(decodeLosses(encodeLosses(values)), values)).toBe(true);
  });

  it("keeps a NaN's payload and the sign of zero", () => {
    const words = Uint32Array.of(0x12345, 0x7ff80000 | 0x4321, 0, 0x80000000);
    const decoded = decodeLosses(encodeLosses(new Float64Array(words.buffer)));
    expect(Array.from(new Uint32Array(decoded.buffer))).toEqual(Array.from(words));
    expect(Object.is(decoded[1], -0)).toBe(true);
  });

  it("round-trips an empty series and a long one, also from a view into a larger buffer", () => {
    expect(encodeLosses(new Float64Array(0))).toBe("");
    expect(decodeLosses("").length).toBe(0);
    const long = randomDoubles(1_000_001, 7);
    expect(sameBits(decodeLosses(encodeLosses(long)), long)).toBe(true);
    const view = long.subarray(3, 1003);
    expect(sameBits(decodeLosses(encodeLosses(view)), view)).toBe(true);
  });

  it("reads text as stored rows hold it (made by numpy: base64 of little-endian float64)", () => {
    // python3: base64.b64encode(np.array([...], dtype='<f8').tobytes())
    const stored = "hutRuOYLzUCamZmZmZm5PwAAAAAAAACAAQAAAAAAAAAAAAAAAAAQAP///////+9/AAAAAAAA8H8AAAAAAADw/1VVVVVVVdU/";
    const expected = [14871.802500000002, 0.1, -0, 5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, Infinity];
    const decoded = Array.from(decodeLosses(stored));
    expect(decoded.slice(0, 7)).toEqual(expected);
    expect(decoded.slice(7)).toEqual([-Infinity, 1 / 3]);
    expect(Object.is(decoded[2], -0)).toBe(true);
    expect(encodeLosses(Float64Array.from(decoded))).toBe(stored);
  });

  it("refuses text that is not a whole number of float64 values", () => {
    expect(() => decodeLosses("AAAA")).toThrow(/not float64/);
  });
});
