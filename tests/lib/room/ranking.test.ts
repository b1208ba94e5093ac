import { describe, expect, it } from "vitest";
import { STATUS } from "../../../lib/gd";
import { rankRuns } from "../../../lib/room/ranking";
import { seededRandom } from "../../../lib/seeded-random";

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
  it("orders and ranks as the plain loss difference would, infinities and NaN included", () => {
    // The comparator returns -1/0/1 (no heap numbers); the order must be what subtracting gives.
    const random = seededRandom(20261201);
    const awkward = [Infinity, -Infinity, NaN, 0, -0, 5e-324, 1.7976931348623157e308];
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + Math.floor(random() * 60);
      const losses = Array.from({ length: count }, () =>
        random() < 0.2 ? awkward[Math.floor(random() * awkward.length)]! : Math.round(random() * 8) / 2,
      );
      const status = losses.map(() => [R, C, D][Math.floor(random() * 3)]!);
      const diverged = status.map((s) => (s === D ? Math.floor(random() * 4) : -1));
      const reference = referenceRanks(losses, status, diverged);
      expect(rank(losses, status, diverged)).toEqual(reference);
    }
  });
});

/** The ranking with `lossA - lossB` as its last key, sorted the way rankRuns sorts (a typed array). */
function referenceRanks(losses: number[], status: number[], divergedAtStep: number[]) {
  const D = STATUS.DIVERGED;
  const compare = (a: number, b: number) => {
    if ((status[a] === D) !== (status[b] === D)) return status[a] === D ? 1 : -1;
    if (status[a] === D && divergedAtStep[b] !== divergedAtStep[a]) return divergedAtStep[b]! - divergedAtStep[a]!;
    return losses[a]! - losses[b]!;
  };
  const order = Int32Array.from(losses.keys()).sort(compare);
  const ranks = new Array<number>(losses.length);
  order.forEach((run, position) => {
    const previous = order[position - 1];
    ranks[run] = previous !== undefined && compare(previous, run) === 0 ? ranks[previous]! : position + 1;
  });
  return { order: Array.from(order), ranks };
}
