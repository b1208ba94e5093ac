// Geometry for drawing the loss landscape with the class's runs on it.
//
// One sample (the lesson): the gradient is always a multiple of (x, 1), so every update moves
// (w, b) along that one line, and on it the loss is exactly the parabola L = (y - p)^2 in the
// prediction p. The error e = y - p after k steps is e_0 f^k with f = 1 - 2 lr (|x|^2 + 1), so a
// run's point follows from its loss and lr alone: |e| = sqrt(L) (exact: sqrt(fl(e*e)) = |e| in
// IEEE doubles) and sign(e) = sign(e_0) * sign(f)^k. The host, which only receives losses, can
// place every student without their parameters.
//
// Several samples: the plane through the optimum spanned by the Hessian's stiffest and flattest
// unit eigenvectors (u along the stiffest, v along the flattest). On it the loss is exactly
// L* + (lambda_s u^2 + lambda_f v^2) / 2, so its contours are ellipses with semi-axes
// sqrt(2 (level - L*) / lambda); the aspect ratio is sqrt(condition number): a 425:1 needle on
// the raw housing data, nearly round (1.7:1) standardised. A run's point is the projection of
// its parameters, which only a re-run (a LearnerBatch) has.

import { lossAt, maxStableLearningRate, predictions } from "./analysis";
import type { Dataset } from "./datasets";
import type { LearnerBatch } from "./learners";
import { lossModes } from "./modes";

export interface ParabolaLandscape {
  label: number;
  initialPrediction: number;
  /** e_0 = y - p_0: its sign decides on which side of y the runs start. */
  initialError: number;
  /** |x|^2 + 1, summed like analysis.errorFactor. */
  norm2: number;
  /** The drawing spans predictions y - halfWidth .. y + halfWidth and losses 0 .. lossTop. */
  halfWidth: number;
  lossTop: number;
  /** The parabola, `samples` points from left to right. */
  points: { prediction: number; loss: number }[];
}

export function parabolaLandscape(
  dataset: Dataset,
  options: { halfWidth?: number; samples?: number } = {},
): ParabolaLandscape {
  if (dataset.n !== 1) throw new RangeError("the parabola is the one-sample picture: use valleyPlane");
  const label = dataset.labels[0]!;
  const initialPrediction = predictions(dataset, dataset.initialWeights, dataset.initialBias)[0]!;
  const initialError = label - initialPrediction;
  // 1.25 |e_0|: the start and its mirror image (where an lr of about the bound sends it) both show.
  const halfWidth = options.halfWidth ?? (initialError !== 0 ? 1.25 * Math.abs(initialError) : 1);
  const samples = Math.max(2, options.samples ?? 101);
  const points = Array.from({ length: samples }, (_, i) => {
    const e = -halfWidth + (2 * halfWidth * i) / (samples - 1);
    return { prediction: label + e, loss: e * e };
  });
  // Summed exactly as analysis.errorFactor does, so errorSign's factor is errorFactor's to the bit.
  let norm2 = 1;
  for (let j = 0; j < dataset.d; j++) norm2 += dataset.features[j]! * dataset.features[j]!;
  return { label, initialPrediction, initialError, norm2, halfWidth, lossTop: halfWidth * halfWidth, points };
}

/** sign(y - p) after `step` updates at rate lr: sign(e_0) * sign(f)^step (0 once f is 0). */
export function errorSign(landscape: ParabolaLandscape, lr: number, step: number): -1 | 0 | 1 {
  const f = 1 - 2 * lr * landscape.norm2;
  const start = Math.sign(landscape.initialError);
  if (start === 0 || (f === 0 && step > 0)) return 0;
  return (f < 0 && step % 2 === 1 ? -start : start) as -1 | 1;
}

/** The prediction of a run with rate lr whose loss after `step` updates is `loss` (allocation-free). */
export function predictionFromLoss(landscape: ParabolaLandscape, lr: number, step: number, loss: number): number {
  return landscape.label - errorSign(landscape, lr, step) * Math.sqrt(loss);
}

