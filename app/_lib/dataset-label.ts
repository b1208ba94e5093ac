// A round's dataset in words: a built-in's translated name, or the name an instructor's dataset had
// when the round took its copy (the dataset itself may since have been renamed or deleted).
import type { DatasetSource } from "../../lib/datasets/dataset-copy";
import { isDatasetId } from "../../lib/gd";
import type { Translate } from "../../lib/i18n";

export function datasetLabel(t: Translate, source: Pick<DatasetSource, "dataset" | "datasetCopy">): string {
  if (isDatasetId(source.dataset)) return t(`dataset.${source.dataset}`);
  const copy = source.datasetCopy;
  return copy && copy.sourceId === source.dataset ? copy.name : t("dataset.custom");
}
