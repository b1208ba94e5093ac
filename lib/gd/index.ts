// Public API of the gradient-descent core (pure: safe to import from server and browser).

export { DATASET_IDS, getDataset, isDatasetId, standardizeFeatures } from "./datasets";
export type { Dataset, DatasetId, StandardizedFeatures } from "./datasets";
export {
  CONVERGENCE_TOLERANCE,
  DIVERGENCE_FACTOR,
  STATUS,
  STATUS_NAMES,
  classifyLoss,
  isStatusName,
  outcomeThresholds,
  statusAt,
  statusCode,
  statusName,
} from "./outcome";
export type { FinalStatusName, OutcomeThresholds, StatusCode, StatusName } from "./outcome";
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
export { symmetricEigen } from "./linear-algebra";
export { notebookStep, printNotebookStep } from "./notebook";
export type { NotebookPrinted, NotebookStep } from "./notebook";
export { RATE_VERDICTS, explainRate, roundDown2 } from "./explain-rate";
export type { DirectionBehaviour, ExplainOptions, RateExplanation, RateVerdict } from "./explain-rate";
export { ZERO_EIGENVALUE, lossModes, predictedStop } from "./modes";
export type { LossModes } from "./modes";
export {
  contourEllipse,
  errorSign,
  parabolaLandscape,
  parabolaPoint,
  predictionFromLoss,
  projectBatch,
  projectParameters,
  valleyPlane,
} from "./landscape";
export type { ParabolaLandscape, ParabolaPoint, ValleyOptions, ValleyPlane } from "./landscape";
