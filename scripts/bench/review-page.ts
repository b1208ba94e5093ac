// The session page as an instructor opens it (issue 16), on the review benchmark's round
// (scripts/bench-review.ts): Debian's Chromium, a fresh browser context each time (nothing cached)
// holding the instructor's cookie, `/sessions/:id` opened and timed from navigation start to the
// chart's first frame with data (scripts/bench/page-probe.ts says how that is recognised), with
// the bytes the browser itself counted. Three machines: this one, its CPU slowed 4x (a school
// Chromebook), and a 10 Mbit/s line with 40 ms latency. The server is a fresh one serving the
// pages; its first render of the route is paid before the measured runs, as a server that has been
// up a while has. Prints figures; asserts nothing.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../tests/helpers/chromium";
import { benchInstructorCookie } from "./bench-session";
import {
  builtChartMarker,
  CHART_TIMING_SCRIPT,
  type ChartMarker,
  rendererPeakMB,
  recordNetwork,
  shortUrl,
} from "./page-probe";
import { startServer } from "./server-child";

interface PageProfile {
  name: string;
  label: string;
  cpuRate?: number;
  network?: { latency: number; downloadThroughput: number; uploadThroughput: number };
}

const MBIT = 1e6 / 8; // bytes a second
export const PAGE_PROFILES: PageProfile[] = [
  { name: "desktop", label: "this machine, loopback" },
  { name: "cpu4", label: "CPU slowed 4x (a school Chromebook)", cpuRate: 4 },
  {
    name: "net10",
    label: "10 Mbit/s, 40 ms latency",
    network: { latency: 40, downloadThroughput: 10 * MBIT, uploadThroughput: 10 * MBIT },
  },
];

export interface ReviewPageOptions {
  runs: number;
  /** Names from PAGE_PROFILES. */
  profiles: string[];
  /** Run `scripts/build-if-stale.mjs` first (as `npm start` does); off: measure the build as it is. */
  build: boolean;
}

/** Per page load: the old page at 1,000 x 10,000 on a 10 Mbit/s line needs about two minutes. */
const TIMEOUT_MS = 300_000;

interface PageRun {
  chartMs: number;
  apiDoneMs: number;
  bytesAtChart: number;
  totalBytes: number;
  biggestApi: { url: string; bytes: number };
  largest: Array<{ url: string; bytes: number }>;
  heapMB: number;
  rendererPeakMB: number;
}

async function openOnce(
  browser: Browser,
  url: string,
  cookie: string,
  profile: PageProfile,
  marker: ChartMarker,
): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
  try {
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const at = pair.indexOf("=");
        // For the whole site: a cookie set for the page's URL would be kept to its path (/sessions).
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: new URL(url).origin };
      }),
    );
    await context.addInitScript(CHART_TIMING_SCRIPT);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const network = await recordNetwork(cdp);
    await cdp.send("Performance.enable");
    if (profile.cpuRate) await cdp.send("Emulation.setCPUThrottlingRate", { rate: profile.cpuRate });
    if (profile.network) await cdp.send("Network.emulateNetworkConditions", { offline: false, ...profile.network });

    // A refused API call (signed out, not the owner) leaves the page without a chart: fail now.
    const refused = new Promise<never>((_, reject) =>
      page.on("response", (response) => {
        if (response.status() >= 400 && new URL(response.url()).pathname.startsWith("/api/"))
          reject(new Error(`${response.status()} from ${shortUrl(response.url())}`));
      }),
    );
    refused.catch(() => {}); // read by the race below; unread once the chart is drawn
    await page.goto(url, { waitUntil: "commit", timeout: TIMEOUT_MS });
    type Timing = { ready: number | null; fallback: number | null; alert: string | null };
    const read = () => page.evaluate(() => (window as unknown as { __chartTiming: Timing }).__chartTiming);
    const drawn = page.waitForFunction(
      (key) => {
        const timing = (window as unknown as { __chartTiming: Timing }).__chartTiming;
        return timing[key as keyof Timing] !== null || timing.alert !== null;
      },
      marker,
      { timeout: TIMEOUT_MS, polling: 100 },
    );
    await Promise.race([drawn, refused]);
    const bytesAtChart = network.bytes();
    const { JSHeapUsedSize } = Object.fromEntries(
      (await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]),
    );
    const timing = await read();
    const chartMs = timing[marker];
    if (chartMs === null) throw new Error(`the page showed an alert: ${timing.alert}`);
    await network.settle();
    // When the biggest API response (the history, or the summary) had arrived, on the page's clock.
    const apiDoneMs = await page.evaluate(() => {
      const api = performance
        .getEntriesByType("resource")
        .filter((entry) => new URL(entry.name).pathname.startsWith("/api/")) as PerformanceResourceTiming[];
      return api.sort((a, b) => b.encodedBodySize - a.encodedBodySize)[0]?.responseEnd ?? NaN;
    });
    const largest = network.largest().map((response) => ({ url: shortUrl(response.url), bytes: response.bytes }));
    return {
      chartMs,
      apiDoneMs,
      bytesAtChart,
      totalBytes: network.bytes(),
      biggestApi: largest.find((response) => response.url.startsWith("/api/")) ?? { url: "-", bytes: NaN },
      largest: largest.slice(0, 4),
      heapMB: (JSHeapUsedSize ?? NaN) / 2 ** 20,
      rendererPeakMB: rendererPeakMB(),
    };
  } finally {
    await context.close();
  }
}

