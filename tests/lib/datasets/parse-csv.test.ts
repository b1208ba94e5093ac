// Good and bad CSV: every refusal names its row (the header is row 1, as in a spreadsheet) and
// column, and nothing half-parsed comes back.
import { describe, expect, it } from "vitest";
import { CSV_LIMITS, csvRecords, parseCsvDataset, utf8Bytes, type CsvProblem } from "../../../lib/datasets";

const HOUSING_HEAD = "area,rooms,age,price\n";

function problemOf(text: string): CsvProblem {
  const result = parseCsvDataset(text);
  if (result.ok) throw new Error("expected a problem, got a table");
  return result.problem;
}

function tableOf(text: string) {
  const result = parseCsvDataset(text);
  if (!result.ok) throw new Error(`expected a table, got ${JSON.stringify(result.problem)}`);
  return result.table;
}

/** `rows` data rows of `d` features and a label, with distinct values. */
function grid(rows: number, d: number): string {
  const head = [...Array.from({ length: d }, (_, j) => `f${j}`), "y"].join(",");
  const body = Array.from({ length: rows }, (_, i) => Array.from({ length: d + 1 }, (_, j) => i * 31 + j).join(","));
  return [head, ...body].join("\n");
}

describe("parseCsvDataset: good input", () => {
  it("reads names, features (row-major) and the last column as the label", () => {
    const table = tableOf(HOUSING_HEAD + "52,3,35,194.6\n68,1,12,222\n");
    expect(table.featureNames).toEqual(["area", "rooms", "age"]);
    expect(table.labelName).toBe("price");
    expect([table.n, table.d]).toEqual([2, 3]);
    expect(Array.from(table.features)).toEqual([52, 3, 35, 68, 1, 12]);
    expect(Array.from(table.labels)).toEqual([194.6, 222]);
    expect(table.constantFeatures).toEqual([]);
  });

  it("accepts quoted headers (with commas and doubled quotes), CRLF, a BOM and blank trailing lines", () => {
    const text = '\ufeff"floor area, m²","the ""rooms""",price\r\n50,2,100\r\n60,3,130\r\n\r\n,,\r\n   \n';
    const table = tableOf(text);
    expect(table.featureNames).toEqual(["floor area, m²", 'the "rooms"']);
    expect(table.n).toBe(2);
    expect(table.bytes).toBe(utf8Bytes(text));
  });

  it("cleans names (line breaks and control characters) and trims spaces around numbers", () => {
    const table = tableOf('" a\nb ",\ty\u0007 \n 1.5e3 , -.25 \n+2,3.\n');
    expect(table.featureNames).toEqual(["a b"]);
    expect(table.labelName).toBe("y");
    expect(Array.from(table.features)).toEqual([1500, 2]);
    expect(Array.from(table.labels)).toEqual([-0.25, 3]);
  });

  it("flags a constant feature (but not a single row, where every column is constant)", () => {
    expect(tableOf("a,b,y\n1,7,1\n2,7,2\n3,7,4").constantFeatures).toEqual([1]);
    expect(tableOf("a,b,y\n1,7,1").constantFeatures).toEqual([]);
  });

  it("takes exactly the limits: 1,000 rows, 20 features", () => {
    const table = tableOf(grid(CSV_LIMITS.maxRows, CSV_LIMITS.maxFeatures));
    expect([table.n, table.d]).toEqual([1000, 20]);
  });
});

