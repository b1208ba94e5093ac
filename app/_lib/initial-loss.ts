// Every run starts from the dataset's initial weights, so step 0's loss is the same for all and
// known without the server (which sends ticks from step 1 on).
import { getDataset, lossAt } from "../../lib/gd";
import type { RoundSettings } from "../../lib/protocol";

export function initialLoss(settings: Pick<RoundSettings, "dataset" | "standardized">): number {
  const dataset = getDataset(settings.dataset, { standardized: settings.standardized });
  return lossAt(dataset, dataset.initialWeights, dataset.initialBias);
}
