// Frame times of the projector's landscape (issue 14): the real server with the pages (`next build`
// first), S simulated students in a lesson round at 60 steps a second, and the host console open in
// Chromium at 1366×768. Measures requestAnimationFrame intervals (p50/p95/max, frames over 20 ms)
// and long tasks (over 50 ms) while the round plays: what the projector shows, not what the server pays.
// The loss chart's own share is measured apart (its script time per frame, and its full redraws),
// since on a shared, noisy machine the frame times move with everything else that runs.
//   npx tsx scripts/bench-landscape.ts [--students 2000] [--steps 600] [--sps 60] [--seconds 8]
//     [--optimizers gd,momentum,adam]   a mixed class (student i uses the (i mod n)-th)
//     [--connected]   keep the students' sockets open (the server then also fans out to them, on the
//                     same two cores as the browser; by default they leave once the rates are in,
//                     their runs go on, and only the projector is measured)
//     [--without-landscape]   the same page with the landscape's canvas given no context (it then
//                     draws nothing): the difference is what the landscape itself costs
//     [--json out.json]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { io, type Socket } from "socket.io-client";
import { BENCH_INSTRUCTOR_ENV, benchInstructorCookie } from "./bench/bench-session";
import { startServer, type ServerChild } from "./bench/server-child";
import { markdownTable } from "./bench/stats";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "2000" },
    steps: { type: "string", default: "600" },
    sps: { type: "string", default: "60" },
    seconds: { type: "string", default: "8" },
    connected: { type: "boolean", default: false },
    "without-landscape": { type: "boolean", default: false },
    json: { type: "string" },
    // e.g. gd,momentum,adam: the round allows these and student i uses the (i mod n)-th.
    optimizers: { type: "string", default: "gd" },
  },
});
const optimizers = values.optimizers.split(",");
const students = Number(values.students);
const maxSteps = Number(values.steps);
const stepsPerSecond = Number(values.sps);
const seconds = Number(values.seconds);

/** 25 students per loopback address, as the fan-out bench: a classroom's phones, not one NAT. */
const address = (i: number) => {
  const n = Math.floor(i / 25) + 2;
  return `127.0.${Math.floor(n / 254)}.${(n % 254) + 1}`;
};

async function joinStudent(url: string, code: string, i: number, rate: number): Promise<Socket> {
  const optimizer = optimizers[i % optimizers.length]!;
  const socket = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    localAddress: address(i),
  } as Parameters<typeof io>[1]);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const call = async (event: string, payload: unknown) => {
    const reply = (await socket.timeout(60_000).emitWithAck(event, payload)) as {
      ok: boolean;
      error?: { code: string };
    };
    if (!reply.ok) throw new Error(`${event}: ${reply.error?.code}`);
  };
  await call("student:join", { code, nickname: `s${String(i).padStart(4, "0")}` });
  await call("student:submit", optimizer === "gd" ? { learningRate: rate } : { learningRate: rate, optimizer });
  return socket;
}

// Log-uniform over 1e-6..1e-2 (the bench bots' default): about 40% above the lesson's bound
// (they explode at once and sit off the top), the rest converge or creep along the parabola.
const rateOf = (i: number) => Number((1e-6 * Math.pow(1e4, (i * 0.618034) % 1)).toPrecision(3));

