"use client";
// The whole class on the loss landscape (projector and review). One sample: the parabola
// L = (y − p)², each run placed from its loss and rate alone (lib/gd landscape.ts), read from the
// SeriesStore the chart uses. Several samples: the valley plane, raw and standardised side by side,
// each run's point from this page's own re-run of the class (deterministic, so the server's runs).
// Drawn in requestAnimationFrame from the store's notifications: no React render per tick, and the
// text alternative and data-* attributes are written straight into the DOM by the same frame.
import { useCallback, useEffect, useId, useMemo, useRef } from "react";
import {
  STATUS,
  batchPredictions,
  createLearnerBatch,
  maxStableLearningRate,
  optimizerCode,
  parabolaLandscape,
  predictionFromLoss,
  projectBatch,
  stepLearnerBatch,
  valleyPlane,
  type Dataset,
  type OptimizerChoice,
} from "../../../lib/gd";
import { roundDataset, type DatasetSource } from "../../../lib/datasets/dataset-copy";
import type { RoundSettings } from "../../../lib/protocol";
import type { SeriesStore } from "../chart/series-store";
import { useI18n } from "../i18n-provider";
import { PointBuffer, drawParabola, drawValley, prepareCanvas, type RunLosses } from "./landscape-canvas";
import { RUN_KINDS, choiceKind, countKinds, formatCondition, formatRate4, type RunOptimizer } from "./lesson-figures";

/** The round's settings and, for an instructor's dataset, the round's copy of it. */
type Settings = Pick<RoundSettings, "maxSteps"> & DatasetSource;

/** Index into the store's steps of the picture: the replay step, or the newest. */
function visibleEnd(store: SeriesStore): number {
  const last = store.xs.length - 1;
  return store.limit === null ? last : Math.min(store.limit, last);
}

/** Per run: its kind (against its own optimiser's bound) and its optimiser's shape. */
function useKinds(store: SeriesStore, rates: number[], bound: number, choices: readonly RunOptimizer[] | undefined) {
  return useMemo(() => {
    // Adam has no rate bound: only its run tells whether it exploded (known once it has).
    const diverged = (i: number) => store.status[i] === STATUS.DIVERGED;
    return {
      kinds: Uint8Array.from(rates, (lr, i) => RUN_KINDS.indexOf(choiceKind(choices?.[i], lr, bound, diverged(i)))),
      shapes: Uint8Array.from(rates, (_, i) => optimizerCode(choices?.[i]?.optimizer ?? "gd")),
      counts: countKinds(rates, bound, choices, diverged),
    };
  }, [store, rates, bound, choices]);
}

/** The batch's options for the class's re-run: each run with its own optimiser. */
function batchOptions(maxSteps: number, choices: readonly RunOptimizer[] | undefined, size: number) {
  if (!choices) return { maxSteps };
  const optimizers = Array.from({ length: size }, (_, i): OptimizerChoice => {
    const choice = choices[i];
    if (choice?.optimizer === "momentum" && choice.momentum !== null)
      return { optimizer: "momentum", momentum: choice.momentum };
    return { optimizer: choice?.optimizer ?? "gd" };
  });
  return { maxSteps, optimizers };
}

/**
 * Redraws once per animation frame after any store change (and on resize). `setup` makes the frame
 * function with its own scratch state (a re-run batch, the frame's step), made fresh per effect.
 */
function useFrames(store: SeriesStore, canvas: React.RefObject<HTMLCanvasElement | null>, setup: () => () => void) {
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const draw = setup();
    let frame = 0;
    const schedule = () => {
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          draw();
        });
    };
    const unsubscribe = store.subscribe(schedule);
    const resize = new ResizeObserver(schedule);
    resize.observe(element);
    draw();
    return () => {
      unsubscribe();
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [store, canvas, setup]);
}