export interface ParabolaPoint {
  prediction: number;
  loss: number;
  /** Where to draw it: the point itself, or where it left the drawing (clamped to the top edge). */
  drawPrediction: number;
  drawLoss: number;
  /** Beyond the drawing (|y - p| > halfWidth): mark it at the edge, on its side, e.g. with an arrow. */
  offTop: boolean;
  /** Side of the minimum: -1 left (p < y), 1 right (p > y), 0 on it. */
  side: -1 | 0 | 1;
}

/** Plain descent's point from its loss and rate alone (see the top of this file). */
export function parabolaPoint(landscape: ParabolaLandscape, lr: number, step: number, loss: number): ParabolaPoint {
  return parabolaPointAt(landscape, predictionFromLoss(landscape, lr, step, loss), loss);
}

/**
 * Any optimiser's point from its prediction (momentum and Adam do not keep e_0 f^k's sign pattern,
 * so their side of y comes from re-run parameters: batchPredictions). The loss is still (y - p)^2.
 */
export function parabolaPointAt(landscape: ParabolaLandscape, prediction: number, loss: number): ParabolaPoint {
  const side = Math.sign(prediction - landscape.label) as -1 | 0 | 1;
  const offTop = !(Math.sqrt(loss) <= landscape.halfWidth);
  return {
    prediction,
    loss,
    drawPrediction: offTop ? landscape.label + side * landscape.halfWidth : prediction,
    drawLoss: offTop ? landscape.lossTop : loss,
    offTop,
    side,
  };
}

export interface ValleyPlane {
  standardized: boolean;
  /** theta* = [w*; b*] and L*. */
  optimum: number[];
  optimumLoss: number;
  eigenvalues: number[];
  conditionNumber: number;
  stableBound: number;
  /** u runs along stiff.vector, v along flat.vector (unit vectors in (w, b) space). */
  stiff: { eigenvalue: number; vector: number[] };
  flat: { eigenvalue: number; vector: number[] };
  /** The shared starting point, projected. */
  start: { u: number; v: number };
  initialLoss: number;
  /** Half-widths of the drawing: 1.25 x the box of the start (equal scales unless aspect "fit"); see defaultExtent. */
  extent: { u: number; v: number };
  /** Contour levels L* + (L_0 - L*) / 4^j, j = 0..7 (each ellipse half the size of the previous). */
  levels: number[];
  /** loss[row * size + col] at u = u[col], v = v[row], computed from the data (lossAt). */
  grid: { size: number; u: number[]; v: number[]; loss: Float64Array };
}

export interface ValleyOptions {
  /** Grid points per side (default 41). */
  gridSize?: number;
  /** "equal" (default): same scale on both axes, so the valley's true shape shows; "fit": each axis fits the start. */
  aspect?: "equal" | "fit";
  extent?: { u: number; v: number };
}

export function valleyPlane(dataset: Dataset, options: ValleyOptions = {}): ValleyPlane {
  const modes = lossModes(dataset);
  if (modes.flattest === modes.stiffest) throw new RangeError("one non-zero curvature: use parabolaLandscape");
  const stiff = { eigenvalue: modes.eigenvalues[modes.stiffest]!, vector: modes.eigenvectors[modes.stiffest]! };
  const flat = { eigenvalue: modes.eigenvalues[modes.flattest]!, vector: modes.eigenvectors[modes.flattest]! };
  const excess = Math.max(modes.initialLoss - modes.optimumLoss, Number.MIN_VALUE);
  const start = projectParameters({ optimum: modes.optimum, stiff, flat }, dataset.initialWeights, dataset.initialBias);
  const extent = options.extent ?? defaultExtent(start, excess, stiff.eigenvalue, flat.eigenvalue, options.aspect);
  const size = Math.max(2, options.gridSize ?? 41);
  const axis = (half: number) => Array.from({ length: size }, (_, i) => -half + (2 * half * i) / (size - 1));
  const us = axis(extent.u);
  const vs = axis(extent.v);
  const loss = new Float64Array(size * size);
  const d = dataset.d;
  const theta = new Float64Array(d + 1);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      for (let j = 0; j <= d; j++)
        theta[j] = modes.optimum[j]! + us[col]! * stiff.vector[j]! + vs[row]! * flat.vector[j]!;
      loss[row * size + col] = lossAt(dataset, theta.subarray(0, d), theta[d]!);
    }
  }
  return {
    standardized: dataset.standardized,
    optimum: modes.optimum,
    optimumLoss: modes.optimumLoss,
    eigenvalues: modes.eigenvalues,
    conditionNumber: stiff.eigenvalue / flat.eigenvalue,
    stableBound: maxStableLearningRate(dataset),
    stiff,
    flat,
    initialLoss: modes.initialLoss,
    extent,
    levels: Array.from({ length: 8 }, (_, j) => modes.optimumLoss + excess / 4 ** j),
    grid: { size, u: us, v: vs, loss },
    start,
  };
}

