import { describe, expect, it } from "vitest";
import { reduceRound, reduceSeries, type ReducedSeries } from "../../../lib/series/reduce-series";
import { seededRandom } from "../../../lib/seeded-random";

function extreme(values: ArrayLike<number>, pick: (a: number, b: number) => number, start: number): number {
  let result = start;
  for (let i = 0; i < values.length; i++) result = pick(result, values[i]!);
  return result;
}
const min = (values: ArrayLike<number>) => extreme(values, Math.min, Infinity);
const max = (values: ArrayLike<number>) => extreme(values, Math.max, -Infinity);

/** Everything a reduced series promises, checked against the series it came from. */
function expectFaithful(losses: ArrayLike<number>, reduced: ReducedSeries, columns: number, span = losses.length) {
  const { steps, values } = reduced;
  expect(steps.length).toBe(values.length);
  expect(steps.length).toBeLessThanOrEqual(Math.max(4 * columns, 0));
  const notIncreasing = steps.findIndex((step, i) => i > 0 && step <= steps[i - 1]!);
  expect(notIncreasing).toBe(-1);
  const notAnInputPoint = values.findIndex((value, i) => !Object.is(value, losses[steps[i]!])); // bit for bit
  expect(notAnInputPoint).toBe(-1);
  if (losses.length === 0) return expect(steps.length).toBe(0);
  expect([steps[0], values[0]]).toEqual([0, losses[0]]);
  expect([steps.at(-1), values.at(-1)]).toEqual([losses.length - 1, losses[losses.length - 1]]);
  expect(min(values)).toBe(min(losses));
  expect(max(values)).toBe(max(losses));
  // Pixel-exact: every column's lowest and highest loss are kept (what a line through them paints).
  const columnExtremes = (count: number, stepOf: (i: number) => number, valueOf: (i: number) => number) => {
    const lows = new Map<number, number>();
    const highs = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const column = Math.floor((stepOf(i) * columns) / span);
      lows.set(column, Math.min(lows.get(column) ?? Infinity, valueOf(i)));
      highs.set(column, Math.max(highs.get(column) ?? -Infinity, valueOf(i)));
    }
    return { lows: [...lows], highs: [...highs] };
  };
  expect(
    columnExtremes(
      steps.length,
      (i) => steps[i]!,
      (i) => values[i]!,
    ),
  ).toEqual(
    columnExtremes(
      losses.length,
      (step) => step,
      (step) => losses[step]!,
    ),
  );
}

/** A loss curve of one of the shapes runs have: smooth decay, noisy, oscillating, spiky, flat. */
function randomSeries(random: () => number, length: number): Float64Array {
  const shape = Math.floor(random() * 5);
  const start = 10 ** (random() * 6 - 1);
  const rate = 10 ** (-random() * 4);
  let walk = Math.log(start);
  return Float64Array.from({ length }, (_, k) => {
    if (shape === 0) return start * Math.exp(-rate * k);
    if (shape === 1) {
      walk += (random() - 0.55) * 0.2;
      return Math.exp(walk);
    }
    if (shape === 2) return start * (1 + Math.cos(k * rate * 50)) * Math.exp(-rate * k) + 1e-3;
    if (shape === 3) return random() < 0.01 ? start * 1e6 * random() : start * Math.exp(-rate * k);
    return start;
  });
}

