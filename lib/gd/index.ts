// Public API of the gradient-descent core (pure: safe to import from server and browser).

export { DATASET_IDS, getDataset, isDatasetId, standardizeFeatures } from "./datasets";
export type { Dataset, DatasetId, StandardizedFeatures } from "./datasets";
export {
  CONVERGENCE_TOLERANCE,
  DIVERGENCE_FACTOR,
  STATUS,
  STATUS_NAMES,
  classifyLoss,
  outcomeThresholds,
  statusCode,
  statusName,
} from "./outcome";
export type { OutcomeThresholds, StatusCode, StatusName } from "./outcome";
export { DEFAULT_MAX_STEPS, createLearnerBatch, learnerParameters, stepLearnerBatch, trainOne } from "./learners";
export type { LearnerBatch, TrainResult } from "./learners";
export {
  errorFactor,
  gradientAt,
  hessian,
  leastSquaresFit,
  lossAt,
  maxStableLearningRate,
  oneStepOptimalLearningRate,
  optimumLoss,
  predictions,
  symmetricEigenvalues,
} from "./analysis";
export type { LeastSquaresFit } from "./analysis";
export { solveLinearSystem } from "./linear-algebra";
export type { LinearSolution, Matrix } from "./linear-algebra";
