// Every run starts from the dataset's initial weights, so step 0's loss is the same for all and
// known without the server (which sends ticks from step 1 on).
import { hasRoundDataset, roundDataset, type DatasetSource } from "../../lib/datasets/dataset-copy";
import { lossAt } from "../../lib/gd";

export function initialLoss(source: DatasetSource): number {
  const dataset = roundDataset(source);
  return lossAt(dataset, dataset.initialWeights, dataset.initialBias);
}

/** undefined while the copy of an instructor's dataset the settings name has not come yet. */
export function initialLossIfKnown(source: DatasetSource): number | undefined {
  return hasRoundDataset(source) ? initialLoss(source) : undefined;
}
