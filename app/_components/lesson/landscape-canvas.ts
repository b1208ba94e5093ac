// Canvas drawing of the class on the loss landscape, one frame at a time (called from
// requestAnimationFrame, never per tick). Every point is drawn into one path per kind, so 2,000
// runs cost at most nine paths. The optimiser has its own shape (○ plain descent, △ momentum,
// □ Adam) and the kind its colour and fill (outline converging, filled oscillating, ✕ exploding);
// runs beyond the picture are counted at its edge (▲).
import { OPTIMIZER, contourEllipse, type ParabolaLandscape, type ValleyPlane } from "../../../lib/gd";
import { formatLoss } from "../../_lib/format";
import { CONVERGED_COLOR, DIVERGED_COLOR } from "../chart/palette";

export const KIND_COLORS = [CONVERGED_COLOR, "#56b4e9", DIVERGED_COLOR] as const;
const AXIS = "#94a3b8";
const TEXT = "#e2e8f0";
const R = 5;

/** Sizes the canvas to its box at the device's pixel ratio; returns the CSS size to draw in. */
export function prepareCanvas(
  canvas: HTMLCanvasElement,
): { ctx: CanvasRenderingContext2D; w: number; h: number } | null {
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 600;
  const h = canvas.clientHeight || 320;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return { ctx, w, h };
}

/** Outline of optimiser `shape` (OPTIMIZER codes: ○ gd, △ momentum, □ Adam, as OPTIMIZER_MARK's ● ▲ ■). */
function outline(ctx: CanvasRenderingContext2D, shape: number, x: number, y: number): void {
  if (shape === OPTIMIZER.MOMENTUM) {
    ctx.moveTo(x, y - R - 1);
    ctx.lineTo(x + R + 1, y + R);
    ctx.lineTo(x - R - 1, y + R);
    ctx.closePath();
  } else if (shape === OPTIMIZER.ADAM) {
    ctx.rect(x - R, y - R, 2 * R, 2 * R);
  } else {
    ctx.moveTo(x + R, y);
    ctx.arc(x, y, R, 0, 2 * Math.PI);
  }
}

function cross(ctx: CanvasRenderingContext2D, x: number, y: number): void {
  ctx.moveTo(x - R, y - R);
  ctx.lineTo(x + R, y + R);
  ctx.moveTo(x + R, y - R);
  ctx.lineTo(x - R, y + R);
}

const SHAPES = 3;

/**
 * Points collected per (kind, optimiser) during a frame, then drawn once each (at most 9 paths).
 * The shape tells the optimiser; the kind is told by colour and fill as well: converging outline,
 * oscillating filled, exploding ✕ (whatever the optimiser: such a run has left its path).
 */
export class PointBuffer {
  private xs: Float32Array[] = [];
  private ys: Float32Array[] = [];
  private counts = new Int32Array(3 * SHAPES);
  constructor(capacity: number) {
    for (let b = 0; b < 3 * SHAPES; b++) {
      this.xs.push(new Float32Array(capacity));
      this.ys.push(new Float32Array(capacity));
    }
  }
  clear(): void {
    this.counts.fill(0);
  }
  /** `shape`: the run's OPTIMIZER code (0 when unknown: plain descent). */
  add(kind: number, x: number, y: number, shape = 0): void {
    const bucket = kind * SHAPES + (kind === 2 ? 0 : shape);
    const n = this.counts[bucket]!++;
    this.xs[bucket]![n] = x;
    this.ys[bucket]![n] = y;
  }
  stroke(ctx: CanvasRenderingContext2D): void {
    ctx.lineWidth = 2;
    for (let bucket = 0; bucket < 3 * SHAPES; bucket++) {
      const count = this.counts[bucket]!;
      if (count === 0) continue;
      const kind = Math.floor(bucket / SHAPES);
      const xs = this.xs[bucket]!;
      const ys = this.ys[bucket]!;
      ctx.beginPath();
      for (let i = 0; i < count; i++) {
        if (kind === 2) cross(ctx, xs[i]!, ys[i]!);
        else outline(ctx, bucket % SHAPES, xs[i]!, ys[i]!);
      }
      ctx.strokeStyle = KIND_COLORS[kind]!;
      ctx.stroke();
      if (kind === 1) {
        ctx.fillStyle = KIND_COLORS[kind]!;
        ctx.fill();
      }
    }
  }
}

function offMarker(ctx: CanvasRenderingContext2D, x: number, y: number, count: number, align: "left" | "right"): void {
  if (count === 0) return;
  ctx.fillStyle = DIVERGED_COLOR;
  ctx.beginPath();
  ctx.moveTo(x, y - 7);
  ctx.lineTo(x + 7, y + 5);
  ctx.lineTo(x - 7, y + 5);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = TEXT;
  ctx.font = "bold 14px sans-serif";
  ctx.textAlign = align;
  ctx.textBaseline = "middle";
  ctx.fillText(String(count), align === "left" ? x + 11 : x - 11, y);
}

export interface RunLosses {
  count: number;
  /** Loss and prediction of run i at the picture's step; NaN loss: no point (yet). */
  loss(i: number): number;
  prediction(i: number, loss: number): number;
}

