// The loss chart's axes for a live round, known before its first tick: steps up to the round's
// budget, losses from the optimum (or, when that is 0, a decade under the convergence test) up to
// the divergence limit. Only a diverged run's last loss goes past it, and then the axis grows once.
import { roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import { lossAt, optimumLoss, outcomeThresholds } from "../../../lib/gd";
import type { AxisHint } from "./chart-geometry";

export function lossAxisHint(settings: DatasetSource & { maxSteps: number }): AxisHint {
  let dataset;
  try {
    dataset = roundDataset(settings);
  } catch {
    // Data the page cannot rebuild (a copy not received yet): the axes then follow the losses.
    return { maxStep: settings.maxSteps };
  }
  const start = lossAt(dataset, dataset.initialWeights, dataset.initialBias);
  const thresholds = outcomeThresholds(start, optimumLoss(dataset));
  return {
    maxStep: settings.maxSteps,
    lossLow: thresholds.optimumLoss > 0 ? thresholds.optimumLoss : thresholds.convergenceSlack / 10,
    lossHigh: thresholds.divergenceLimit,
  };
}