describe("parseCsvDataset: bad input", () => {
  it("names the row and the column of a cell that is not a number, like the issue's example", () => {
    const rows = ["52,3,35,194", "68,1,12,222", "75,2,48,226", "83,4,5,323", "95,2,22,320"];
    const text = HOUSING_HEAD + rows.join("\n") + "\n104,abc,60,297\n";
    // The header is row 1, so the sixth data row is row 7.
    expect(problemOf(text)).toEqual({ code: "not-a-number", row: 7, column: "rooms", value: "abc" });
  });

  it.each([
    ["", { code: "empty" }],
    ["\n\n  \n", { code: "empty" }],
    ["\ufeff", { code: "empty" }],
    ["price\n1\n2\n", { code: "no-label", columns: 1 }],
    ["a;b;y\n1;2;3\n", { code: "separator", separator: ";" }],
    ["a\tb\ty\n1\t2\t3\n", { code: "separator", separator: "tab" }],
    ["a,b,y\n", { code: "no-rows" }],
    ["1,2,3\n4,5,6\n", { code: "no-header", value: "1" }],
    ["a,A,y\n1,2,3\n", { code: "duplicate-name", column: "A" }],
    ["a, b ,b\n1,2,3\n", { code: "duplicate-name", column: "b" }],
    ["a,,y\n1,2,3\n", { code: "empty-name", position: 2 }],
    [`${"n".repeat(41)},y\n1,2\n`, { code: "long-name", position: 1 }],
    ['"a,b,y\n1,2,3\n', { code: "unclosed-quote", row: 1 }],
    ['a,b,y\n1,2,3\n4,"5,6\n', { code: "unclosed-quote", row: 3 }],
    ["a,b,y\n1,2,3\n\n4,5,6\n", { code: "blank-row", row: 3 }],
    ["\na,b,y\n1,2,3\n", { code: "blank-row", row: 1 }],
    ["a,b,y\n1,2,3\n4,5\n", { code: "ragged", row: 3, found: 2, expected: 3 }],
    ["a,b,y\n1,2,3,4\n", { code: "ragged", row: 2, found: 4, expected: 3 }],
    ["a,b,y\n1,,3\n", { code: "empty-cell", row: 2, column: "b" }],
    ["a,b,y\n1,2,NaN\n", { code: "not-finite", row: 2, column: "y", value: "NaN" }],
    ["a,b,y\n1,-Infinity,2\n", { code: "not-finite", row: 2, column: "b", value: "-Infinity" }],
    ["a,b,y\n1,inf,2\n", { code: "not-finite", row: 2, column: "b", value: "inf" }],
    ["a,b,y\n1e999,1,2\n", { code: "too-big", row: 2, column: "a", value: "1e999" }],
    ["a,b,y\n1,2e12,2\n", { code: "too-big", row: 2, column: "b", value: "2e12" }],
    ["a,b,y\n0x10,1,2\n", { code: "not-a-number", row: 2, column: "a", value: "0x10" }],
    ["a,b,y\n1,2,3\n1 000,2,3\n", { code: "not-a-number", row: 3, column: "a", value: "1 000" }],
    ["a,b,y\n1,2,3\n4,5,1.5.2\n", { code: "not-a-number", row: 3, column: "y", value: "1.5.2" }],
  ] satisfies [string, CsvProblem][])("%j → %j", (text, expected) => {
    expect(problemOf(text)).toEqual(expected);
  });

  it("refuses more than 20 features and more than 1,000 rows", () => {
    expect(problemOf(grid(2, CSV_LIMITS.maxFeatures + 1))).toEqual({ code: "too-many-features", features: 21 });
    expect(problemOf(grid(CSV_LIMITS.maxRows + 1, 2))).toEqual({ code: "too-many-rows", rows: 1001 });
  });

  it("refuses more than 256 KB, counted in UTF-8 bytes", () => {
    const line = "1,2,3\n";
    const filler = line.repeat(Math.ceil(CSV_LIMITS.maxBytes / line.length));
    expect(problemOf(`a,b,y\n${filler}`)).toEqual({ code: "too-large", bytes: 6 + filler.length });
    // 100,000 "é" are 200,000 bytes; 140,000 are 280,000: over, though only 140,000 characters.
    expect(problemOf(`${"é".repeat(140_000)},y\n1,2`).code).toBe("too-large");
    expect(problemOf(`${"é".repeat(100_000)},y\n1,2`).code).toBe("long-name");
  });

  it("quotes back at most 24 characters of a bad value", () => {
    const problem = problemOf(`a,y\n${"x".repeat(60)},1\n`);
    expect(problem).toEqual({ code: "not-a-number", row: 2, column: "a", value: `${"x".repeat(24)}…` });
  });
});

describe("csvRecords and utf8Bytes", () => {
  it("counts records, not lines: a quoted line break stays in its row", () => {
    expect(csvRecords('a,"b\nc"\n1,2').records).toEqual([
      ["a", "b\nc"],
      ["1", "2"],
    ]);
  });

  it("counts UTF-8 bytes like Node's Buffer", () => {
    for (const text of ["abc", "é", "价格", "😀", "a\ud800b", ""])
      expect(utf8Bytes(text), text).toBe(Buffer.byteLength(text, "utf8"));
  });
});
