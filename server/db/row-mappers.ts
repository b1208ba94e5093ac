// Database rows to domain values, in one place. Columns are plain strings and numbers; a value the
// code never writes means the row was damaged or written by a newer version, so it is an error
// here rather than a wrong value further on.
import { isDatasetCopy, type DatasetCopy } from "../../lib/datasets/dataset-copy";
import { isOptimizerId, isStatusName, isValidMomentum } from "../../lib/gd";
import {
  DATASET_CHOICES,
  OPTIMIZER_IDS,
  type OptimizerId,
  type RosterEntry,
  type RoundSettings,
} from "../../lib/protocol";
import type { StoredRunStatus } from "../../lib/protocol";
import { Prisma } from "./generated/client";

export interface SettingsColumns {
  dataset: string;
  standardized: boolean;
  maxSteps: number;
  stepsPerSecond: number;
  /** JSON: a list of optimizer ids. */
  optimizers: unknown;
  /** JSON: the copy of an instructor's dataset (DatasetCopy) when `dataset` is its id, else null. */
  datasetCopy: unknown;
}

export class CorruptRowError extends Error {}

/** A built-in's name, or an instructor's dataset id: only with its copy (the row alone must be trainable). */
export function datasetFromRow(value: string, copy: DatasetCopy | null = null): string {
  const known = DATASET_CHOICES.find((choice) => choice === value) ?? (copy?.sourceId === value ? value : undefined);
  if (!known) throw new CorruptRowError(`unknown dataset in the database: ${JSON.stringify(value)}`);
  return known;
}

/** The copy as its JSON column (spelled out, so the column's shape is seen here); no copy: SQL NULL. */
export function datasetCopyToRow(copy: DatasetCopy | null | undefined) {
  if (!copy) return Prisma.DbNull;
  const { sourceId, name, csv, featureNames, labelName, initialWeights, initialBias } = copy;
  return { sourceId, name, csv, featureNames, labelName, initialWeights, initialBias };
}

/** A session's or round's copy of an instructor's dataset (null: a built-in). */
export function datasetCopyFromRow(value: unknown): DatasetCopy | null {
  if (value === null || value === undefined) return null;
  if (!isDatasetCopy(value)) throw new CorruptRowError("a dataset copy in the database has the wrong shape");
  return value;
}

export function settingsFromRow(row: SettingsColumns): RoundSettings {
  return {
    dataset: datasetFromRow(row.dataset, datasetCopyFromRow(row.datasetCopy)),
    standardized: row.standardized,
    maxSteps: row.maxSteps,
    stepsPerSecond: row.stepsPerSecond,
    optimizers: optimizersFromRow(row.optimizers),
  };
}

export function optimizerFromRow(value: unknown): OptimizerId {
  if (isOptimizerId(value)) return value;
  throw new CorruptRowError(`unknown optimizer in the database: ${JSON.stringify(value)}`);
}

/** A round's (or a session's default) allowed optimisers, in OPTIMIZER_IDS order. */
export function optimizersFromRow(value: unknown): OptimizerId[] {
  if (!Array.isArray(value) || value.length === 0) throw new CorruptRowError("a round's optimizers are not a list");
  const list = value.map(optimizerFromRow);
  return OPTIMIZER_IDS.filter((id) => list.includes(id));
}

/** beta of a "momentum" run (null for the others); a stored value outside [0, 1) is damage. */
export function momentumFromRow(optimizer: OptimizerId, value: number | null): number | null {
  if (optimizer !== "momentum") return null;
  if (isValidMomentum(value)) return value;
  throw new CorruptRowError(`a momentum run without a valid beta: ${JSON.stringify(value)}`);
}

export function runStatusFromRow(value: string): StoredRunStatus {
  if (value === "interrupted" || isStatusName(value)) return value;
  throw new CorruptRowError(`unknown run status in the database: ${JSON.stringify(value)}`);
}

/** A round's roster as stored (JSON): the same six fields, spelled out so the column's shape is seen here. */
export function rosterToRow(roster: readonly RosterEntry[]) {
  return roster.map(({ index, participantId, nickname, learningRate, optimizer, momentum }) => ({
    index,
    participantId,
    nickname,
    learningRate,
    optimizer,
    momentum,
  }));
}

/**
 * A round's roster is stored as JSON, written only by RoundRepository.startRound. Rosters stored
 * before optimisers existed have no `optimizer`: they were plain descent.
 */
export function rosterFromRow(value: unknown): RosterEntry[] {
  if (!Array.isArray(value)) throw new CorruptRowError("a round's roster is not a list");
  return (value as Array<Omit<RosterEntry, "optimizer" | "momentum"> & Partial<RosterEntry>>).map((entry) => {
    const optimizer = optimizerFromRow(entry.optimizer ?? "gd");
    return { ...entry, optimizer, momentum: momentumFromRow(optimizer, entry.momentum ?? null) };
  });
}
