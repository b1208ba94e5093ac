import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../lib/seeded-random";
import { decodeBase64 } from "../../../lib/series/base64";
import {
  MAX_SUMMARY_COLUMNS,
  SUMMARY_SERIES_CHARS,
  decodeSummarySeries,
  encodeSummarySeries,
  summaryColumns,
  worstSeriesChars,
} from "../../../lib/series/summary-series";

/** The codec's first byte (lib/series/series-codec.ts): 1 float64, 2 float32. */
const FORMAT_F64 = 1;

/** The index of the first smallest and first largest value. */
function extremes(values: ArrayLike<number>) {
  let low = 0;
  let high = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! < values[low]!) low = i;
    if (values[i]! > values[high]!) high = i;
  }
  return { low, high };
}

/** Every point a chart must keep is there: first, last, lowest and highest, at their steps. */
function expectKeepsEnds(losses: Float64Array, text: string, exact: boolean) {
  const { steps, values } = decodeSummarySeries(text);
  const at = (step: number) => values[Array.from(steps).indexOf(step)];
  const shown = (value: number) => (exact ? value : Math.fround(value));
  const { low, high } = extremes(losses);
  for (const step of [0, losses.length - 1, low, high]) expect(at(step)).toBe(shown(losses[step]!));
  expect(Math.min(...values)).toBe(shown(losses[low]!));
  expect(Math.max(...values)).toBe(shown(losses[high]!));
}

/** A noisy run: every column holds 4 distinct points, the worst case for the size. */
const noisy = (random: () => number, length: number) => Float64Array.from({ length }, () => 0.1 + random());

describe("the summary's series", () => {
  it("keeps every run's first, last, lowest and highest loss (float32 within its range, float64 beyond)", () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + Math.floor(random() * 3000);
      const losses = noisy(random, length);
      // Sometimes values float32 cannot hold: a blow-up past 3.4e38, a loss under its smallest normal.
      const odd = random() < 0.3;
      if (odd) losses[Math.floor(random() * length)] = random() < 0.5 ? 1e39 * (1 + random()) : 1e-40;
      const span = length + Math.floor(random() * 500);
      const columns = 1 + Math.floor(random() * 400);
      const text = encodeSummarySeries(losses, columns, span);
      expect(decodeSummarySeries(text).steps.length).toBeLessThanOrEqual(4 * columns);
      // The odd value is the run's highest or lowest, so it is kept: the run goes as float64.
      const exact = decodeBase64(text)[0] === FORMAT_F64;
      expect(exact).toBe(odd);
      expectKeepsEnds(losses, text, exact);
      expect(text.length).toBeLessThanOrEqual(worstSeriesChars(columns, span));
    }
  });

  it("sends a run past float32's range as exact float64 with half the columns, in no more room", () => {
    const losses = Float64Array.from({ length: 5_001 }, (_, k) => 10 ** (k / 100)); // up to 1e50
    const text = encodeSummarySeries(losses, 200, 5_001);
    const { steps, values } = decodeSummarySeries(text);
    expect(steps.length).toBeLessThanOrEqual(4 * 100);
    expect(values.at(-1)).toBe(1e50);
    expect(Array.from(values, (value, i) => value === losses[steps[i]!])).not.toContain(false);
    expect(text.length).toBeLessThanOrEqual(worstSeriesChars(200, 5_001));
  });

  it("picks the most columns whose worst case fits the round's budget, whatever the class size", () => {
    expect(summaryColumns(0, 10_001)).toBe(MAX_SUMMARY_COLUMNS);
    expect(summaryColumns(30, 10_001)).toBe(MAX_SUMMARY_COLUMNS);
    let previous = MAX_SUMMARY_COLUMNS;
    for (const runs of [100, 500, 1_000, 2_000, 5_000]) {
      const columns = summaryColumns(runs, 10_001);
      expect(runs * worstSeriesChars(columns, 10_001)).toBeLessThanOrEqual(SUMMARY_SERIES_CHARS);
      if (columns < MAX_SUMMARY_COLUMNS)
        expect(runs * worstSeriesChars(columns + 1, 10_001)).toBeGreaterThan(SUMMARY_SERIES_CHARS);
      expect(columns).toBeLessThanOrEqual(previous);
      previous = columns;
    }
    expect(summaryColumns(1_000, 10_001)).toBeGreaterThanOrEqual(100);
  });

  for (const [runs, length] of [
    [1_000, 10_001],
    [2_000, 5_001],
  ] as const) {
    it(`stays within the budget for ${runs} noisy runs of ${length} losses (the worst case)`, () => {
      const random = seededRandom(runs);
      const columns = summaryColumns(runs, length);
      let chars = 0;
      for (let run = 0; run < runs; run++) chars += encodeSummarySeries(noisy(random, length), columns, length).length;
      expect(chars).toBeLessThanOrEqual(SUMMARY_SERIES_CHARS);
      expect(chars).toBeGreaterThan(0.8 * SUMMARY_SERIES_CHARS); // the budget is used, not wasted
    });
  }
});
