// The notebook card's cells, each with its formula beside the printed values: the lesson's cells
// for plain descent (unchanged), and for momentum and Adam the gradient g they update with, their
// state cells and their own update. Pure: the card renders what this returns.
import { pythonFloatRepr } from "../../../lib/format";
import type { NotebookPrinted, NotebookStep, PrintedParameters } from "../../../lib/gd";
import type { Translate } from "../../../lib/i18n";

export interface NotebookCell {
  title: string;
  formula: string;
  lines: { text: string; shape?: string; out?: boolean }[];
}

/** The inputs box: the data, the parameters at step k and, for momentum and Adam, their state. */
export function notebookInputs(p: NotebookPrinted, lr: number, single: boolean): string[] {
  const lines = [
    `${single ? "x" : "X"}: ${p.features}`,
    `w: ${p.weight}`,
    `b: ${p.bias}`,
    `lr: ${pythonFloatRepr(lr)}`,
  ];
  const o = p.optimizer;
  if (o.optimizer === "momentum") lines.push(`beta: ${o.beta}`, ...pair("v", o.velocity));
  if (o.optimizer === "adam")
    lines.push(
      `beta1: ${o.beta1}`,
      `beta2: ${o.beta2}`,
      `eps: ${o.epsilon}`,
      `t: ${o.t}`,
      ...pair("m", o.firstMoment),
      ...pair("v", o.secondMoment),
    );
  return lines;
}

function pair(name: string, value: PrintedParameters): string[] {
  return [`${name}_w: ${value.weight}`, `${name}_b: ${value.bias}`];
}

export function notebookCells(p: NotebookPrinted, v: NotebookStep, t: Translate): NotebookCell[] {
  const single = v.n === 1;
  const shape = (s: string) => t("notebook.shape", { shape: s });
  const paramShape = (line: string, s: string) => ({ text: line, shape: single ? undefined : shape(s), out: true });
  const state = (name: string, value: PrintedParameters) => [
    paramShape(`${name}_w: ${value.weight}`, p.shapes.weight),
    paramShape(`${name}_b: ${value.bias}`, p.shapes.bias),
  ];
  const o = p.optimizer;
  const list: NotebookCell[] = [
    {
      title: t("notebook.forward"),
      formula: single ? "p = x · wᵀ + b" : "p = X · wᵀ + b",
      lines: [paramShape(`prediction: ${p.prediction}`, p.shapes.prediction)],
    },
    { title: t("notebook.loss"), formula: "L = mean((y − p)²)", lines: [{ text: `loss: ${p.loss}`, out: true }] },
    {
      title: t("notebook.gradient"),
      formula: "δ = −2 · (y − p)",
      lines: [paramShape(`delta: ${p.delta}`, p.shapes.delta)],
    },
  ];
  // Momentum and Adam update with g itself, so it gets a cell even for one sample (g = δ · x).
  if (!single || o.optimizer !== "gd")
    list.push({
      title: single ? t("notebook.gradientParams") : t("notebook.gradientMean", { n: v.n }),
      formula: single ? "dL/dw = δ · x,  dL/db = δ" : "dL/dw = mean(δ · X),  dL/db = mean(δ)",
      lines: [
        { text: `dL/dw: ${p.gradWeights}`, shape: shape(p.shapes.gradWeights) },
        { text: `dL/db: ${p.gradBias}`, shape: shape(p.shapes.gradBias) },
      ],
    });
  let update = single ? "w ← w − lr · δ · x,  b ← b − lr · δ" : "w ← w − lr · dL/dw,  b ← b − lr · dL/db";
  if (o.optimizer === "momentum") {
    list.push({ title: t("notebook.velocity"), formula: "v ← β · v + g", lines: state("v", o.nextVelocity) });
    update = "θ ← θ − lr · v";
  }
  if (o.optimizer === "adam") {
    list.push(
      { title: t("notebook.firstMoment"), formula: "m ← β1 · m + (1 − β1) · g", lines: state("m", o.nextFirstMoment) },
      {
        title: t("notebook.secondMoment"),
        formula: "v ← β2 · v + (1 − β2) · g²",
        lines: state("v", o.nextSecondMoment),
      },
      {
        title: t("notebook.biasCorrection", { t: o.t }),
        formula: "m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)",
        lines: [...state("m_hat", o.correctedFirst), ...state("v_hat", o.correctedSecond)],
      },
    );
    update = "θ ← θ − lr · m̂ / (√v̂ + ε)";
  }
  list.push(
    {
      title: t("notebook.backward"),
      formula: update,
      lines: [paramShape(`weight: ${p.nextWeight}`, p.shapes.weight), paramShape(`bias: ${p.nextBias}`, p.shapes.bias)],
    },
    {
      title: t("notebook.lossAgain"),
      formula: "L = mean((y − p)²)",
      lines: [{ text: `loss: ${p.nextLoss}`, out: true }],
    },
  );
  return list;
}
