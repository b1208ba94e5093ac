// The preview's numbers in words, in both languages, and every CSV problem's message.
import { describe, expect, it } from "vitest";
import {
  csvProblemKey,
  csvProblemText,
  floorSignificant,
  formatSignificant,
  parseCsvDataset,
  summarizeTable,
  summarySentences,
  type CsvProblem,
  type CsvProblemCode,
} from "../../../lib/datasets";
import { translator } from "../../../lib/i18n";
import { en } from "../../../lib/i18n/messages-en";
import { zh } from "../../../lib/i18n/messages-zh";
import { HOUSING_CSV } from "../../helpers/dataset-fixtures";

const tEn = translator(en, "en");
const tZh = translator(zh, "zh-CN");

function housingSummary() {
  const parsed = parseCsvDataset(HOUSING_CSV);
  if (!parsed.ok) throw new Error("housing did not parse");
  return summarizeTable(parsed.table);
}

describe("number formatting", () => {
  it("prints three significant digits, exponent form outside 0.001..10,000", () => {
    expect(formatSignificant(6.291865678015145e-5)).toBe("6.29e-5");
    expect(formatSignificant(0.6331943871781226)).toBe("0.633");
    expect(formatSignificant(180704.79982849237)).toBe("1.81e5");
    expect(formatSignificant(3.014681323379113)).toBe("3.01");
    expect(formatSignificant(1e-5)).toBe("1e-5");
    expect(formatSignificant(1234)).toBe("1230");
    expect(formatSignificant(0)).toBe("0");
  });

  it("rounds a bound down, never up", () => {
    expect(floorSignificant(0.6339)).toBe(0.633);
    expect(floorSignificant(6.2999999e-5)).toBe(6.29e-5);
    expect(floorSignificant(0.9999999999999)).toBe(0.999);
    expect(floorSignificant(0.25)).toBe(0.25);
    expect(floorSignificant(1000)).toBe(1000);
    for (const x of [1e-9, 3.3333e-3, 0.7071067811865476, 2.5e7, 123.456])
      expect(floorSignificant(x)).toBeLessThanOrEqual(x);
  });
});

describe("summarySentences", () => {
  it("says the issue's sentence for the housing data", () => {
    const [stable, best, condition] = summarySentences(tEn, housingSummary());
    expect(stable).toBe("With raw features only rates below 6.29e-5 are stable; standardised, up to 0.633.");
    expect(best).toBe(
      "The best single step from the initial weights: lr = 3.15e-5 on raw features, 0.485 standardised.",
    );
    expect(condition).toBe("Condition number: 1.81e5 with raw features, 3.01 standardised.");
  });

  it("says it in Chinese with the same numbers", () => {
    const [stable] = summarySentences(tZh, housingSummary());
    expect(stable).toBe("使用原始特征时，只有低于 6.29e-5 的学习率是稳定的；标准化后，可达 0.633。");
  });

  it("calls a singular Hessian's condition number infinite and a zero gradient no step", () => {
    const summary = housingSummary();
    const flat = {
      ...summary,
      raw: { ...summary.raw, conditionNumber: null, oneStepOptimalLearningRate: null },
    };
    const [, best, condition] = summarySentences(tEn, flat);
    expect(condition).toBe(
      "Condition number: infinite (the loss has a flat direction) with raw features, 3.01 standardised.",
    );
    expect(best).toContain("lr = none (the start is already the best fit) on raw features");
  });
});

describe("csvProblemText", () => {
  it("matches the issue's example", () => {
    const problem: CsvProblem = { code: "not-a-number", row: 7, column: "rooms", value: "abc" };
    expect(csvProblemText(tEn, problem)).toBe("row 7, column 'rooms': 'abc' is not a number");
    expect(csvProblemText(tZh, problem)).toBe("第 7 行，“rooms”列：“abc”不是数字");
  });

  it("fills every placeholder of every problem in both languages", () => {
    const examples: Record<CsvProblemCode, CsvProblem[]> = {
      empty: [{ code: "empty" }],
      "too-large": [{ code: "too-large", bytes: 300_000 }],
      separator: [
        { code: "separator", separator: ";" },
        { code: "separator", separator: "tab" },
      ],
      "unclosed-quote": [{ code: "unclosed-quote", row: 3 }],
      "no-label": [{ code: "no-label", columns: 1 }],
      "too-many-features": [{ code: "too-many-features", features: 25 }],
      "empty-name": [{ code: "empty-name", position: 2 }],
      "long-name": [{ code: "long-name", position: 2 }],
      "duplicate-name": [{ code: "duplicate-name", column: "a" }],
      "no-header": [{ code: "no-header", value: "1" }],
      "no-rows": [{ code: "no-rows" }],
      "too-many-rows": [{ code: "too-many-rows", rows: 1200 }],
      "blank-row": [{ code: "blank-row", row: 4 }],
      ragged: [
        { code: "ragged", row: 4, found: 1, expected: 3 },
        { code: "ragged", row: 4, found: 2, expected: 3 },
      ],
      "empty-cell": [{ code: "empty-cell", row: 4, column: "a" }],
      "not-a-number": [{ code: "not-a-number", row: 4, column: "a", value: "x" }],
      "not-finite": [{ code: "not-finite", row: 4, column: "a", value: "NaN" }],
      "too-big": [{ code: "too-big", row: 4, column: "a", value: "1e99" }],
    };
    for (const problem of Object.values(examples).flat()) {
      for (const t of [tEn, tZh]) {
        const text = csvProblemText(t, problem);
        expect(text, csvProblemKey(problem)).not.toMatch(/\{\w+\}/);
        expect(text).not.toBe(csvProblemKey(problem));
      }
    }
    expect(csvProblemText(tEn, { code: "too-large", bytes: 300_000 })).toBe(
      "The CSV is 293 KB; at most 256 KB is accepted.",
    );
    expect(csvProblemText(tEn, { code: "ragged", row: 4, found: 1, expected: 3 })).toBe(
      "row 4 has 1 value, but the header names 3 columns",
    );
    expect(csvProblemText(tEn, { code: "too-big", row: 4, column: "a", value: "1e99" })).toContain("at most 1e12");
  });
});