export function ClassLandscape(props: {
  store: SeriesStore;
  rates: number[];
  /** Each run's optimiser, in the order of `rates` (absent: every run is plain descent). */
  choices?: readonly RunOptimizer[];
  settings: Settings;
  /** Id of a heading naming the round, for a page with several rounds (landmark names must differ). */
  context?: string;
}) {
  const { store, rates, choices, settings } = props;
  const { t } = useI18n();
  const headingId = useId();
  const { dataset: datasetId, standardized, datasetCopy } = settings;
  const dataset = useMemo(
    () => roundDataset({ dataset: datasetId, standardized, datasetCopy }),
    [datasetId, standardized, datasetCopy],
  );
  const other = useMemo(
    () => roundDataset({ dataset: datasetId, standardized: !standardized, datasetCopy }),
    [datasetId, standardized, datasetCopy],
  );
  const single = dataset.n === 1;
  return (
    <section
      aria-labelledby={props.context ? `${headingId} ${props.context}` : headingId}
      className="@container space-y-2 rounded-xl border border-slate-700 bg-slate-900 p-3"
      data-testid="landscape"
    >
      <h2 id={headingId} className="text-xl font-bold">
        {t("landscape.heading")}
      </h2>
      <p className="text-slate-300">{t(single ? "landscape.parabolaIntro" : "landscape.valleyIntro")}</p>
      {single ? (
        <ParabolaView store={store} rates={rates} choices={choices} dataset={dataset} maxSteps={settings.maxSteps} />
      ) : (
        // Side by side only when the card itself is wide (review), stacked in the projector's middle column.
        <div className="grid gap-3 @2xl:grid-cols-2">
          <ValleyView
            store={store}
            rates={rates}
            choices={choices}
            dataset={dataset}
            maxSteps={settings.maxSteps}
            title={t("landscape.real", {
              features: t(settings.standardized ? "features.standardized" : "features.raw"),
            })}
          />
          <ValleyView
            store={store}
            rates={rates}
            choices={choices}
            dataset={other}
            maxSteps={settings.maxSteps}
            title={t(settings.standardized ? "landscape.sameRatesRaw" : "landscape.sameRatesStd")}
          />
        </div>
      )}
      <p className="text-sm text-slate-300" aria-hidden data-testid="landscape-legend">
        {choices?.some((c) => c.optimizer !== "gd") && `${t("landscape.legendOptimizers")} · `}
        {t("landscape.legend")}
      </p>
    </section>
  );
}

interface ViewProps {
  store: SeriesStore;
  rates: number[];
  choices: readonly RunOptimizer[] | undefined;
  dataset: Dataset;
  maxSteps: number;
}

function ParabolaView({ store, rates, choices, dataset, maxSteps }: ViewProps) {
  const { t } = useI18n();
  const summaryId = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const nowRef = useRef<HTMLSpanElement>(null);
  const land = useMemo(() => parabolaLandscape(dataset), [dataset]);
  const bound = useMemo(() => maxStableLearningRate(dataset), [dataset]);
  const { kinds, shapes, counts } = useKinds(store, rates, bound, choices);
  const buffer = useMemo(() => new PointBuffer(Math.max(1, rates.length)), [rates]);

  const setup = useCallback(() => {
    let end = 0;
    // Plain descent's side of y follows from its loss and rate; momentum's and Adam's do not, so a
    // class with any of them is re-run (as the valley is) and placed from its predictions.
    const rerun = choices?.some((c) => c.optimizer !== "gd") ?? false;
    const options = batchOptions(maxSteps, choices, rates.length);
    let batch = rerun ? createLearnerBatch(dataset, rates, options) : null;
    const predicted = new Float64Array(Math.max(1, rates.length));
    const runs: RunLosses = {
      count: 0,
      loss(i) {
        const j = Math.min(end, store.lastIndex[i]!);
        return j < 0 ? NaN : (store.ys[i]![j] ?? NaN);
      },
      prediction(i, loss) {
        if (batch) return predicted[i]!;
        return predictionFromLoss(land, rates[i]!, store.xs[Math.min(end, store.lastIndex[i]!)] ?? 0, loss);
      },
    };
    const labels = { prediction: t("landscape.axisPrediction"), loss: t("landscape.axisLoss") };
    return () => {
      const canvas = canvasRef.current;
      const target = canvas && prepareCanvas(canvas);
      if (!target) return;
      end = visibleEnd(store);
      runs.count = Math.min(store.runs, rates.length);
      const step = store.xs[end] ?? 0;
      if (batch) {
        if (batch.step > step) batch = createLearnerBatch(dataset, rates, options);
        while (batch.step < step && batch.running > 0) stepLearnerBatch(batch);
        batchPredictions(batch, predicted);
      }
      const { drawn, off } = drawParabola(target, land, runs, kinds, shapes, buffer, labels);
      report(figureRef.current, nowRef.current, { drawn, off, step }, t("landscape.now", { step, drawn, off }));
    };
  }, [store, rates, choices, dataset, maxSteps, land, kinds, shapes, buffer, t]);
  useFrames(store, canvasRef, setup);

  return (
    <figure ref={figureRef} className="m-0" data-testid="landscape-figure" data-drawn={0}>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={t("landscape.parabolaCanvas")}
        aria-describedby={summaryId}
        className="block h-80 w-full rounded-lg bg-slate-950"
      />
      <figcaption id={summaryId} className="mt-1 text-sm text-slate-200" data-testid="landscape-summary">
        {t("landscape.summary", { runs: rates.length, ...counts })}{" "}
        {t("landscape.figures", { bound: formatRate4(bound), cond: formatCondition(1) })} <span ref={nowRef} />
      </figcaption>
    </figure>
  );
}