describe("reduceSeries", () => {
  it("keeps a short series whole, whatever its columns", () => {
    for (const losses of [[], [14871.8], [3, 1, 2], Array.from({ length: 40 }, (_, k) => 1 / (k + 1))]) {
      const reduced = reduceSeries(losses, 10);
      expect(Array.from(reduced.steps)).toEqual(losses.map((_, k) => k));
      expect(Array.from(reduced.values)).toEqual(losses);
    }
  });

  it("keeps first, last, minimum and maximum of adversarial series", () => {
    const columns = 100;
    const n = 10_001;
    const cases: Record<string, Float64Array> = {
      monotoneDown: Float64Array.from({ length: n }, (_, k) => 14871.8 * Math.exp(-k / 700)),
      monotoneUp: Float64Array.from({ length: n }, (_, k) => 1 + k * 1e3),
      constant: new Float64Array(n).fill(2.5),
      spikeUp: Float64Array.from({ length: n }, (_, k) => (k === 4_321 ? 1e30 : 1)),
      spikeDown: Float64Array.from({ length: n }, (_, k) => (k === 9_999 ? 1e-300 : 1)),
      zigzag: Float64Array.from({ length: n }, (_, k) => (k % 2 ? 1e-6 : 1e6)),
      extremesAtTheEnds: Float64Array.from({ length: n }, () => 5)
        .fill(1e9, 0, 1)
        .fill(1e-9, n - 1),
    };
    for (const [name, losses] of Object.entries(cases)) {
      const reduced = reduceSeries(losses, columns);
      expectFaithful(losses, reduced, columns);
      if (name === "monotoneDown" || name === "constant") expect(reduced.steps.length).toBeLessThanOrEqual(2 * columns);
    }
  });

  it("handles lengths around the column count and four times it", () => {
    const random = seededRandom(7);
    const columns = 250;
    for (const length of [1, 2, columns - 1, columns, columns + 1, 4 * columns - 1, 4 * columns, 4 * columns + 1]) {
      const losses = randomSeries(random, length);
      const reduced = reduceSeries(losses, columns);
      expectFaithful(losses, reduced, columns);
      if (length <= 4 * columns) expect(reduced.steps.length).toBe(length);
      else expect(reduced.steps.length).toBeLessThan(length);
    }
  });

  it("gives a diverged run on a round's axis only the columns it reaches", () => {
    const diverged = [14871.8, 1026548766283.6302]; // lr = 1 on the lesson: stops at step 1
    const reduced = reduceSeries(diverged, 1000, { span: 10_001 });
    expect(Array.from(reduced.steps)).toEqual([0, 1]);
    expect(Array.from(reduced.values)).toEqual(diverged);
    const stoppedEarly = Float64Array.from({ length: 5_000 }, (_, k) => 100 * 1.001 ** k);
    const onRoundAxis = reduceSeries(stoppedEarly, 1000, { span: 10_001 });
    expectFaithful(stoppedEarly, onRoundAxis, 1000, 10_001);
    expect(onRoundAxis.steps.length).toBeLessThanOrEqual(4 * 500);
  });

  it("refuses bad input with a clear error", () => {
    expect(() => reduceSeries([1, 2], 0)).toThrow(/columns must be a positive integer/);
    expect(() => reduceSeries([1, 2], 2.5)).toThrow(/columns/);
    expect(() => reduceSeries([1, Number.NaN], 10)).toThrow(/step 1 is NaN/);
    expect(() => reduceSeries([Infinity], 10)).toThrow(/finite/);
    expect(() => reduceSeries([1, 2, 3], 10, { span: 2 })).toThrow(/span must be/);
  });

  it("property: seeded random series of any length, columns and span stay faithful", () => {
    const random = seededRandom(20261201);
    for (let trial = 0; trial < 100; trial++) {
      const length = Math.floor(random() ** 2 * 20_000) + 1;
      const columns = Math.floor(random() * 1_500) + 1;
      const span = random() < 0.3 ? length + Math.floor(random() * length) : length;
      const losses = randomSeries(random, length);
      expectFaithful(losses, reduceSeries(losses, columns, { span }), columns, span);
    }
  });
});

describe("reduceRound", () => {
  it("puts every run on the longest run's axis", () => {
    const long = Float64Array.from({ length: 10_001 }, (_, k) => 1e4 * Math.exp(-k / 2000));
    const short = Float64Array.from({ length: 2_000 }, (_, k) => 1e4 * 1.002 ** k);
    const [a, b] = reduceRound([long, short], 500);
    expectFaithful(long, a!, 500);
    expectFaithful(short, b!, 500, 10_001);
    // The short run reaches a fifth of the axis, so about a fifth of the columns.
    expect(b!.steps.length).toBeLessThanOrEqual(4 * 100 + 4);
  });
});
