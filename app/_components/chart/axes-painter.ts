// The loss chart's frame: decade grid and labels (1e4, 1e-2, …) up the side, whole steps along the
// bottom with the axis name. Drawn once per full redraw, under the curves.
import { chartMapping, decadeTicks, plotRect, stepTicks, type ChartGeometry } from "./chart-geometry";

const LABEL_COLOR = "#e2e8f0";
const GRID_COLOR = "#334155";
const TICK_COLOR = "#475569";

export function paintAxes(ctx: CanvasRenderingContext2D, geometry: ChartGeometry, stepLabel: string): void {
  const { range, dpr } = geometry;
  const plot = plotRect(geometry);
  const map = chartMapping(range, plot);
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  const tick = 6 * dpr;
  const decades = decadeTicks(range);
  const steps = stepTicks(range, plot.width / dpr);

  ctx.lineWidth = dpr;
  ctx.setLineDash([]);
  ctx.strokeStyle = GRID_COLOR;
  ctx.beginPath();
  for (const e of decades) {
    const y = Math.round(map.y(10 ** e)) + 0.5;
    ctx.moveTo(plot.left, y);
    ctx.lineTo(right, y);
  }
  for (const s of steps) {
    const x = Math.round(map.x(s)) + 0.5;
    ctx.moveTo(x, plot.top);
    ctx.lineTo(x, bottom);
  }
  ctx.stroke();
  ctx.strokeStyle = TICK_COLOR;
  ctx.beginPath();
  for (const e of decades) {
    const y = Math.round(map.y(10 ** e)) + 0.5;
    ctx.moveTo(plot.left - tick, y);
    ctx.lineTo(plot.left, y);
  }
  for (const s of steps) {
    const x = Math.round(map.x(s)) + 0.5;
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + tick);
  }
  ctx.stroke();

  ctx.fillStyle = LABEL_COLOR;
  ctx.font = `${14 * dpr}px sans-serif`;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const e of decades) ctx.fillText(`1e${e}`, plot.left - tick - 3 * dpr, map.y(10 ** e));
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const s of steps) ctx.fillText(String(s), map.x(s), bottom + tick + 2 * dpr);
  ctx.textBaseline = "bottom";
  ctx.fillText(stepLabel, plot.left + plot.width / 2, geometry.cssHeight * dpr - 2 * dpr);
}