/**
 * Every stable run stays in the box |u| <= |u_0|, |v| <= |v_0| (each offset is multiplied by some
 * |f| <= 1 each step), so 1.25 x that box shows the whole class and the start; unstable runs
 * leave it along u. A start on an axis falls back to the initial loss's ellipse there.
 */
function defaultExtent(
  start: { u: number; v: number },
  excess: number,
  stiff: number,
  flat: number,
  aspect: "equal" | "fit" = "equal",
): { u: number; v: number } {
  const u = Math.abs(start.u) || Math.sqrt((2 * excess) / stiff);
  const v = Math.abs(start.v) || Math.sqrt((2 * excess) / flat);
  if (aspect === "fit") return { u: 1.25 * u, v: 1.25 * v };
  const both = 1.25 * Math.max(Math.abs(start.u), Math.abs(start.v), Number.MIN_VALUE);
  return { u: both, v: both };
}

/** Semi-axes of the contour at `level` (exact on the plane): u along the stiffest direction. */
export function contourEllipse(plane: ValleyPlane, level: number): { u: number; v: number } {
  const excess = Math.max(level - plane.optimumLoss, 0);
  return { u: Math.sqrt((2 * excess) / plane.stiff.eigenvalue), v: Math.sqrt((2 * excess) / plane.flat.eigenvalue) };
}

type PlaneAxes = Pick<ValleyPlane, "optimum" | "stiff" | "flat">;

export function projectParameters(
  plane: PlaneAxes,
  weights: ArrayLike<number>,
  bias: number,
): { u: number; v: number } {
  let u = 0;
  let v = 0;
  for (let j = 0; j < plane.optimum.length; j++) {
    const offset = (j < weights.length ? weights[j]! : bias) - plane.optimum[j]!;
    u += plane.stiff.vector[j]! * offset;
    v += plane.flat.vector[j]! * offset;
  }
  return { u, v };
}

/** Every learner of a batch at once, without allocating: out[2k] = u, out[2k + 1] = v of learner k. */
export function projectBatch(plane: PlaneAxes, batch: LearnerBatch, out: Float64Array): void {
  const d = batch.dataset.d;
  if (plane.optimum.length !== d + 1 || out.length < 2 * batch.size)
    throw new RangeError("plane or output size mismatch");
  for (let k = 0; k < batch.size; k++) {
    let u = (batch.biases[k]! - plane.optimum[d]!) * plane.stiff.vector[d]!;
    let v = (batch.biases[k]! - plane.optimum[d]!) * plane.flat.vector[d]!;
    for (let j = 0; j < d; j++) {
      const offset = batch.weights[k * d + j]! - plane.optimum[j]!;
      u += plane.stiff.vector[j]! * offset;
      v += plane.flat.vector[j]! * offset;
    }
    out[2 * k] = u;
    out[2 * k + 1] = v;
  }
}

/** One sample: every learner's prediction x . w + b at once, without allocating (out[k] for learner k). */
export function batchPredictions(batch: LearnerBatch, out: Float64Array): void {
  const { d, n, features } = batch.dataset;
  if (n !== 1 || out.length < batch.size) throw new RangeError("one-sample batch and an output per learner needed");
  for (let k = 0; k < batch.size; k++) {
    let p = 0;
    for (let j = 0; j < d; j++) p += features[j]! * batch.weights[k * d + j]!;
    out[k] = p + batch.biases[k]!;
  }
}
