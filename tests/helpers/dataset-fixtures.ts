// An instructor's dataset for tests of rounds on one (tests/reference/custom_round_reference.py):
// the CSV as uploaded, its own start, and numpy's series for a few runs on it, raw and standardised.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { copyOfDataset, type DatasetCopy } from "../../lib/datasets";
import type { OptimizerId } from "../../lib/protocol";

export interface CustomRoundRun {
  optimizer: OptimizerId;
  lr: number;
  momentum: number | null;
  status: "converged" | "diverged" | "max_steps";
  /** Loss after t updates; null where numpy's loss stopped being finite. */
  losses: (number | null)[];
}

export interface CustomRoundFixture {
  name: string;
  csv: string;
  featureNames: string[];
  labelName: string;
  initialWeights: number[];
  initialBias: number;
  /** Updates each run had at most (the round's maxSteps). */
  steps: number;
  variants: Array<{
    standardized: boolean;
    maxStableLearningRate: number;
    optimumLoss: number;
    runs: CustomRoundRun[];
  }>;
}

const FILE = fileURLToPath(new URL("../fixtures/datasets/custom-round.json", import.meta.url));

export const customRound = JSON.parse(readFileSync(FILE, "utf8")) as CustomRoundFixture;

/** The copy a round takes of the fixture's dataset stored under `id`. */
export function customCopy(id: string, overrides: Partial<DatasetCopy> = {}): DatasetCopy {
  return { ...copyOfDataset({ id, ...customRound }), ...overrides };
}

export const CUSTOM_ID = "5b0c8a7e-2f4d-4e61-9c3a-7d8e9f0a1b2c";

/** The built-in housing data as an instructor would upload it (header row, then numbers; price is the label). */
export const HOUSING_CSV = [
  "area_m2,rooms,age_years,price",
  "52,3,35,194.6",
  "68,1,12,222.0",
  "75,2,48,226.4",
  "83,4,5,323.4",
  "95,2,22,320.6",
  "104,3,60,297.2",
  "118,1,15,369.4",
  "127,5,40,410.6",
  "140,2,8,460.4",
  "155,4,30,503.0",
  "172,3,18,541.0",
  "196,4,50,589.8",
].join("\n");
