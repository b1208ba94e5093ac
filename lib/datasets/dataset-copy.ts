// A round's own copy of an instructor's dataset, and the one way every part of the arena turns a
// round's settings into the data it trains on: the room, crash recovery, and each page (review,
// replay, notebook, explanation) all call roundDataset, so they all see the same floats. The copy
// is taken when the settings are chosen and kept with the session and the round, so a dataset
// renamed, given a new start or deleted later changes no round that used it.
import { getDataset, isDatasetId, type Dataset } from "../gd/datasets";
import { customDataset, initialParametersProblem } from "./custom-dataset";
import { parseCsvDataset, type CsvTable } from "./parse-csv";

export interface DatasetCopy {
  /** The stored dataset's id (settings.dataset); it may since have been changed or deleted. */
  sourceId: string;
  /** Its name when the copy was taken. */
  name: string;
  /** The CSV exactly as uploaded: parsed again wherever the data is needed. */
  csv: string;
  featureNames: string[];
  labelName: string;
  initialWeights: number[];
  initialBias: number;
}

/** What names a round's data: a built-in name, or a stored dataset's id with its copy. */
export interface DatasetSource {
  dataset: string;
  standardized: boolean;
  /** Needed when `dataset` is not a built-in one; null or absent for the built-ins. */
  datasetCopy?: DatasetCopy | null;
}

/** The copy of a stored dataset (what DatasetRepository.get gives), its fields spelled out. */
export function copyOfDataset(stored: {
  id: string;
  name: string;
  csv: string;
  featureNames: string[];
  labelName: string;
  initialWeights: number[];
  initialBias: number;
}): DatasetCopy {
  return {
    sourceId: stored.id,
    name: stored.name,
    csv: stored.csv,
    featureNames: [...stored.featureNames],
    labelName: stored.labelName,
    initialWeights: [...stored.initialWeights],
    initialBias: stored.initialBias,
  };
}

const isText = (v: unknown): v is string => typeof v === "string";

/** A value of the right shape (a stored JSON column, a message): says nothing about the CSV yet. */
export function isDatasetCopy(value: unknown): value is DatasetCopy {
  if (typeof value !== "object" || value === null) return false;
  const copy = value as Record<string, unknown>;
  return (
    isText(copy.sourceId) &&
    isText(copy.name) &&
    isText(copy.csv) &&
    Array.isArray(copy.featureNames) &&
    copy.featureNames.every(isText) &&
    isText(copy.labelName) &&
    Array.isArray(copy.initialWeights) &&
    copy.initialWeights.every((w) => typeof w === "number") &&
    typeof copy.initialBias === "number"
  );
}

// Parsed once per copy object: a page draws several views of one round from the same copy.
const parsed = new WeakMap<DatasetCopy, CsvTable | string>();

/** The copy's table, or why it cannot be trained on (a damaged row, weights that do not fit). */
function tableOf(copy: DatasetCopy): CsvTable | string {
  let table = parsed.get(copy);
  if (table === undefined) {
    const result = parseCsvDataset(copy.csv);
    if (!result.ok) table = `its CSV no longer parses (${result.problem.code})`;
    else if (result.table.featureNames.join("\n") !== copy.featureNames.join("\n"))
      table = "its feature names do not match its CSV";
    else table = initialParametersProblem(result.table.d, copy.initialWeights, copy.initialBias) ?? result.table;
    parsed.set(copy, table);
  }
  return table;
}

/** Why this copy cannot be trained on, or null when it can. */
export function datasetCopyProblem(copy: DatasetCopy): string | null {
  const table = tableOf(copy);
  return typeof table === "string" ? table : null;
}

/** The copy that goes with `source.dataset`, or null (a built-in, or none given, or another dataset's). */
function matchingCopy(source: DatasetSource): DatasetCopy | null {
  const copy = source.datasetCopy ?? null;
  return copy !== null && copy.sourceId === source.dataset ? copy : null;
}

/** Whether roundDataset can answer for `source` (a page may hold settings before their copy arrives). */
export function hasRoundDataset(source: DatasetSource): boolean {
  if (isDatasetId(source.dataset)) return true;
  const copy = matchingCopy(source);
  return copy !== null && datasetCopyProblem(copy) === null;
}

/**
 * The data a round with these settings trains on (a fresh object each call: callers may change
 * it). `standardized` overrides the source's, for the "what if" views. Throws a RangeError when a
 * stored dataset's id comes without its usable copy: nothing may train on a guess.
 */
export function roundDataset(source: DatasetSource, options: { standardized?: boolean } = {}): Dataset {
  const standardized = options.standardized ?? source.standardized;
  if (isDatasetId(source.dataset)) return getDataset(source.dataset, { standardized });
  const copy = matchingCopy(source);
  if (copy === null) throw new RangeError(`no copy of dataset ${JSON.stringify(source.dataset)}`);
  const table = tableOf(copy);
  if (typeof table === "string") throw new RangeError(`dataset ${JSON.stringify(copy.name)}: ${table}`);
  return customDataset(table, {
    id: copy.sourceId,
    initial: { weights: copy.initialWeights, bias: copy.initialBias },
    standardized,
  });
}
