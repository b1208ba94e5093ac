"use client";
// Every run's loss on one log-scale chart, drawn on a canvas of our own (chart-renderer.ts): each
// frame adds only the new steps' segments, a few strokes for the whole class, and the rare full
// redraw is built off-page a slice at a time and swapped in, so 2,000 curves at 60 steps a second
// never block a frame for long. Every run's curve is drawn; none is dropped for speed.
import { useEffect, useRef } from "react";
import type { ChartGeometry } from "./chart-geometry";
import { ChartRenderer, FIRST_DRAW_BUDGET_MS, FRAME_BUDGET_MS, type Surface } from "./chart-renderer";
import { OptimizerLegend } from "./optimizer-legend";
import type { SeriesStore } from "./series-store";

function createSurface(geometry: ChartGeometry): Surface | null {
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(geometry.cssWidth * geometry.dpr);
  canvas.height = Math.round(geometry.cssHeight * geometry.dpr);
  // Stretched with the box until the redraw for a new size is swapped in.
  canvas.style.display = "block";
  canvas.style.width = "100%";
  canvas.style.height = `${geometry.cssHeight}px`;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  // A one-pixel read makes the canvas rasterise the slice now, not all at once when it is shown.
  return { canvas, ctx, flush: () => void ctx.getImageData(0, 0, 1, 1) };
}

export default function LossChart(props: {
  store: SeriesStore;
  label: string;
  height?: number;
  stepLabel: string;
  /** Called once, when the first canvas with data is on the page (the review mounts the rest of a round then). */
  onFirstFrame?: () => void;
  /** A complete store (a stored round): its first redraw takes longer slices (FIRST_DRAW_BUDGET_MS). */
  complete?: boolean;
}) {
  const { store, label, height = 420, stepLabel, onFirstFrame, complete = false } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  // Read when the frame comes, so a new callback does not restart the chart.
  const onFirstFrameRef = useRef(onFirstFrame);
  useEffect(() => {
    onFirstFrameRef.current = onFirstFrame;
  }, [onFirstFrame]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const renderer = new ChartRenderer(
      store,
      {
        create: createSurface,
        show: (surface) => host.replaceChildren(surface.canvas as HTMLCanvasElement),
        now: () => performance.now(),
      },
      stepLabel,
      complete ? FIRST_DRAW_BUDGET_MS : FRAME_BUDGET_MS,
    );
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      frame = 0;
      const started = performance.now();
      const next = renderer.frame();
      // scripts/bench-landscape.ts collects what each frame of the chart costs (and nothing else does).
      (window as { __lossChartProbe?: number[] }).__lossChartProbe?.push(performance.now() - started);
      // How many full redraws so far: the bench reports it next to the frame times.
      if (host.dataset.rebuilds !== String(renderer.rebuilds)) host.dataset.rebuilds = String(renderer.rebuilds);
      // A canvas with data is on the page (a drawn redraw is swapped in): benchmarks and tests wait for this.
      if (renderer.rebuilds > 0 && store.xs.length > 0 && !host.dataset.chartReady) {
        host.dataset.chartReady = "true";
        onFirstFrameRef.current?.();
      }
      if (next === 0) schedule();
      else if (next !== null && timer === undefined)
        timer = setTimeout(() => {
          timer = undefined;
          schedule();
        }, next);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    const measure = () => renderer.resize(host.clientWidth || 600, height, window.devicePixelRatio || 1);
    measure();
    const unsubscribe = store.subscribe(schedule);
    const resize = new ResizeObserver(() => {
      measure();
      schedule();
    });
    resize.observe(host);
    draw();
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(timer);
      resize.disconnect();
      host.replaceChildren();
    };
  }, [store, height, stepLabel, complete]);

  const chart = (
    <div ref={hostRef} role="img" aria-label={label} data-testid="loss-chart" className="w-full" style={{ height }} />
  );
  if (!store.mixed) return chart;
  return (
    <div className="relative">
      {chart}
      <OptimizerLegend optimizers={store.optimizers} />
    </div>
  );
}
