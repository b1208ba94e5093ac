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
export {
  DEFAULT_MAX_STEPS,
  createLearnerBatch,
  learnerOptimizer,
  learnerParameters,
  stepLearnerBatch,
} from "./learners";
export type { LearnerBatch, LearnerBatchOptions } from "./learners";
export { trainOne } from "./train-one";
export type { TrainResult } from "./train-one";
export {
  ADAM,
  DEFAULT_MOMENTUM,
  DEFAULT_OPTIMIZER,
  OPTIMIZER,
  OPTIMIZER_IDS,
  isOptimizerId,
  isValidMomentum,
  optimizerCode,
  optimizerId,
} from "./optimizers";
export type { OptimizerChoice, OptimizerCode, OptimizerId } from "./optimizers";
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
export type {
  AdamCells,
  MomentumCells,
  OptimizerCells,
  PrintedOptimizerCells,
  PrintedParameters,
} from "./notebook-optimizer";
export { RATE_VERDICTS, explainRate, roundDown2 } from "./explain-rate";
export type { DirectionBehaviour, ExplainOptions, RateExplanation, RateVerdict } from "./explain-rate";
export { adamFirstStep, momentumDirection, momentumStableBound } from "./optimizer-bounds";
export { explainOptimizer } from "./explain-optimizer";
export type { AdamExplanation, MomentumExplanation, OptimizerExplanation } from "./explain-optimizer";
export type { AdamFirstStep, MomentumDirection, MomentumRegime } from "./optimizer-bounds";
export { ZERO_EIGENVALUE, lossModes, predictedStop } from "./modes";
export type { LossModes } from "./modes";
export {
  batchPredictions,
  contourEllipse,
  errorSign,
  parabolaLandscape,
  parabolaPoint,
  parabolaPointAt,
  predictionFromLoss,
  projectBatch,
  projectParameters,
  valleyPlane,
} from "./landscape";
export type { ParabolaLandscape, ParabolaPoint, ValleyOptions, ValleyPlane } from "./landscape";
