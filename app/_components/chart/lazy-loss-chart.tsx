"use client";
// The chart draws on a canvas in the browser: load it only where a chart is shown, never on the server.
import dynamic from "next/dynamic";

const loadLossChart = () => import("./loss-chart");

/**
 * Starts fetching the chart's code now: a page that shows a chart once its data has come (the
 * session review) calls it before asking for the data, so the code arrives while the data downloads.
 */
export function preloadLossChart(): void {
  void loadLossChart().catch(() => {}); // a failed load is retried (and reported) when the chart renders
}

export const LazyLossChart = dynamic(loadLossChart, {
  ssr: false,
  loading: () => <div className="h-[420px] w-full animate-pulse rounded-lg bg-slate-800" />,
});
