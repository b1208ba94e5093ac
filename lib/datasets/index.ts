// Public API of an instructor's own datasets (pure: parsing, the lib/gd Dataset, the numbers in words).

export { CSV_LIMITS, csvProblemValues, quoteBack } from "./csv-problems";
export type { CsvProblem, CsvProblemCode } from "./csv-problems";
export { csvRecords, utf8Bytes } from "./csv-records";
export { parseCsvDataset } from "./parse-csv";
export type { CsvParseResult, CsvTable } from "./parse-csv";
export {
  DEFAULT_INITIAL_BIAS,
  DEFAULT_INITIAL_WEIGHT,
  INITIAL_PARAMETER_MAX,
  customDataset,
  defaultInitialParameters,
  initialParametersProblem,
  scalingSummary,
  summarizeTable,
} from "./custom-dataset";
export type { DatasetSummary, InitialParameters, ScalingSummary } from "./custom-dataset";
export { csvProblemKey, csvProblemText, floorSignificant, formatSignificant, summarySentences } from "./dataset-text";
export { copyOfDataset, datasetCopyProblem, hasRoundDataset, isDatasetCopy, roundDataset } from "./dataset-copy";
export type { DatasetCopy, DatasetSource } from "./dataset-copy";
