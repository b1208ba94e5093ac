// Figures the lesson views print and count (pure, no React): how a rate behaves against the stable
// bound, the factor and bound as the issue writes them (−8308, 2.407e-4), and the error's first steps.
import { DEFAULT_MOMENTUM, momentumDirection, type OptimizerId } from "../../../lib/gd";
import { formatRate } from "../../_lib/format";

export type RunKind = "converging" | "oscillating" | "exploding";
export const RUN_KINDS: readonly RunKind[] = ["converging", "oscillating", "exploding"];

/**
 * The stiffest direction's error factor is f = 1 − lr·λmax = 1 − 2·lr / bound (one sample: exactly
 * 1 − 2·lr·(|x|² + 1)). |f| < 1 shrinks (f < 0 hops from side to side); |f| ≥ 1 never settles.
 */
export function rateKind(lr: number, bound: number): RunKind {
  const f = 1 - (2 * lr) / bound;
  if (!(Math.abs(f) < 1)) return "exploding";
  return f < 0 ? "oscillating" : "converging";
}

/** A run's optimiser as the roster and the history carry it (momentum: beta, null for the others). */
export type RunOptimizer = { optimizer: OptimizerId; momentum: number | null };

/**
 * rateKind for any optimiser, against plain descent's bound 2 / λmax. Momentum: unstable from
 * lr·λmax ≥ 2 + 2β, and it overshoots (spirals or hops) once the roots leave the positive reals,
 * lr·λmax > (1 − √β)² (β = 0 is rateKind exactly). Adam has no rate bound (each step is about lr
 * per parameter), so it is "converging" unless its run did explode (`diverged`, from the store).
 */
export function choiceKind(choice: RunOptimizer | undefined, lr: number, bound: number, diverged = false): RunKind {
  if (!choice || choice.optimizer === "gd") return rateKind(lr, bound);
  if (choice.optimizer === "adam") return diverged ? "exploding" : "converging";
  const regime = momentumDirection(lr, 2 / bound, choice.momentum ?? DEFAULT_MOMENTUM).regime;
  if (regime === "unstable") return "exploding";
  return regime === "monotone" ? "converging" : "oscillating";
}

export function countKinds(
  rates: ArrayLike<number>,
  bound: number,
  choices?: readonly (RunOptimizer | undefined)[],
  diverged?: (i: number) => boolean,
): Record<RunKind, number> {
  const counts: Record<RunKind, number> = { converging: 0, oscillating: 0, exploding: 0 };
  for (let i = 0; i < rates.length; i++) counts[choiceKind(choices?.[i], rates[i]!, bound, diverged?.(i))]++;
  return counts;
}

/** A minus sign that reads as one (U+2212), as the lesson text writes −8308. */
const minus = (text: string) => text.replace(/^-/, "\u2212");

/** The factor per step: whole numbers from 100 on (−8308), 3 significant digits below (0.169, −0.662, 0.99996). */
export function formatFactorShort(factor: number): string {
  if (!Number.isFinite(factor)) return String(factor);
  const abs = Math.abs(factor);
  if (abs >= 1e6) return minus(factor.toExponential(2));
  if (abs >= 100) return minus(String(Math.round(factor)));
  // Near ±1 three digits would print "1" for 0.99998 (a direction that does shrink, slowly): add
  // digits until it no longer reads as exactly 1.
  let digits = 3;
  while (digits < 12 && abs !== 1 && Math.abs(Number(factor.toPrecision(digits))) === 1) digits++;
  return minus(String(Number(factor.toPrecision(digits))));
}

/** A learning rate to 4 significant digits, small ones in e-notation: 2.407e-4, 0.6292. */
export function formatRate4(lr: number): string {
  return formatRate(Number(lr.toPrecision(4)));
}

/** The error (y − p, or the offset along the stiffest direction) after 0..steps updates: e₀·fᵏ. */
export function errorAfterSteps(initialError: number, factor: number, steps: number): number[] {
  const out: number[] = [];
  let e = initialError;
  for (let k = 0; k <= steps; k++) {
    out.push(e);
    e *= factor;
  }
  return out;
}

/** Shows a signed error compactly: 121.95, −1.013e+6. */
export function formatError(e: number): string {
  if (!Number.isFinite(e)) return e > 0 ? "∞" : "−∞";
  const abs = Math.abs(e);
  if (abs !== 0 && (abs >= 1e5 || abs < 1e-3)) return minus(e.toExponential(3));
  return minus(String(Number(e.toPrecision(5))));
}

/** Up to `max` evenly spaced indices 0..last (always including both ends), for drawing long paths. */
export function thinIndices(last: number, max: number): number[] {
  if (last < 0) return [];
  if (last + 1 <= max) return Array.from({ length: last + 1 }, (_, k) => k);
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(Math.round((i * last) / (max - 1)));
  return [...new Set(out)];
}

/** A condition number as the issue writes it: 1.0, 3.0, 425, 1.8e5. */
export function formatCondition(c: number): string {
  if (!Number.isFinite(c)) return "∞";
  if (c < 100) return c.toPrecision(2);
  if (c < 1e4) return String(Math.round(c));
  return c.toExponential(1).replace("e+", "e");
}
