// Review benchmark (issue 16): a finished round of 1,000 students x 10,000 steps (every run to the
// last step) written straight into a fresh database through the real repositories, then read back
// through the real server (a child process, scripts/bench/server-child.ts) as an instructor:
// GET /api/sessions/:id and the CSV export (bytes, time, the server's longest event-loop delay and
// peak memory), the server's idle memory before and after, bytes per stored loss, what a
// summary of the same round made with lib/series would weigh, then on a fresh server the review
// endpoints (summary, replay ranking, a page of runs: scripts/bench/review-api.ts). Embedded database, then PostgreSQL
// when reachable. Before that server stops, the CSV export again while a live round of 500 students
// plays on it (scripts/bench/review-live-export.ts). Prints figures; asserts nothing.
//   npx tsx scripts/bench-review.ts [--students 1000] [--steps 10000] [--skip-postgres] [--skip-live]
// Then on a third server the session page in Chromium (first chart, bytes: scripts/bench/review-page.ts):
//     [--page-only]     only the round stored and the page (no lib/series table, API or CSV measures)
//     [--skip-page]     everything but the page
//     [--page-runs 3]   page loads per machine profile (median and range printed)
//     [--page-profiles desktop,cpu4,net10]   this machine; CPU slowed 4x; 10 Mbit/s, 40 ms
//     [--skip-build]    measure the pages as built in .next (default: build them first when stale)
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type DatabaseTarget } from "../server/db/database";
import { BENCH_INSTRUCTOR_ENV, benchInstructorCookie } from "./bench/bench-session";
import { readMemory } from "./bench/proc-stats";
import { download, folderBytes, idleRss, pgSize, runTableBytes } from "./bench/review-measures";
import { measureReviewApi } from "./bench/review-api";
import { measureReviewPage } from "./bench/review-page";
import { measureLiveExport } from "./bench/review-live-export";
import { makeReviewRound, writeReviewRound, type ReviewRound } from "./bench/review-round";
import { measureSummary, serverSummary, summaryFromDatabase } from "./bench/review-summary";
import { startServer } from "./bench/server-child";
import { markdownTable } from "./bench/stats";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "1000" },
    steps: { type: "string", default: "10000" },
    "skip-postgres": { type: "boolean", default: false },
    // Without the CSV export during a live 500-student round (scripts/bench/review-live-export.ts).
    "skip-live": { type: "boolean", default: false },
    "page-only": { type: "boolean", default: false },
    "skip-page": { type: "boolean", default: false },
    "page-runs": { type: "string", default: "3" },
    "page-profiles": { type: "string", default: "desktop,cpu4,net10" },
    "skip-build": { type: "boolean", default: false },
  },
});
const PAGE_OPTIONS = {
  runs: Number(values["page-runs"]),
  profiles: values["page-profiles"].split(","),
  build: !values["skip-build"],
};
const benchPage = (env: Record<string, string>, sessionId: string, cookie: string) =>
  measureReviewPage({ ...env, ...BENCH_INSTRUCTOR_ENV }, sessionId, cookie, PAGE_OPTIONS);
const STUDENTS = Number(values.students);
const STEPS = Number(values.steps);
const IDLE_SECONDS = 10;
const MB = 1e6;

