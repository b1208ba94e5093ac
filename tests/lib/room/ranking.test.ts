import { describe, expect, it } from "vitest";
import { STATUS } from "../../../lib/gd";
import { rankRuns } from "../../../lib/room/ranking";

function rank(losses: number[], status: number[], divergedAtStep: number[]) {
  const order = new Int32Array(losses.length);
  const ranks = new Int32Array(losses.length);
  rankRuns(
    {
      losses: Float64Array.from(losses),
      status: Uint8Array.from(status),
      divergedAtStep: Int32Array.from(divergedAtStep),
    },
    order,
    ranks,
  );
  return { order: Array.from(order), ranks: Array.from(ranks) };
}

describe("rankRuns", () => {
  const { RUNNING: R, CONVERGED: C, DIVERGED: D } = STATUS;
  it("puts lower losses first and diverged runs last, later divergence first", () => {
    const result = rank([5, 1e12, 1e-10, 7, 1e30], [R, D, C, R, D], [-1, 3, -1, -1, 9]);
    expect(result.order).toEqual([2, 0, 3, 4, 1]);
    expect(result.ranks).toEqual([2, 5, 1, 3, 4]);
  });
  it("gives equal results the same rank", () => {
    expect(rank([2, 1, 2, 3], [R, R, R, R], [-1, -1, -1, -1]).ranks).toEqual([2, 1, 2, 4]);
  });
});