/** The parabola L = (y − p)² with every run's point; returns how many were drawn and how many are off the top. */
export function drawParabola(
  target: { ctx: CanvasRenderingContext2D; w: number; h: number },
  land: ParabolaLandscape,
  runs: RunLosses,
  kinds: Uint8Array,
  shapes: Uint8Array,
  buffer: PointBuffer,
  labels: { prediction: string; loss: string },
): { drawn: number; off: number } {
  const { ctx, w, h } = target;
  const left = 64;
  const top = 30;
  const pw = Math.max(10, w - left - 18);
  const ph = Math.max(10, h - top - 44);
  const lo = land.label - land.halfWidth;
  const px = (p: number) => left + ((p - lo) / (2 * land.halfWidth)) * pw;
  const py = (l: number) => top + ph - (l / land.lossTop) * ph;
  // Axes, ticks at y and at the shared start p₀, loss ticks at 0, half and top.
  ctx.strokeStyle = AXIS;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, top + ph);
  ctx.lineTo(left + pw, top + ph);
  ctx.stroke();
  ctx.fillStyle = TEXT;
  ctx.font = "13px sans-serif";
  ctx.textBaseline = "top";
  ctx.textAlign = "center";
  ctx.fillText(`y = ${land.label}`, px(land.label), top + ph + 6);
  ctx.fillText(`p₀ = ${Number(land.initialPrediction.toPrecision(6))}`, px(land.initialPrediction), top + ph + 6);
  ctx.fillText(labels.prediction, left + pw / 2, top + ph + 24);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const l of [0, land.lossTop / 2, land.lossTop]) ctx.fillText(formatLoss(l), left - 6, py(l));
  ctx.save();
  ctx.translate(14, top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(labels.loss, 0, 0);
  ctx.restore();
  ctx.strokeStyle = "#cbd5e1";
  ctx.lineWidth = 2;
  ctx.beginPath();
  land.points.forEach((pt, i) =>
    i ? ctx.lineTo(px(pt.prediction), py(pt.loss)) : ctx.moveTo(px(pt.prediction), py(pt.loss)),
  );
  ctx.stroke();

  buffer.clear();
  let drawn = 0;
  let offLeft = 0;
  let offRight = 0;
  for (let i = 0; i < runs.count; i++) {
    const loss = runs.loss(i);
    if (!(loss >= 0)) continue;
    drawn++;
    const p = runs.prediction(i, loss);
    if (!(Math.sqrt(loss) <= land.halfWidth)) {
      if (p < land.label) offLeft++;
      else offRight++;
      continue;
    }
    buffer.add(kinds[i]!, px(p), py(loss), shapes[i]);
  }
  buffer.stroke(ctx);
  offMarker(ctx, left + 10, 12, offLeft, "left");
  offMarker(ctx, left + pw - 10, 12, offRight, "right");
  return { drawn, off: offLeft + offRight };
}

/** Contours on the valley plane (x: flattest direction, y: steepest, equal scales) with every run's point. */
export function drawValley(
  target: { ctx: CanvasRenderingContext2D; w: number; h: number },
  plane: ValleyPlane,
  positions: Float64Array,
  count: number,
  kinds: Uint8Array,
  shapes: Uint8Array,
  buffer: PointBuffer,
  labels: { stiff: string; flat: string },
): { drawn: number; off: number } {
  const { ctx, w, h } = target;
  const side = Math.max(20, Math.min(w - 40, h - 40));
  const half = side / 2;
  const cx = w / 2;
  const cy = 14 + half;
  const { u: eu, v: ev } = plane.extent;
  ctx.save();
  ctx.beginPath();
  ctx.rect(cx - half, cy - half, side, side);
  ctx.clip();
  ctx.lineWidth = 1;
  plane.levels.forEach((level, j) => {
    const semi = contourEllipse(plane, level);
    ctx.strokeStyle = `rgba(148, 163, 184, ${0.9 - j * 0.08})`;
    ctx.beginPath();
    ctx.ellipse(cx, cy, (semi.v / ev) * half, (semi.u / eu) * half, 0, 0, 2 * Math.PI);
    ctx.stroke();
  });
  ctx.restore();
  ctx.strokeStyle = AXIS;
  ctx.strokeRect(cx - half, cy - half, side, side);
  // The minimum (+) and the shared start (□).
  ctx.strokeStyle = TEXT;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(cx - 7, cy);
  ctx.lineTo(cx + 7, cy);
  ctx.moveTo(cx, cy - 7);
  ctx.lineTo(cx, cy + 7);
  ctx.stroke();
  ctx.strokeRect(cx + (plane.start.v / ev) * half - 5, cy - (plane.start.u / eu) * half - 5, 10, 10);
  ctx.fillStyle = TEXT;
  ctx.font = "13px sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(`${labels.flat} →`, cx, cy + half + 6);
  ctx.save();
  ctx.translate(cx - half - 14, cy);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(`${labels.stiff} →`, 0, 0);
  ctx.restore();

  buffer.clear();
  let off = 0;
  ctx.fillStyle = DIVERGED_COLOR;
  ctx.beginPath();
  for (let k = 0; k < count; k++) {
    const u = positions[2 * k]!;
    const v = positions[2 * k + 1]!;
    if (Math.abs(u) <= eu && Math.abs(v) <= ev) {
      buffer.add(kinds[k]!, cx + (v / ev) * half, cy - (u / eu) * half, shapes[k]);
      continue;
    }
    off++;
    // Left the picture (an exploding run): a small triangle where it crossed the edge.
    const x = cx + Math.max(-1, Math.min(1, v / ev || 0)) * half;
    const y = cy - Math.max(-1, Math.min(1, u / eu || 0)) * half;
    ctx.moveTo(x, y - 6);
    ctx.lineTo(x + 6, y + 5);
    ctx.lineTo(x - 6, y + 5);
    ctx.closePath();
  }
  ctx.fill();
  buffer.stroke(ctx);
  return { drawn: count, off };
}