async function benchTarget(name: string, target: DatabaseTarget, env: Record<string, string>, round: ReviewRound) {
  const sessionId = crypto.randomUUID();
  const db = await openDatabase(target);
  // On disk: the Run table (with its TOAST and indexes), and everything the database grew by:
  // the data folder for the embedded one (write-ahead log included), pg_database_size otherwise.
  const databaseBytes = () => (target.kind === "embedded" ? folderBytes(target.dataDir!) : pgSize(target.url));
  const [tableBefore, sizeBefore] = [await runTableBytes(db), await databaseBytes()];
  const store = await writeReviewRound(db, sessionId, round);
  const tableAfter = await runTableBytes(db);
  const uncached = await summaryFromDatabase(db, 1000);
  const made = await serverSummary(db, sessionId);
  const textBytes = round.runs.reduce((sum, run) => sum + Math.ceil((run.losses.length * 8) / 3) * 4, 0);
  await db.close();
  const sizeAfter = await databaseBytes();
  const tagged = (rows: string[][]) => rows.map(([label, value]) => ({ label: label!, name, value: value! }));
  if (values["page-only"]) return tagged(await benchPage(env, sessionId, ""));

  let rows: string[][] = [];
  let cookie = "";
  const server = await startServer({ ...env, ...BENCH_INSTRUCTOR_ENV });
  try {
    const idleBefore = await idleRss(server, IDLE_SECONDS);
    cookie = await benchInstructorCookie(server.url);
    server.resetEventLoop();
    const json = await download(`${server.url}/api/sessions/${sessionId}`, cookie, '"participantId"');
    const jsonLoop = await server.readEventLoop();
    const jsonPeak = readMemory(server.pid).peakMB;
    if (json.markers !== round.runs.length)
      throw new Error(`GET returned ${json.markers} runs, not ${round.runs.length}`);
    // The CSV plain, then gzip (what fetch and browsers ask for by default); bytes counted unpacked.
    const csvUrl = `${server.url}/api/sessions/${sessionId}/export.csv`;
    server.resetEventLoop();
    const csv = await download(csvUrl, cookie, "\r\n", { "accept-encoding": "identity" });
    const csvLoop = await server.readEventLoop();
    server.resetEventLoop();
    const gzipCsv = await download(csvUrl, cookie, "\r\n");
    const gzipLoop = await server.readEventLoop();
    for (const { markers } of [csv, gzipCsv])
      if (markers !== round.lossCount + 1) throw new Error(`CSV has ${markers} lines, not ${round.lossCount + 1}`);
    const idleAfter = await idleRss(server, IDLE_SECONDS);
    const peak = readMemory(server.pid).peakMB;
    // Garbage a full collection would free still counts here: V8 does not collect an idle heap.
    const heap = await server.readEventLoop();
    const f = (n: number, digits = 0) => n.toFixed(digits);
    rows = [
      ["store the round (finishRound)", `${f(store.ms)} ms, longest stall ${f(store.stallMs)} ms`],
      [
        "bytes per stored loss: base64 text / Run table / database growth",
        [textBytes, tableAfter - tableBefore, sizeAfter - sizeBefore].map((b) => f(b / round.lossCount, 2)).join(" / "),
      ],
      [
        "summary from the database, uncached (read + decode; + reduce)",
        `${f(uncached.readMs)} ms; ${f(uncached.totalMs)} ms`,
      ],
      [
        "summary as the server makes it (server code, this process)",
        `${f(made.chars / MB, 2)} MB in ${f(made.ms)} ms, longest stall ${f(made.stallMs)} ms`,
      ],
      ["idle RSS after start (MiB)", f(idleBefore)],
      [
        "GET /api/sessions/:id",
        `${f(json.bytes / MB, 1)} MB in ${f(json.ms / 1000, 2)} s (first byte ${f(json.firstByteMs)} ms)`,
      ],
      ["  server: longest event-loop delay / peak RSS", `${f(jsonLoop?.max ?? NaN)} ms / ${f(jsonPeak)} MiB`],
      [
        "CSV export",
        `${f(csv.bytes / MB, 1)} MB in ${f(csv.ms / 1000, 1)} s = ${f(csv.bytes / MB / (csv.ms / 1000), 1)} MB/s`,
      ],
      ["  server: longest event-loop delay", `${f(csvLoop?.max ?? NaN)} ms`],
      [
        "CSV export, gzip level 1 (MB of CSV)",
        `${f(gzipCsv.bytes / MB, 1)} MB in ${f(gzipCsv.ms / 1000, 1)} s = ${f(gzipCsv.bytes / MB / (gzipCsv.ms / 1000), 1)} MB/s`,
      ],
      ["  server: longest event-loop delay (gzip)", `${f(gzipLoop?.max ?? NaN)} ms`],
      ["idle RSS after the review / peak RSS (MiB)", `${f(idleAfter)} / ${f(peak)}`],
      [
        "  of which JS heap used / array buffers (MiB)",
        `${f(heap?.heapUsedMB ?? NaN)} / ${f(heap?.arrayBuffersMB ?? NaN)}`,
      ],
    ];
    if (!values["skip-live"]) {
      const lines = { long: round.lossCount + 1, wide: round.runs.length + 1 };
      rows.push(...(await measureLiveExport(server, cookie, sessionId, lines)));
    }
  } finally {
    await server.stop();
  }
  // The review endpoints on a fresh server, as the session page would use them; the same
  // instructor (its cookie is stored in the database, so it outlives the server that made it).
  const reviewServer = await startServer({ ...env, ...BENCH_INSTRUCTOR_ENV });
  try {
    rows.push(...(await measureReviewApi(reviewServer, cookie, sessionId, round.runs.length)));
  } finally {
    await reviewServer.stop();
  }
  if (!values["skip-page"]) rows.push(...(await benchPage(env, sessionId, cookie)));
  return tagged(rows);
}

