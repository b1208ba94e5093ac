import { expect, it } from "vitest";
import { SeriesRecorder } from "../../../lib/room/series";

it("grows series past their capacity and cuts steps x runs matrices with NaN gaps", () => {
  const series = new SeriesRecorder(2, 2);
  for (let k = 0; k < 5; k++) series.append(0, k + 0.5);
  series.append(1, 9);
  expect(Array.from(series.view(0))).toEqual([0.5, 1.5, 2.5, 3.5, 4.5]);
  expect(series.maxLength()).toBe(5);
  expect(Array.from(series.matrix(0, 2))).toEqual([0.5, 9, 1.5, Number.NaN]);
  expect(Array.from(series.matrix(3, 5))).toEqual([3.5, Number.NaN, 4.5, Number.NaN]);
});
