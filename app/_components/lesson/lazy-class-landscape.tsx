"use client";
// The landscape (a canvas fed by the SeriesStore) and the review's notebook: loaded only where shown, in the browser.
import dynamic from "next/dynamic";

export const LazyClassLandscape = dynamic(() => import("./class-landscape").then((m) => m.ClassLandscape), {
  ssr: false,
  loading: () => <div className="h-96 w-full animate-pulse rounded-xl bg-slate-800" />,
});

// The review's notebook re-runs a run with lib/gd's notebook and printers: loaded after the page.
export const LazyRunNotebook = dynamic(() => import("./run-notebook").then((m) => m.RunNotebook), {
  ssr: false,
  loading: () => <div className="h-64 w-full animate-pulse rounded-xl bg-slate-800" />,
});
