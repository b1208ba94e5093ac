// A dataset's numbers and a CSV's problems in words, in the reader's language (lib/i18n's
// `datasets.*` and `csv.*` texts). The API answers with the same texts in English.
import type { MessageKey, Translate } from "../i18n";
import { csvProblemValues, type CsvProblem } from "./csv-problems";
import type { DatasetSummary } from "./custom-dataset";

const SIGNIFICANT = 3;

/** "6.29e-5", "0.633", "1.81e5": three significant digits, exponent form outside 0.001..10,000. */
export function formatSignificant(x: number, digits = SIGNIFICANT): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs < 1e-3 || abs >= 1e4) {
    const [mantissa = "", exponent = "0"] = x.toExponential(digits - 1).split("e");
    return `${String(Number(mantissa))}e${Number(exponent)}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/**
 * The largest number of `digits` significant decimal digits not above x > 0. A stable bound is
 * rounded down, never up: "rates below 0.633 are stable" must hold for 0.633 itself.
 */
export function floorSignificant(x: number, digits = SIGNIFICANT): number {
  if (!(Number.isFinite(x) && x > 0)) return x;
  const [mantissa = "", exponent = "0"] = x.toExponential(digits + 3).split("e");
  const scaled = Number(mantissa.replace(".", "").slice(0, digits));
  // toExponential rounds its last digit: step down until the candidate is really not above x.
  for (let m = scaled; m >= 10 ** (digits - 1); m--) {
    const candidate = Number(`${m}e${Number(exponent) - digits + 1}`);
    if (candidate <= x) return candidate;
  }
  return Number(`${10 ** digits - 1}e${Number(exponent) - digits}`);
}

/** The preview's sentences: stability, the best single step, the condition number. */
export function summarySentences(t: Translate, summary: DatasetSummary): string[] {
  const { raw, standardized: std } = summary;
  const rate = (lr: number) => formatSignificant(floorSignificant(lr));
  const step = (lr: number | null) => (lr === null ? t("datasets.noStep") : formatSignificant(lr));
  const condition = (c: number | null) => (c === null ? t("datasets.infinite") : formatSignificant(c));
  return [
    t("datasets.stableSentence", { raw: rate(raw.maxStableLearningRate), std: rate(std.maxStableLearningRate) }),
    t("datasets.bestSentence", {
      raw: step(raw.oneStepOptimalLearningRate),
      std: step(std.oneStepOptimalLearningRate),
    }),
    t("datasets.conditionSentence", { raw: condition(raw.conditionNumber), std: condition(std.conditionNumber) }),
  ];
}

/** The message key of a problem: `csv.<code>`, with the separator named in its own key. */
export function csvProblemKey(problem: CsvProblem): MessageKey {
  if (problem.code === "separator")
    return problem.separator === "tab" ? "csv.separator-tab" : "csv.separator-semicolon";
  return `csv.${problem.code}`;
}

export function csvProblemText(t: Translate, problem: CsvProblem): string {
  return t(csvProblemKey(problem), csvProblemValues(problem));
}
