// "Why did my run do that, and what should I try?" for one learning rate on one dataset.
// The error along the Hessian's stiffest direction is multiplied by f = 1 - lr * lambda_max each
// step (one sample: exactly the error y - p, f = 1 - 2 lr (|x|^2 + 1), analysis.errorFactor), so
//   |f| < 1 shrinks it, f < 0 makes it change sign every step, |f| > 1 grows it;
// the flattest direction (f = 1 - lr * lambda_min) decides how slowly a stable run gets there.
// The stop (converged / diverged, and when) is predicted from the closed form in modes.ts.

import { errorFactor, maxStableLearningRate, oneStepOptimalLearningRate } from "./analysis";
import { standardizeFeatures, type Dataset } from "./datasets";
import { DEFAULT_MAX_STEPS } from "./learners";
import { lossModes, predictedStop, type LossModes } from "./modes";
import { outcomeThresholds } from "./outcome";

/** Codes for the page to translate (lib/i18n), most urgent first. */
export const RATE_VERDICTS = ["diverges", "edge", "too-slow", "oscillates", "good", "best"] as const;
export type RateVerdict = (typeof RATE_VERDICTS)[number];

/** What one direction does to its error each step. */
export type DirectionBehaviour = "grows" | "oscillates-growing" | "oscillates-steady" | "oscillates" | "shrinks";

export interface RateExplanation {
  lr: number;
  verdict: RateVerdict;
  /** Error factor per step along the stiffest direction (one sample: of y - p itself). */
  factor: number;
  behaviour: DirectionBehaviour;
  /** The same for the flattest direction (equal to the stiffest for one sample). */
  flatFactor: number;
  stiffestEigenvalue: number;
  flattestEigenvalue: number;
  /** lambda_max / lambda_min (of the non-zero eigenvalues); 1 for one sample. */
  conditionNumber: number;
  /** Steps for the slowest-shrinking direction to shrink its error 1000x; null if some direction does not shrink. */
  stepsToShrink1000x: number | null;
  /** When the run stops by the outcome rules (predicted), within `scanLimit` steps; null if later. */
  stop: { status: "converged" | "diverged"; step: number } | null;
  /** Stable for lr < stableBound = 2 / lambda_max (one sample: 1 / (|x|^2 + 1)). */
  stableBound: number;
  /** lr / stableBound: < 1 stable, > 1 diverges; the strip's position. */
  boundRatio: number;
  /** The rate minimising the loss after one step (one sample: lands on the minimum), null at the optimum. */
  oneStepBest: number | null;
  /** 2 / (lambda_min + lambda_max): the constant rate whose slowest direction shrinks fastest. */
  fastestRate: number;
  /** A rate to try next: fastestRate capped at 0.9 x stableBound, rounded down to 2 significant digits. */
  suggestion: number;
  suggestionStop: { status: "converged" | "diverged"; step: number } | null;
  /** True when even the best rate needs more than maxSteps and z-scoring the features would not. */
  standardizingHelps: boolean;
}

export interface ExplainOptions {
  /** The round's step budget (settings.maxSteps): slower than this is "too-slow". */
  maxSteps?: number;
}

/** How far ahead the stop is predicted (a stable rate near the bound can take ~1e4 steps). */
const SCAN_LIMIT = 100_000;

function behaviourOf(f: number): DirectionBehaviour {
  if (f < -1) return "oscillates-growing";
  if (f === -1) return "oscillates-steady";
  if (f > 1) return "grows";
  return f < 0 ? "oscillates" : "shrinks";
}

/** The largest 1, 1.1, ..., 9.9 x 10^e not above x (decimal digits, so 1.2e-4 is exactly "1.2e-4"). */
export function roundDown2(x: number): number {
  const [mantissa = "", exponent = "0"] = x.toExponential(6).split("e");
  const digits = Number(mantissa.replace(".", "").slice(0, 2));
  for (let m = digits; m >= 10; m--) {
    const nice = Number(`${m / 10}e${exponent}`);
    if (nice <= x) return nice;
  }
  return Number(`9.9e${Number(exponent) - 1}`);
}

interface Analysed {
  modes: LossModes;
  thresholds: ReturnType<typeof outcomeThresholds>;
  fastestRate: number;
}

function analyse(dataset: Dataset): Analysed {
  const modes = lossModes(dataset);
  const high = modes.eigenvalues[modes.stiffest]!;
  const low = modes.eigenvalues[modes.flattest]!;
  return { modes, thresholds: outcomeThresholds(modes.initialLoss, modes.optimumLoss), fastestRate: 2 / (low + high) };
}

export function explainRate(dataset: Dataset, lr: number, options: ExplainOptions = {}): RateExplanation {
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`learning rate must be positive and finite, got ${lr}`);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const { modes, thresholds, fastestRate } = analyse(dataset);
  const high = modes.eigenvalues[modes.stiffest]!;
  const low = modes.eigenvalues[modes.flattest]!;
  const factor = errorFactor(dataset, lr) ?? 1 - lr * high;
  const flatFactor = dataset.n === 1 ? factor : 1 - lr * low;
  const worst = Math.max(Math.abs(factor), Math.abs(flatFactor));
  const stableBound = maxStableLearningRate(dataset);
  const stop = predictedStop(modes, lr, thresholds, SCAN_LIMIT);
  const suggestion = roundDown2(Math.min(fastestRate, 0.9 * stableBound));
  const suggestionStop = predictedStop(modes, suggestion, thresholds, SCAN_LIMIT);
  const best = predictedStop(modes, fastestRate, thresholds, SCAN_LIMIT);
  const converges = (s: typeof stop) => s !== null && s.status === "converged" && s.step <= maxSteps;
  let verdict: RateVerdict;
  if (worst > 1) verdict = "diverges";
  else if (worst === 1) verdict = "edge";
  else if (!converges(stop)) verdict = "too-slow";
  // As fast as the fastest rate, or as our own suggestion (which a student may just have typed).
  else if (stop!.step <= Math.max(best?.step ?? 0, suggestionStop?.step ?? 0)) verdict = "best";
  else verdict = factor < 0 ? "oscillates" : "good";
  let standardizingHelps = false;
  if (!dataset.standardized && !converges(best)) {
    const { features } = standardizeFeatures(dataset.features, dataset.n, dataset.d);
    const scaled = analyse({ ...dataset, features, standardized: true });
    standardizingHelps = converges(predictedStop(scaled.modes, scaled.fastestRate, scaled.thresholds, maxSteps));
  }
  return {
    lr,
    verdict,
    factor,
    behaviour: behaviourOf(factor),
    flatFactor,
    stiffestEigenvalue: high,
    flattestEigenvalue: low,
    conditionNumber: high / low,
    stepsToShrink1000x: worst < 1 ? Math.max(1, Math.ceil(Math.log(1000) / -Math.log(worst))) : null,
    stop,
    stableBound,
    boundRatio: lr / stableBound,
    oneStepBest: oneStepOptimalLearningRate(dataset),
    fastestRate,
    suggestion,
    suggestionStop,
    standardizingHelps,
  };
}
