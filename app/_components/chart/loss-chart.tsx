"use client";
// Every run's loss on one log-scale uPlot chart. Data arrives through a SeriesStore; redraws are
// coalesced to one per animation frame, and spaced out when one redraw is expensive (2,000 curves
// of hundreds of steps take ~120 ms in software): the chart then gets a tenth of the main thread, so
// the landscape and the controls beside it stay smooth. Status is shown by shape as well as
// colour: diverged runs turn dashed and end in a ×, converged ones in a ○.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { STATUS } from "../../../lib/gd";
import type { SeriesStore } from "./series-store";
import { CONVERGED_COLOR, DIVERGED_COLOR, curveColor } from "./palette";

/** Decade ticks only, thinned to about eight labels however many decades (1e-12..1e300). */
function decadeSplits(_u: uPlot, _axis: number, min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(Math.max(min, 1e-300)));
  const hi = Math.ceil(Math.log10(Math.max(max, 1e-300)));
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += step) out.push(10 ** e);
  return out;
}

/** Idle time after a redraw, in multiples of its cost: 9 keeps the chart to a tenth of the thread. */
const CHART_SHARE_GAP = 9;

const decadeLabel = (_u: uPlot, splits: number[]) =>
  splits.map((v) => (v == null ? "" : `1e${Math.round(Math.log10(v))}`));

function drawMarkers(u: uPlot, store: SeriesStore): void {
  const ctx = u.ctx;
  const size = 7 * devicePixelRatio;
  ctx.save();
  ctx.lineWidth = 2.5 * devicePixelRatio;
  for (let i = 0; i < store.runs; i++) {
    const status = store.visibleStatus(i);
    if (status !== STATUS.DIVERGED && status !== STATUS.CONVERGED) continue;
    const at = store.lastIndex[i]!;
    const x = store.xs[at];
    const y = store.ys[i]![at];
    if (at < 0 || x === undefined || y === null || y === undefined) continue;
    const px = u.valToPos(x, "x", true);
    const py = u.valToPos(y, "y", true);
    ctx.beginPath();
    if (status === STATUS.DIVERGED) {
      ctx.strokeStyle = DIVERGED_COLOR;
      ctx.moveTo(px - size, py - size);
      ctx.lineTo(px + size, py + size);
      ctx.moveTo(px + size, py - size);
      ctx.lineTo(px - size, py + size);
    } else {
      ctx.strokeStyle = CONVERGED_COLOR;
      ctx.arc(px, py, size * 0.8, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }
  ctx.restore();
}

export default function LossChart(props: { store: SeriesStore; label: string; height?: number; stepLabel: string }) {
  const { store, label, height = 420, stepLabel } = props;
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const axis = {
      stroke: "#e2e8f0",
      grid: { stroke: "#334155", width: 1 },
      ticks: { stroke: "#475569" },
      font: "14px sans-serif",
    };
    let drawStart = 0;
    let lastCost = 0;
    let lastEnd = 0;
    const options: uPlot.Options = {
      width: host.clientWidth || 600,
      height,
      legend: { show: false },
      cursor: { show: false },
      // x spans every step held (a replay keeps the full axis while showing a prefix).
      scales: { x: { time: false, range: () => [0, Math.max(1, store.lastStep)] }, y: { distr: 3 } },
      axes: [
        // Steps are whole numbers: no 0.5 ticks on short rounds.
        {
          ...axis,
          label: stepLabel,
          labelFont: "14px sans-serif",
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        },
        { ...axis, splits: decadeSplits, values: decadeLabel, size: 64 },
      ],
      series: [
        {},
        ...store.labels.map((name, i) => ({
          label: name,
          width: 1.5,
          // A replay at step 0 (or a round one step in) has no line to draw yet: show dots then.
          points: { show: (_u: uPlot, _si: number, idx0: number, idx1: number) => idx1 - idx0 < 1, size: 8 },
          stroke: (_u: uPlot, si: number) =>
            store.visibleStatus(si - 1) === STATUS.DIVERGED ? DIVERGED_COLOR : curveColor(i),
        })),
      ],
      hooks: {
        // uPlot draws after setData returns (in a microtask): the cost of a redraw is measured
        // from its clearing of the canvas to the end of its drawing.
        drawClear: [() => void (drawStart = performance.now())],
        draw: [
          (u) => drawMarkers(u, store),
          () => {
            lastEnd = performance.now();
            lastCost = lastEnd - drawStart;
          },
        ],
      },
    };
    const chart = new uPlot(options, store.data(), host);

    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const redraw = () => {
      frame = 0;
      // Dash pattern is read at draw time, so flipping it here restyles only what changed.
      for (let i = 0; i < store.runs; i++) {
        const diverged = store.visibleStatus(i) === STATUS.DIVERGED;
        const series = chart.series[i + 1];
        if (series) series.dash = diverged ? [8, 5] : undefined;
      }
      chart.setData(store.data());
    };
    const schedule = () => {
      if (frame || timer !== undefined) return;
      const wait = lastEnd + CHART_SHARE_GAP * lastCost - performance.now();
      if (wait <= 0) frame = requestAnimationFrame(redraw);
      else
        timer = setTimeout(() => {
          timer = undefined;
          frame = requestAnimationFrame(redraw);
        }, wait);
    };
    const unsubscribe = store.subscribe(schedule);
    const resize = new ResizeObserver(() => chart.setSize({ width: host.clientWidth, height }));
    resize.observe(host);
    redraw();
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(timer);
      resize.disconnect();
      chart.destroy();
    };
  }, [store, height, stepLabel]);

  return <div ref={hostRef} role="img" aria-label={label} data-testid="loss-chart" className="w-full" />;
}
