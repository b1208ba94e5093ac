import { describe, expect, it } from "vitest";
import { notebookCells, notebookInputs } from "../../../../app/_components/lesson/notebook-cells";
import { getDataset, notebookStep, printNotebookStep, type OptimizerChoice } from "../../../../lib/gd";
import { translator } from "../../../../lib/i18n";
import { en } from "../../../../lib/i18n/messages-en";
import { zh } from "../../../../lib/i18n/messages-zh";

const t = translator(en, "en");

function cellsOf(lr: number, choice?: OptimizerChoice, dataset = getDataset("lesson")) {
  const values = notebookStep(dataset, lr, 0, choice);
  const printed = printNotebookStep(dataset, values);
  return { cells: notebookCells(printed, values, t), inputs: notebookInputs(printed, lr, dataset.n === 1) };
}
const outLines = (cells: ReturnType<typeof cellsOf>["cells"]) =>
  cells.flatMap((c) => c.lines.filter((l) => l.out).map((l) => l.text));

describe("the notebook card's cells", () => {
  it("plain descent: the lesson's six lines and update, no state", () => {
    const { cells, inputs } = cellsOf(1);
    expect(outLines(cells)).toEqual([
      "prediction: [43.05]",
      "loss: 14871.802500000002",
      "delta: [-243.9]",
      "weight: [[ 6854.09 14146.7 ]]",
      "bias: [243.9]",
      "loss: 1026548766283.6302",
    ]);
    expect(cells.map((c) => c.formula)).toContain("w ← w − lr · δ · x,  b ← b − lr · δ");
    expect(inputs).toEqual(["x: [28.1 58. ]", "w: [[0.5 0.5]]", "b: [0.]", "lr: 1.0"]);
  });

  it("momentum: g, the velocity cell and θ ← θ − lr · v", () => {
    const { cells, inputs } = cellsOf(1e-4, { optimizer: "momentum", momentum: 0.9 });
    const velocity = cells.find((c) => c.formula === "v ← β · v + g")!;
    expect(velocity.title).toBe("momentum: the velocity v");
    expect(velocity.lines.map((l) => l.text)).toEqual(["v_w: [[ -6853.59 -14146.2 ]]", "v_b: [-243.9]"]);
    expect(cells.map((c) => c.title)).toContain("the gradient g of each parameter");
    expect(cells.at(-2)!.formula).toBe("θ ← θ − lr · v");
    expect(inputs.slice(4)).toEqual(["beta: 0.9", "v_w: [[0. 0.]]", "v_b: [0.]"]);
  });

  it("Adam: m, v, the bias correction and its own update, never plain descent's numbers", () => {
    const { cells, inputs } = cellsOf(1, { optimizer: "adam" });
    expect(cells.map((c) => c.formula)).toEqual([
      "p = x · wᵀ + b",
      "L = mean((y − p)²)",
      "δ = −2 · (y − p)",
      "dL/dw = δ · x,  dL/db = δ",
      "m ← β1 · m + (1 − β1) · g",
      "v ← β2 · v + (1 − β2) · g²",
      "m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)",
      "θ ← θ − lr · m̂ / (√v̂ + ε)",
      "L = mean((y − p)²)",
    ]);
    expect(cells[6]!.title).toBe("Adam: bias correction at t = 1");
    expect(outLines(cells)).toContain("weight: [[1.5 1.5]]");
    expect(outLines(cells).join("\n")).not.toContain("6854.09");
    expect(inputs.slice(4)).toEqual(
      ["beta1: 0.9", "beta2: 0.999", "eps: 1e-08", "t: 1", "m_w: [[0. 0.]]"].concat([
        "m_b: [0.]",
        "v_w: [[0. 0.]]",
        "v_b: [0.]",
      ]),
    );
  });

  it("several samples: the state lines carry the parameters' shapes", () => {
    const { cells } = cellsOf(1e-5, { optimizer: "momentum", momentum: 0.9 }, getDataset("housing"));
    const velocity = cells.find((c) => c.formula === "v ← β · v + g")!;
    expect(velocity.lines.map((l) => l.shape)).toEqual(["shape (1, 3)", "shape (1,)"]);
  });

  it("has every new label in Chinese too", () => {
    for (const key of ["gradientParams", "velocity", "firstMoment", "secondMoment", "biasCorrection"] as const)
      expect(zh[`notebook.${key}`]).toMatch(/[\u4e00-\u9fff]/);
  });
});