// Evaluated in the page as a string (as tests/e2e/phone.ts does): rAF intervals and long tasks.
const START_PROBE = `(() => {
  const probe = { frames: [], longTasks: [], last: 0, on: true };
  window.__landscapeProbe = probe;
  window.__lossChartProbe = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.longTasks.push(e.duration); })
    .observe({ type: "longtask" });
  const tick = (t) => { if (probe.last) probe.frames.push(t - probe.last); probe.last = t; if (probe.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const STOP_PROBE = `(() => { const p = window.__landscapeProbe; p.on = false;
  const f = document.querySelector('[data-testid="landscape-figure"]');
  const chart = document.querySelector('[data-testid="loss-chart"]');
  return { frames: p.frames, longTasks: p.longTasks, drawn: Number(f?.dataset.drawn ?? -1), step: Number(f?.dataset.step ?? -1),
    chart: window.__lossChartProbe.splice(0), rebuilds: Number(chart?.dataset.rebuilds ?? -1) }; })()`;
type Probe = { frames: number[]; longTasks: number[]; drawn: number; step: number; chart: number[]; rebuilds: number };

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("landscape: no build in .next (run `npx next build` first)");
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-landscape-"));
  let server: ServerChild | null = null;
  const sockets: Socket[] = [];
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    server = await startServer({
      DATA_DIR: dataDir,
      SERVE_PAGES: "true",
      NODE_ENV: "production",
      DATABASE_URL: "",
      MAX_PARTICIPANTS: String(Math.max(2000, students)),
      ...BENCH_INSTRUCTOR_ENV,
    });
    // Sessions belong to instructors: one signed-up bench instructor, whose cookie the browser gets too.
    const cookie = await benchInstructorCookie(server.url);
    const created = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, cookie },
      body: JSON.stringify({ title: "landscape bench", dataset: "lesson", maxSteps, stepsPerSecond, optimizers }),
    });
    if (created.status !== 201) throw new Error(`POST /api/sessions: ${created.status} ${await created.text()}`);
    const session = (await created.json()) as { code: string; hostToken: string };
    const joinStart = Date.now();
    for (let i = 0; i < students; i += 50) {
      const batch = Array.from({ length: Math.min(50, students - i) }, (_, k) =>
        joinStudent(server!.url, session.code, i + k, rateOf(i + k)),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    console.log(`landscape: ${students} students joined in ${((Date.now() - joinStart) / 1000).toFixed(1)} s`);
    if (!values.connected) for (const socket of sockets.splice(0)) socket.disconnect();

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const [name = "", ...rest] = pair.split("=");
        return { name, value: rest.join("="), url: server!.url };
      }),
    );
    if (values["without-landscape"])
      await context.addInitScript(`{ const getContext = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (...args) {
          return this.closest('[data-testid="landscape"]') ? null : getContext.apply(this, args);
        }; }`);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(`localStorage.setItem("arena:host:${session.code}", ${JSON.stringify(session.hostToken)})`);
    await page.goto(`${server.url}/host/${session.code}`);
    await page.getByRole("button", { name: /Start/ }).click({ timeout: 60_000 });
    await page.getByTestId("landscape-figure").waitFor({ timeout: 60_000 });
    await page.getByTestId("landscape-figure").scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // past the first ticks and the chunk's first draw
    const rebuildsBefore = Number(await page.getByTestId("loss-chart").getAttribute("data-rebuilds"));
    await page.evaluate(START_PROBE);
    await page.waitForTimeout(seconds * 1000);
    const probe = await page.evaluate<Probe>(STOP_PROBE);
    const frames = [...probe.frames].sort((a, b) => a - b);
    const chart = [...probe.chart].sort((a, b) => a - b);
    const row = {
      students,
      stepsPerSecond,
      connected: values.connected,
      landscape: !values["without-landscape"],
      seconds,
      frames: frames.length,
      fps: frames.length / seconds,
      p50: pct(frames, 0.5),
      p95: pct(frames, 0.95),
      max: frames[frames.length - 1] ?? NaN,
      over20: frames.filter((f) => f > 20).length,
      longTasks: probe.longTasks.length,
      longTaskMs: probe.longTasks.reduce((a, b) => a + b, 0),
      drawn: probe.drawn,
      lastStep: probe.step,
      chartP95: pct(chart, 0.95),
      chartMax: chart[chart.length - 1] ?? NaN,
      chartRedraws: probe.rebuilds - rebuildsBefore,
    };
    const f1 = (x: number) => x.toFixed(1);
    console.log(
      `\nlandscape: host console at 1366×768, lesson round at ${stepsPerSecond} steps/s, ` +
        `${students} students (${values.connected ? "connected" : "runs only"}), ${seconds} s measured` +
        `${values["without-landscape"] ? ", landscape switched off" : ""}\n`,
    );
    console.log(
      markdownTable(
        [
          "students",
          "frames",
          "fps",
          "frame p50 ms",
          "p95 ms",
          "max ms",
          "> 20 ms",
          "long tasks (ms)",
          "drawn",
          "step reached",
          "chart ms/frame p95 (max)",
          "full redraws",
        ],
        [
          [
            String(students),
            String(row.frames),
            f1(row.fps),
            f1(row.p50),
            f1(row.p95),
            f1(row.max),
            String(row.over20),
            `${row.longTasks} (${f1(row.longTaskMs)})`,
            String(row.drawn),
            String(row.lastStep),
            chart.length ? `${f1(row.chartP95)} (${f1(row.chartMax)})` : "-",
            chart.length ? String(row.chartRedraws) : "-",
          ],
        ],
      ),
    );
    if (values.json) await writeFile(values.json, JSON.stringify(row, null, 2));
  } finally {
    for (const socket of sockets) socket.disconnect();
    await browser.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