function ValleyView(props: ViewProps & { title: string }) {
  const { store, rates, choices, dataset, maxSteps, title } = props;
  const { t } = useI18n();
  const summaryId = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const nowRef = useRef<HTMLSpanElement>(null);
  const plane = useMemo(() => valleyPlane(dataset, { gridSize: 2 }), [dataset]);
  const { kinds, shapes, counts } = useKinds(store, rates, plane.stableBound, choices);
  const buffer = useMemo(() => new PointBuffer(Math.max(1, rates.length)), [rates]);

  const setup = useCallback(() => {
    const options = batchOptions(maxSteps, choices, rates.length);
    let batch = createLearnerBatch(dataset, rates, options);
    const positions = new Float64Array(2 * Math.max(1, rates.length));
    const labels = { stiff: t("landscape.axisStiff"), flat: t("landscape.axisFlat") };
    return () => {
      const canvas = canvasRef.current;
      const target = canvas && prepareCanvas(canvas);
      if (!target) return;
      const step = store.xs[visibleEnd(store)] ?? 0;
      // Replaying backwards: start the class again (a re-run of every rate costs well under a frame).
      if (batch.step > step) batch = createLearnerBatch(dataset, rates, options);
      while (batch.step < step && batch.running > 0) stepLearnerBatch(batch);
      projectBatch(plane, batch, positions);
      const { drawn, off } = drawValley(target, plane, positions, rates.length, kinds, shapes, buffer, labels);
      report(figureRef.current, nowRef.current, { drawn, off, step }, t("landscape.nowValley", { step, drawn, off }));
    };
  }, [store, rates, choices, dataset, maxSteps, plane, kinds, shapes, buffer, t]);
  useFrames(store, canvasRef, setup);

  return (
    <figure ref={figureRef} className="m-0" data-testid="landscape-figure" data-drawn={0}>
      <h3 className="mb-1 font-semibold">{title}</h3>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`${title}: ${t("landscape.valleyCanvas")}`}
        aria-describedby={summaryId}
        className="block h-72 w-full rounded-lg bg-slate-950"
      />
      <figcaption id={summaryId} className="mt-1 text-sm text-slate-200" data-testid="landscape-summary">
        {t("landscape.summary", { runs: rates.length, ...counts })}{" "}
        {t("landscape.figures", {
          bound: formatRate4(plane.stableBound),
          cond: formatCondition(plane.conditionNumber),
        })}{" "}
        <span ref={nowRef} />
      </figcaption>
    </figure>
  );
}

/** The frame's figures, for screen readers (caption text) and tests (data-*), without a React render. */
function report(
  figure: HTMLElement | null,
  now: HTMLElement | null,
  figures: { drawn: number; off: number; step: number },
  text: string,
): void {
  if (figure) {
    figure.dataset.drawn = String(figures.drawn);
    figure.dataset.off = String(figures.off);
    figure.dataset.step = String(figures.step);
  }
  if (now && now.textContent !== text) now.textContent = text;
}
