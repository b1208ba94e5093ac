import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shortestDigits, roundedDigits, digitsWithin } from "../../../lib/format/float-digits";
import { numpyArrayStr, type NumpyArrayInput } from "../../../lib/format/numpy-print";
import { pythonFloatRepr } from "../../../lib/format/python-repr";

// Written by tests/reference/notebook_reference.py (numpy's str(arr), Python's repr).
interface PrintingFixture {
  floats: { value: string; repr: string; npStr: string }[];
  arrays: { shape: number[]; values: string[]; str: string }[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/format/printing.json", import.meta.url), "utf8"),
) as PrintingFixture;

/** Python repr text -> the same double. */
function fromRepr(text: string): number {
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  if (text === "nan") return NaN;
  return Number(text);
}

function nest(values: number[], shape: number[]): NumpyArrayInput {
  if (shape.length === 1) return values;
  const [rows = 0, cols = 0] = shape;
  return Array.from({ length: rows }, (_, i) => values.slice(i * cols, (i + 1) * cols));
}

describe("pythonFloatRepr", () => {
  it("prints the lesson's numbers as the notebook does", () => {
    expect(pythonFloatRepr(14871.802500000002)).toBe("14871.802500000002");
    expect(pythonFloatRepr(1026548766283.6302)).toBe("1026548766283.6302");
    expect([1e-5, 1.5e16, Infinity, -Infinity, NaN, -0, 100, 0.0001, 1e16].map(pythonFloatRepr)).toEqual([
      "1e-05",
      "1.5e+16",
      "inf",
      "-inf",
      "nan",
      "-0.0",
      "100.0",
      "0.0001",
      "1e+16",
    ]);
  });

  it(`equals Python's repr (and numpy's str) on ${fixture.floats.length} awkward floats`, () => {
    expect(fixture.floats.length).toBeGreaterThanOrEqual(400);
    for (const f of fixture.floats) {
      const v = fromRepr(f.value);
      expect(pythonFloatRepr(v), f.value).toBe(f.repr);
      expect(f.npStr).toBe(f.repr);
    }
  });
});

describe("decimal digits", () => {
  it("rounds the exact binary value half to even at a cutoff, unlike toFixed", () => {
    // 0.125 and 3/512 are exact ties; toFixed rounds both away from zero.
    expect(roundedDigits(0.125, "fraction", 2)).toEqual({ digits: "12", point: 0 });
    expect(roundedDigits(0.375, "fraction", 2)).toEqual({ digits: "38", point: 0 });
    expect(roundedDigits(3 / 512, "fraction", 8)).toEqual({ digits: "585938", point: -2 });
    expect(roundedDigits(1 / 512, "fraction", 8)).toEqual({ digits: "195312", point: -2 });
    // 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary.
    expect(roundedDigits(2.675, "fraction", 2)).toEqual({ digits: "267", point: 1 });
    expect(roundedDigits(9.999, "total", 2)).toEqual({ digits: "1", point: 2 });
    expect(roundedDigits(0.004, "fraction", 2)).toEqual({ digits: "0", point: 1 });
    expect(roundedDigits(0.006, "fraction", 2)).toEqual({ digits: "1", point: -1 });
  });

  it("keeps the shortest digits when they fit the cutoff", () => {
    expect(shortestDigits(0.1)).toEqual({ digits: "1", point: 0 });
    expect(digitsWithin(0.1, "fraction", 8)).toEqual({ digits: "1", point: 0 });
    expect(digitsWithin(14871.802500000002, "fraction", 8)).toEqual({ digits: "148718025", point: 5 });
    expect(shortestDigits(5e-324)).toEqual({ digits: "5", point: -323 });
  });
});

describe("numpyArrayStr", () => {
  it("prints the lesson's arrays as the notebook does", () => {
    expect(numpyArrayStr([43.05])).toBe("[43.05]");
    expect(numpyArrayStr([-243.9])).toBe("[-243.9]");
    expect(numpyArrayStr([[6854.09, 14146.7]])).toBe("[[ 6854.09 14146.7 ]]");
    expect(numpyArrayStr([243.9])).toBe("[243.9]");
  });

  it(`equals numpy's str(arr) on ${fixture.arrays.length} awkward arrays (scientific switch, inf/nan, wrapping)`, () => {
    expect(fixture.arrays.length).toBeGreaterThanOrEqual(300);
    let wrapped = 0;
    let scientific = 0;
    for (const a of fixture.arrays) {
      const values = a.values.map(fromRepr);
      expect(numpyArrayStr(nest(values, a.shape)), `${a.values.join(",")} ${JSON.stringify(a.shape)}`).toBe(a.str);
      if (a.shape.length === 1 && a.str.includes("\n")) wrapped++;
      if (a.str.includes("e+") || a.str.includes("e-")) scientific++;
    }
    // The fixture exercises what it claims to.
    expect(wrapped).toBeGreaterThan(10);
    expect(scientific).toBeGreaterThan(50);
  });

  it("rejects what it does not print", () => {
    expect(() => numpyArrayStr([[1, 2], [3]])).toThrow(RangeError);
    expect(() => numpyArrayStr(new Array(1001).fill(1))).toThrow(RangeError);
    expect(() => numpyArrayStr(1)).toThrow(RangeError);
    expect(numpyArrayStr([])).toBe("[]");
  });
});