const cleanups: Array<() => Promise<void>> = [];
const cleanUp = async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
};
process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

try {
  const started = performance.now();
  const round = makeReviewRound(STUDENTS, STEPS);
  const statuses = new Set(round.runs.map((run) => run.status));
  console.log(
    `round: ${STUDENTS} students x ${STEPS} steps, ${round.lossCount.toLocaleString("en")} losses` +
      ` (statuses: ${[...statuses].join(", ")}), trained in ${(performance.now() - started).toFixed(0)} ms`,
  );
  const summaries = (values["page-only"] ? [] : [1000, 500, 250]).flatMap((columns) =>
    (["f64", "f32"] as const).map((f) => measureSummary(round, columns, f)),
  );
  console.log("\nSummary made with lib/series (reduced series, compact encoding, base64 in JSON):\n");
  console.log(
    markdownTable(
      ["columns", "values", "points/run", "JSON MB", "gzip MB", "reduce ms", "encode ms", "gzip ms"],
      summaries.map((s) => [
        String(s.columns),
        s.format,
        s.pointsPerRun.toFixed(0),
        (s.bytes / MB).toFixed(2),
        (s.gzipBytes / MB).toFixed(2),
        s.reduceMs.toFixed(0),
        s.encodeMs.toFixed(0),
        s.gzipMs.toFixed(0),
      ]),
    ),
  );

  const rows: Array<{ label: string; name: string; value: string }> = [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-review-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  rows.push(...(await benchTarget("embedded", { kind: "embedded", dataDir }, { DATA_DIR: dataDir }, round)));
  await cleanUp();

  if (!values["skip-postgres"]) {
    const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    const name = `arena_review_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    const created = await admin
      .connect()
      .then(() => admin.query(`CREATE DATABASE "${name}"`))
      .then(
        () => true,
        (error: Error) => console.log(`\nPostgreSQL: skipped (${error.message}); set TEST_POSTGRES_URL to include it`),
      );
    if (created) {
      cleanups.push(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      });
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const target = { kind: "postgres", url: url.toString() } as const;
      rows.push(...(await benchTarget("postgres", target, { DATABASE_URL: url.toString() }, round)));
    } else await admin.end().catch(() => {});
  }
  const labels = [...new Set(rows.map((row) => row.label))];
  const names = [...new Set(rows.map((row) => row.name))];
  console.log(`\nReview costs (idle = ${IDLE_SECONDS} s with no client, median of the last 5 samples):\n`);
  console.log(
    markdownTable(
      ["", ...names],
      labels.map((label) => [
        label,
        ...names.map((n) => rows.find((r) => r.label === label && r.name === n)?.value ?? ""),
      ]),
    ),
  );
} finally {
  await cleanUp();
}
