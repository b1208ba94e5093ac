// Database rows to domain values, in one place. Columns are plain strings and numbers; a value the
// code never writes means the row was damaged or written by a newer version, so it is an error
// here rather than a wrong value further on.
import { isStatusName } from "../../lib/gd";
import { DATASET_CHOICES, type DatasetChoice, type RosterEntry, type RoundSettings } from "../../lib/protocol";
import type { StoredRunStatus } from "../../lib/protocol";

export interface SettingsColumns {
  dataset: string;
  standardized: boolean;
  maxSteps: number;
  stepsPerSecond: number;
}

export class CorruptRowError extends Error {}

export function datasetFromRow(value: string): DatasetChoice {
  const known = DATASET_CHOICES.find((choice) => choice === value);
  if (!known) throw new CorruptRowError(`unknown dataset in the database: ${JSON.stringify(value)}`);
  return known;
}

export function settingsFromRow(row: SettingsColumns): RoundSettings {
  return {
    dataset: datasetFromRow(row.dataset),
    standardized: row.standardized,
    maxSteps: row.maxSteps,
    stepsPerSecond: row.stepsPerSecond,
  };
}

export function runStatusFromRow(value: string): StoredRunStatus {
  if (value === "interrupted" || isStatusName(value)) return value;
  throw new CorruptRowError(`unknown run status in the database: ${JSON.stringify(value)}`);
}

/** A round's roster as stored (JSON): the same four fields, spelled out so the column's shape is seen here. */
export function rosterToRow(roster: readonly RosterEntry[]) {
  return roster.map(({ index, participantId, nickname, learningRate }) => ({
    index,
    participantId,
    nickname,
    learningRate,
  }));
}

/** A round's roster is stored as JSON, written only by RoundRepository.startRound. */
export function rosterFromRow(value: unknown): RosterEntry[] {
  if (!Array.isArray(value)) throw new CorruptRowError("a round's roster is not a list");
  return value as RosterEntry[];
}
