"use client";
// The chart draws on a canvas in the browser: load it only where a chart is shown, never on the server.
import dynamic from "next/dynamic";

export const LazyLossChart = dynamic(() => import("./loss-chart"), {
  ssr: false,
  loading: () => <div className="h-[420px] w-full animate-pulse rounded-lg bg-slate-800" />,
});
