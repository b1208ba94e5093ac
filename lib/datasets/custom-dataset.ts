// An instructor's table as a lib/gd Dataset, and the numbers that tell how it trains: for raw
// and for standardised features, the condition number, the largest stable learning rate and the
// best single step. All of it from lib/gd's own analysis, so the preview says exactly what the
// explanation pages will say about a round on this data.
import { hessian, maxStableLearningRate, oneStepOptimalLearningRate, symmetricEigenvalues } from "../gd/analysis";
import { standardizeFeatures, type Dataset } from "../gd/datasets";
import { ZERO_EIGENVALUE } from "../gd/modes";
import type { CsvTable } from "./parse-csv";

/** The lesson's start (w = np.ones((1, 2)) / 2, b = 0), for any number of features. */
export const DEFAULT_INITIAL_WEIGHT = 0.5;
export const DEFAULT_INITIAL_BIAS = 0;
/** Largest |initial weight or bias| an instructor may set: far past any sensible start. */
export const INITIAL_PARAMETER_MAX = 1e6;

export interface InitialParameters {
  weights: number[];
  bias: number;
}

export function defaultInitialParameters(d: number): InitialParameters {
  return { weights: new Array<number>(d).fill(DEFAULT_INITIAL_WEIGHT), bias: DEFAULT_INITIAL_BIAS };
}

const usable = (v: unknown): v is number =>
  typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= INITIAL_PARAMETER_MAX;

/** Why these initial parameters do not fit a table of d features, or null when they do. */
export function initialParametersProblem(d: number, weights: unknown, bias: unknown): string | null {
  if (!Array.isArray(weights) || weights.length !== d)
    return `initialWeights needs ${d} number${d === 1 ? "" : "s"}, one per feature`;
  const bad = weights.findIndex((w) => !usable(w));
  if (bad !== -1) return `initialWeights[${bad}] must be a finite number of size at most ${INITIAL_PARAMETER_MAX}`;
  if (!usable(bias)) return `initialBias must be a finite number of size at most ${INITIAL_PARAMETER_MAX}`;
  return null;
}

/**
 * The table as lib/gd trains on it. `id` names where it came from (a stored dataset's id); the
 * features are copied, so the caller may keep or change the table.
 */
export function customDataset(
  table: CsvTable,
  options: { id: string; initial?: InitialParameters; standardized?: boolean },
): Dataset {
  const initial = options.initial ?? defaultInitialParameters(table.d);
  if (initialParametersProblem(table.d, initial.weights, initial.bias) !== null)
    throw new RangeError("initial parameters do not fit the table");
  const standardized = options.standardized === true;
  return {
    id: options.id,
    n: table.n,
    d: table.d,
    features: standardized ? standardizeFeatures(table.features, table.n, table.d).features : table.features.slice(),
    labels: table.labels.slice(),
    initialWeights: Float64Array.from(initial.weights),
    initialBias: initial.bias,
    featureNames: [...table.featureNames],
    standardized,
  };
}

export interface ScalingSummary {
  /** lambda_max / lambda_min of the Hessian; null when it is singular (a flat direction: infinite). */
  conditionNumber: number | null;
  /** 2 / lambda_max: plain descent diverges at and above it. */
  maxStableLearningRate: number;
  /** The rate that minimises the loss after one step from the initial parameters; null at the optimum. */
  oneStepOptimalLearningRate: number | null;
}

export interface DatasetSummary {
  rows: number;
  features: number;
  raw: ScalingSummary;
  standardized: ScalingSummary;
}

export function scalingSummary(dataset: Dataset): ScalingSummary {
  const eigenvalues = symmetricEigenvalues(hessian(dataset));
  const largest = eigenvalues[eigenvalues.length - 1]!;
  const smallest = eigenvalues[0]!;
  // The same cut-off as lib/gd/modes.ts: below it an eigenvalue is rounding noise of a zero.
  const singular = !(smallest > ZERO_EIGENVALUE * largest);
  return {
    conditionNumber: singular ? null : largest / smallest,
    maxStableLearningRate: maxStableLearningRate(dataset),
    oneStepOptimalLearningRate: oneStepOptimalLearningRate(dataset),
  };
}

export function summarizeTable(table: CsvTable, initial?: InitialParameters): DatasetSummary {
  const dataset = (standardized: boolean) => customDataset(table, { id: "preview", initial, standardized });
  return {
    rows: table.n,
    features: table.d,
    raw: scalingSummary(dataset(false)),
    standardized: scalingSummary(dataset(true)),
  };
}
