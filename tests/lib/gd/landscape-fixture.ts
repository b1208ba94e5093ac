// Reads tests/fixtures/gd/landscape.json (tests/reference/notebook_reference.py): numpy's
// eigen-quantities, plane, stops and parabola paths. Floats are Python repr strings.
import { readFileSync } from "node:fs";

export interface LandscapeVariant {
  dataset: "lesson" | "housing";
  standardized: boolean;
  eigenvalues: string[];
  stiffEigenvalue: string;
  flatEigenvalue: string;
  conditionNumber: string;
  stableBound: string;
  rates: { lr: string; factor: string; stop: { status: "converged" | "diverged"; step: number } | null }[];
  optimum?: string[];
  stiffVector?: string[];
  flatVector?: string[];
  start?: { u: string; v: string };
  planeLosses?: { u: string; v: string; loss: string }[];
  paths?: { lr: string; path: { step: number; prediction: string; loss: string }[] }[];
}

export const landscapeVariants = (
  JSON.parse(readFileSync(new URL("../../fixtures/gd/landscape.json", import.meta.url), "utf8")) as {
    variants: LandscapeVariant[];
  }
).variants;
