// What the review page benchmark (scripts/bench/review-page.ts) reads from Chromium itself: when the
// chart is first drawn (a MutationObserver in the page, so the time is the page's own clock from
// navigation start, not the benchmark's polling), the bytes of the browser's own network events
// over CDP, and the renderer's peak memory from /proc (Linux only).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CDPSession } from "playwright-core";
import { readMemory } from "./proc-stats";

/**
 * How the chart's first frame is recognised. "ready": the page marks the chart's container with
 * data-chart-ready="true" once a frame with data is drawn. "fallback", for builds without that
 * attribute: the chart's canvas is in place and the replay slider visible (the old page inserts
 * the canvas once it has drawn the data it was given, and renders both only after the history).
 */
export type ChartMarker = "ready" | "fallback";

/** Whether the built pages (`.next`) set data-chart-ready anywhere: JSX keeps the attribute name, `dataset` the camel case. */
export function builtChartMarker(nextDir = ".next"): ChartMarker {
  const chunks = path.join(nextDir, "static", "chunks");
  for (const entry of readdirSync(chunks, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const text = readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    if (text.includes("data-chart-ready") || text.includes("chartReady")) return "ready";
  }
  return "fallback";
}

/** Installed before any of the page's scripts: records performance.now() when each marker first holds. */
export const CHART_TIMING_SCRIPT = `(() => {
  const timing = { ready: null, fallback: null, alert: null };
  window.__chartTiming = timing;
  const check = () => {
    const now = performance.now();
    if (timing.ready === null && document.querySelector('[data-chart-ready="true"]')) timing.ready = now;
    const slider = document.querySelector('[data-testid="replay-slider"]');
    if (timing.fallback === null && document.querySelector('[data-testid="loss-chart"] canvas') &&
        slider && slider.checkVisibility()) timing.fallback = now;
    const alert = document.querySelector('[role="alert"]');
    if (timing.alert === null && alert) timing.alert = alert.textContent || "alert";
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-chart-ready", "style", "class"],
  });
})();`;

export interface Response {
  url: string;
  bytes: number;
}

/**
 * Bytes as the browser counts them (`encodedDataLength` of Network.loadingFinished: headers and
 * body as they came over the wire, compressed if they were), by URL from Network.responseReceived.
 */
export async function recordNetwork(cdp: CDPSession) {
  const urls = new Map<string, string>();
  const pending = new Set<string>();
  const finished: Response[] = [];
  let lastEventAt = performance.now();
  let failed = 0;
  cdp.on("Network.requestWillBeSent", (event) => {
    pending.add(event.requestId);
    urls.set(event.requestId, event.request.url);
    lastEventAt = performance.now();
  });
  cdp.on("Network.responseReceived", (event) => void urls.set(event.requestId, event.response.url));
  cdp.on("Network.loadingFinished", (event) => {
    pending.delete(event.requestId);
    finished.push({ url: urls.get(event.requestId) ?? "?", bytes: event.encodedDataLength });
    lastEventAt = performance.now();
  });
  cdp.on("Network.loadingFailed", (event) => {
    pending.delete(event.requestId);
    failed++;
    lastEventAt = performance.now();
  });
  await cdp.send("Network.enable");
  const bytes = () => finished.reduce((sum, response) => sum + response.bytes, 0);
  return {
    bytes,
    failed: () => failed,
    /** Responses so far, largest first. */
    largest: () => [...finished].sort((a, b) => b.bytes - a.bytes),
    /** Resolves once nothing is in flight and nothing happened for `quietMs` (or after `maxMs`). */
    async settle(quietMs = 1_000, maxMs = 30_000) {
      const started = performance.now();
      while (performance.now() - started < maxMs) {
        if (pending.size === 0 && performance.now() - lastEventAt >= quietMs) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** A URL without origin and query, ids shortened: what a response is, not which one. */
export function shortUrl(url: string): string {
  try {
    const { pathname } = new URL(url);
    return pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id");
  } catch {
    return url;
  }
}

/** Chromium renderers started by this process (its descendants), by their command line. */
function rendererPids(): number[] {
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      // Not the browser's own WebUI renderer (--top-chrome-webui), which every launch has.
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (command.includes("--type=renderer") && !command.includes("--top-chrome-webui")) renderers.push(Number(entry));
    } catch {
      // it exited meanwhile
    }
  }
  const ours = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at))
      if (at === process.pid) return true;
    return false;
  };
  return renderers.filter(ours);
}

/**
 * The largest peak resident memory (VmHWM, MiB) among this process's Chromium renderers: the
 * page's own renderer, as each browser context gets fresh renderers and closed ones exit.
 */
export function rendererPeakMB(): number {
  let peak = NaN;
  for (const pid of rendererPids()) {
    try {
      const { peakMB } = readMemory(pid);
      if (!(peak >= peakMB)) peak = peakMB;
    } catch {
      // it exited meanwhile
    }
  }
  return peak;
}
