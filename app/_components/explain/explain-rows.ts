// The rows of the after-round explanation (pure, no React): one per distinct (optimiser, β, rate)
// of the class, with what its steepest direction does per step. Plain descent: the factor
// f = 1 − lr·λmax. Momentum: the size of the heavy ball's roots (stable for lr·λmax < 2 + 2β).
// Adam: no factor, each step is about lr per parameter whatever the gradient's size.
import { DEFAULT_MOMENTUM, momentumDirection, type MomentumRegime, type OptimizerId } from "../../../lib/gd";

export type RowMeaning = "shrinks" | "oscillates" | "spirals" | "grows" | "adam";

export interface ExplainRow {
  key: string;
  lr: number;
  optimizer: OptimizerId;
  momentum: number | null;
  /** Plain descent: f itself; momentum: the roots' size (≥ 1 grows); Adam: null. */
  factor: number | null;
  meaning: RowMeaning;
}

const MOMENTUM_MEANING: Record<MomentumRegime, RowMeaning> = {
  monotone: "shrinks",
  spiral: "spirals",
  hopping: "oscillates",
  unstable: "grows",
};

type Choice = { optimizer: OptimizerId; momentum: number | null };

/**
 * `factorOf(lr)`: plain descent's factor on this data (errorFactor, or 1 − 2·lr/bound);
 * `lambda`: λmax. At most `max` rows: the smallest and largest rates when the class has more.
 */
export function explainRows(
  rates: readonly number[],
  choices: readonly (Choice | undefined)[] | undefined,
  factorOf: (lr: number) => number,
  lambda: number,
  max = 12,
): ExplainRow[] {
  const rows = new Map<string, ExplainRow>();
  rates.forEach((lr, i) => {
    const optimizer = choices?.[i]?.optimizer ?? "gd";
    const momentum = optimizer === "momentum" ? (choices?.[i]?.momentum ?? DEFAULT_MOMENTUM) : null;
    const key = `${optimizer}:${momentum ?? ""}:${lr}`;
    if (!rows.has(key)) rows.set(key, rowFor(lr, optimizer, momentum, factorOf, lambda, key));
  });
  const order: Record<OptimizerId, number> = { gd: 0, momentum: 1, adam: 2 };
  const sorted = [...rows.values()].sort(
    (a, b) => order[a.optimizer] - order[b.optimizer] || (a.momentum ?? 0) - (b.momentum ?? 0) || a.lr - b.lr,
  );
  return sorted.length > max ? [...sorted.slice(0, max / 2), ...sorted.slice(-max / 2)] : sorted;
}

function rowFor(
  lr: number,
  optimizer: OptimizerId,
  momentum: number | null,
  factorOf: (lr: number) => number,
  lambda: number,
  key: string,
): ExplainRow {
  if (optimizer === "adam") return { key, lr, optimizer, momentum, factor: null, meaning: "adam" };
  if (optimizer === "momentum") {
    const { regime, radius } = momentumDirection(lr, lambda, momentum ?? DEFAULT_MOMENTUM);
    const meaning = MOMENTUM_MEANING[regime];
    return { key, lr, optimizer, momentum, factor: radius, meaning };
  }
  const f = factorOf(lr);
  let meaning: RowMeaning = "shrinks";
  if (Math.abs(f) >= 1) meaning = "grows";
  else if (f < 0) meaning = "oscillates";
  return { key, lr, optimizer, momentum, factor: f, meaning };
}