/** "12.3 (11.9-13.0)": the median and range of `values`, with `digits` decimals. */
function medianRange(values: number[], digits: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(digits);
  const median = f(sorted[Math.floor(sorted.length / 2)]!);
  return sorted.length > 1 ? `${median} (${f(sorted[0]!)}-${f(sorted[sorted.length - 1]!)})` : median;
}

function profileRows(profile: PageProfile, runs: PageRun[], marker: string, failures: string[]): string[][] {
  const head = `page, ${profile.label}: first chart, s [${marker}]`;
  if (runs.length === 0) return [[head, `no run finished: ${failures.join("; ")}`]];
  const of = (pick: (run: PageRun) => number, digits: number) => medianRange(runs.map(pick), digits);
  const MB = 1e6;
  const biggest = runs[0]!.biggestApi;
  return [
    [head, `${of((r) => r.chartMs / 1000, 2)}${failures.length ? `; failed: ${failures.join("; ")}` : ""}`],
    // Each label names its profile: the benchmark's table keys its rows by label.
    [`  ${profile.name}: biggest API response done at, s`, of((r) => r.apiDoneMs / 1000, 2)],
    [
      `  ${profile.name}: MB transferred by first chart / in all; biggest API response`,
      `${of((r) => r.bytesAtChart / MB, 2)} / ${of((r) => r.totalBytes / MB, 2)}; ${biggest.url} ${of((r) => r.biggestApi.bytes / MB, 2)}`,
    ],
    [
      `  ${profile.name}: JS heap at first chart / renderer peak RSS, MiB`,
      `${of((r) => r.heapMB, 0)} / ${of((r) => r.rendererPeakMB, 0)}`,
    ],
  ];
}

const pageMarkerLabel = {
  ready: 'data-chart-ready="true"',
  fallback: "FALLBACK: chart canvas + replay slider (this build sets no data-chart-ready)",
};

/**
 * On a fresh server over the benchmark's database (`env`): `cookie` is the session's owner, or
 * empty to sign up the server's first instructor (who then owns it). Rows [label, value].
 */
export async function measureReviewPage(
  env: Record<string, string>,
  sessionId: string,
  cookie: string,
  options: ReviewPageOptions,
): Promise<string[][]> {
  if (options.build) {
    const built = spawnSync(process.execPath, ["scripts/build-if-stale.mjs"], { stdio: "inherit" });
    if (built.status !== 0) return [["page", `skipped: building the pages failed (${built.status})`]];
  }
  const buildId = readFileSync(".next/BUILD_ID", "utf8").trim();
  const marker = builtChartMarker();
  const server = await startServer({ ...env, SERVE_PAGES: "true", NODE_ENV: "production" });
  let browser: Browser | undefined;
  try {
    const owner = cookie || (await benchInstructorCookie(server.url));
    const url = `${server.url}/sessions/${sessionId}`;
    for (const warm of [url, `${server.url}/api/me`]) await (await fetch(warm, { headers: { cookie: owner } })).text();
    browser = await launchChromium();
    const rows: string[][] = [[`page: build ${buildId}, chart marker`, pageMarkerLabel[marker]]];
    for (const profile of PAGE_PROFILES.filter((p) => options.profiles.includes(p.name))) {
      const runs: PageRun[] = [];
      const failures: string[] = [];
      for (let i = 0; i < options.runs; i++) {
        const started = performance.now();
        try {
          runs.push(await openOnce(browser, url, owner, profile, marker));
        } catch (error) {
          failures.push(
            `${(error as Error).message.split("\n")[0]} after ${((performance.now() - started) / 1000).toFixed(0)} s`,
          );
        }
        console.log(`page ${profile.name} run ${i + 1}: ${runs.at(-1)?.chartMs.toFixed(0) ?? "failed"} ms`);
      }
      rows.push(...profileRows(profile, runs, marker, failures));
      if (profile.name === "desktop" && runs[0])
        rows.push([
          "  largest responses, MB",
          runs[0].largest.map((r) => `${r.url} ${(r.bytes / 1e6).toFixed(2)}`).join(", "),
        ]);
    }
    return rows;
  } finally {
    await browser?.close();
    await server.stop();
  }
}
