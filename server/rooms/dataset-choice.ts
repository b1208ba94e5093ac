// Settings that name an instructor's own dataset: checked and copied when they are chosen (a new
// session, host:newRound). Only the session owner's datasets can be chosen, whoever hosts (an admin
// hosting someone's session picks from that instructor's data); another instructor's dataset gets
// the same answer as one that does not exist. The copy is what the rounds then train on.
import { copyOfDataset, datasetCopyProblem, type DatasetCopy } from "../../lib/datasets/dataset-copy";
import { isDatasetId } from "../../lib/gd";
import type { DatasetRepository } from "../db/dataset-repo";

export type DatasetLookup = Pick<DatasetRepository, "get">;

export type DatasetChoiceResult =
  { ok: true; copy: DatasetCopy | null } | { ok: false; code: "INVALID_DATASET"; message: string };

/**
 * The copy for settings naming `dataset` in a session owned by `ownerId`: null for a built-in. With
 * no owner (a session from before accounts) or no lookup, only the built-ins can be chosen.
 */
export async function chooseDataset(
  lookup: DatasetLookup | undefined,
  ownerId: string | null | undefined,
  dataset: string,
): Promise<DatasetChoiceResult> {
  if (isDatasetId(dataset)) return { ok: true, copy: null };
  const stored = lookup && ownerId ? await lookup.get(ownerId, dataset) : null;
  if (!stored)
    return {
      ok: false,
      code: "INVALID_DATASET",
      message: "This session's instructor has no dataset with that id (it may have been deleted).",
    };
  const copy = copyOfDataset(stored);
  const problem = datasetCopyProblem(copy);
  if (problem !== null)
    return { ok: false, code: "INVALID_DATASET", message: `"${copy.name}" cannot be used: ${problem}.` };
  return { ok: true, copy };
}

/**
 * The copy host:newRound's `dataset` (undefined: unchanged) gives a room: an instructor's dataset is
 * looked up and copied again (so a new start set since is used); one that is not the session owner's
 * is INVALID_DATASET and the room stays as it was. The dataset the room already holds a copy of,
 * deleted since, goes on with that copy.
 */
export async function datasetForNewRound(
  lookup: DatasetLookup | undefined,
  room: { init: { ownerId?: string | null }; datasetCopy: DatasetCopy | null },
  dataset: string | undefined,
): Promise<DatasetChoiceResult> {
  if (dataset === undefined) return { ok: true, copy: null };
  const chosen = await chooseDataset(lookup, room.init.ownerId, dataset);
  if (chosen.ok || room.datasetCopy?.sourceId !== dataset) return chosen;
  return { ok: true, copy: room.datasetCopy };
}
