// Everything that can be wrong with an instructor's CSV, as data: the pages translate it
// (csvProblemText) and the API answers it in English. Rows count the way a spreadsheet shows
// them: the header is row 1, the first data row is row 2.

export const CSV_LIMITS = {
  /** Of the UTF-8 text, a byte order mark included. */
  maxBytes: 256 * 1024,
  maxRows: 1_000,
  maxFeatures: 20,
  /** Code points of a column name, after cleaning. */
  maxNameLength: 40,
  /**
   * Largest |value|: squared and summed over 1,000 rows the Hessian stays near 1e27 and every
   * loss at the lesson's start finite, so the analysis never meets an overflow.
   */
  maxAbsValue: 1e12,
} as const;

export type CsvProblem =
  | { code: "empty" }
  | { code: "too-large"; bytes: number }
  | { code: "separator"; separator: ";" | "tab" }
  | { code: "unclosed-quote"; row: number }
  | { code: "no-label"; columns: number }
  | { code: "too-many-features"; features: number }
  | { code: "empty-name"; position: number }
  | { code: "long-name"; position: number }
  | { code: "duplicate-name"; column: string }
  | { code: "no-header"; value: string }
  | { code: "no-rows" }
  | { code: "too-many-rows"; rows: number }
  | { code: "blank-row"; row: number }
  | { code: "ragged"; row: number; found: number; expected: number }
  | { code: "empty-cell"; row: number; column: string }
  | { code: "not-a-number"; row: number; column: string; value: string }
  | { code: "not-finite"; row: number; column: string; value: string }
  | { code: "too-big"; row: number; column: string; value: string };

export type CsvProblemCode = CsvProblem["code"];

/** A cell or name as quoted back in a message: at most 24 characters, so a message stays one line. */
export function quoteBack(text: string): string {
  const chars = [...text];
  return chars.length > 24 ? `${chars.slice(0, 24).join("")}…` : text;
}

/** The values a problem's message fills in (`{row}`, `{column}`, ...), limits included. */
export function csvProblemValues(problem: CsvProblem): Record<string, string | number> {
  const { code: _code, ...values } = problem;
  return {
    ...values,
    maxKb: CSV_LIMITS.maxBytes / 1024,
    maxRows: CSV_LIMITS.maxRows,
    maxFeatures: CSV_LIMITS.maxFeatures,
    maxName: CSV_LIMITS.maxNameLength,
    maxValue: CSV_LIMITS.maxAbsValue.toExponential().replace("+", ""),
    ...("bytes" in problem ? { kb: Math.ceil(problem.bytes / 1024) } : {}),
    // A plural message picks its form by `count` (lib/i18n): "1 value", "3 values".
    ...("found" in problem ? { count: problem.found } : {}),
  };
}
