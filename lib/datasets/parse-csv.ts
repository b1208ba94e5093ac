// An instructor's CSV → a numeric table: a header row of names, then numbers only; the last
// column is the label, the others are features. Everything wrong is reported as the first
// problem found (one thing to fix at a time), with the row and column it is in.
import { cleanText, textLength } from "../input-rules";
import { csvRecords, utf8Bytes } from "./csv-records";
import { CSV_LIMITS, quoteBack, type CsvProblem } from "./csv-problems";

export interface CsvTable {
  featureNames: string[];
  labelName: string;
  /** Data rows (samples). */
  n: number;
  /** Features (columns before the label). */
  d: number;
  /** n*d, row-major, like lib/gd's Dataset.features. */
  features: Float64Array;
  labels: Float64Array;
  /** Indexes of features with one value in every row: they make the Hessian singular. */
  constantFeatures: number[];
  /** UTF-8 size of the text as given. */
  bytes: number;
}

export type CsvParseResult = { ok: true; table: CsvTable } | { ok: false; problem: CsvProblem };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const BOM = "\ufeff";

type Cell = { value: number } | { problem: CsvProblem };

function parseCell(raw: string, row: number, column: string): Cell {
  const text = raw.trim();
  if (text === "") return { problem: { code: "empty-cell", row, column } };
  const value = quoteBack(text);
  if (NON_FINITE.test(text)) return { problem: { code: "not-finite", row, column, value } };
  if (!DECIMAL.test(text)) return { problem: { code: "not-a-number", row, column, value } };
  const number = Number(text);
  if (!(Math.abs(number) <= CSV_LIMITS.maxAbsValue)) return { problem: { code: "too-big", row, column, value } };
  return { value: number };
}

const isBlank = (record: readonly string[]) => record.every((field) => field.trim() === "");
const isNumber = (text: string) => DECIMAL.test(text.trim());

/** The header's problem, or null when its names are usable. */
function headerProblem(header: readonly string[], raw: readonly string[], firstLine: string): CsvProblem | null {
  if (header.length < 2) {
    // "a;b;c" is one column to a comma parser: say which separator was used instead.
    if (firstLine.includes(";")) return { code: "separator", separator: ";" };
    if (firstLine.includes("\t")) return { code: "separator", separator: "tab" };
    return { code: "no-label", columns: header.length };
  }
  if (header.length - 1 > CSV_LIMITS.maxFeatures) return { code: "too-many-features", features: header.length - 1 };
  if (raw.every(isNumber)) return { code: "no-header", value: quoteBack(raw[0]!.trim()) };
  const seen = new Set<string>();
  for (const [j, name] of header.entries()) {
    if (name === "") return { code: "empty-name", position: j + 1 };
    if (textLength(name) > CSV_LIMITS.maxNameLength) return { code: "long-name", position: j + 1 };
    // Case-insensitive, as nicknames are: "Rooms" and "rooms" would read as one column on a chart.
    const key = name.toLowerCase();
    if (seen.has(key)) return { code: "duplicate-name", column: quoteBack(name) };
    seen.add(key);
  }
  return null;
}

export function parseCsvDataset(input: string): CsvParseResult {
  const fail = (problem: CsvProblem): CsvParseResult => ({ ok: false, problem });
  const bytes = utf8Bytes(input);
  if (bytes > CSV_LIMITS.maxBytes) return fail({ code: "too-large", bytes });
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const { records, unclosedQuoteRow } = csvRecords(text);
  if (unclosedQuoteRow !== null) return fail({ code: "unclosed-quote", row: unclosedQuoteRow });
  // Blank lines (or ",,," lines a spreadsheet leaves) at the end are not rows; blank lines at the
  // start are not a header.
  let end = records.length;
  while (end > 0 && isBlank(records[end - 1]!)) end--;
  if (end === 0) return fail({ code: "empty" });
  if (isBlank(records[0]!)) return fail({ code: "blank-row", row: 1 });
  const raw = records[0]!;
  const header = raw.map(cleanText);
  const problem = headerProblem(header, raw, /^[^\r\n]*/.exec(text)![0]);
  if (problem) return fail(problem);
  const n = end - 1;
  if (n === 0) return fail({ code: "no-rows" });
  if (n > CSV_LIMITS.maxRows) return fail({ code: "too-many-rows", rows: n });
  const d = header.length - 1;
  const features = new Float64Array(n * d);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const record = records[i + 1]!;
    const row = i + 2; // the header is row 1
    if (isBlank(record)) return fail({ code: "blank-row", row });
    if (record.length !== header.length)
      return fail({ code: "ragged", row, found: record.length, expected: header.length });
    for (let j = 0; j <= d; j++) {
      const cell = parseCell(record[j]!, row, quoteBack(header[j]!));
      if ("problem" in cell) return fail(cell.problem);
      if (j < d) features[i * d + j] = cell.value;
      else labels[i] = cell.value;
    }
  }
  const constantFeatures: number[] = [];
  for (let j = 0; j < d; j++) {
    let constant = true;
    for (let i = 1; i < n && constant; i++) constant = features[i * d + j] === features[j];
    if (constant && n > 1) constantFeatures.push(j);
  }
  return {
    ok: true,
    table: { featureNames: header.slice(0, d), labelName: header[d]!, n, d, features, labels, constantFeatures, bytes },
  };
}
