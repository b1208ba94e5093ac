// The review endpoints as the session page uses them (issue 16), measured on a fresh server holding
// the review benchmark's round (scripts/bench-review.ts): the summary on first request (made from
// the stored series) and cached, its size plain and gzipped, the replay ranking at random steps
// (the first request reads the round's series into the replay cache), one page of the paged
// history and one run's full series; the server's longest event-loop delay and memory meanwhile.
import { request } from "node:http";
import type { RoundRanking, SessionReviewSummary } from "../../lib/api-types";
import { seededRandom } from "../../lib/seeded-random";
import { decodeSummarySeries } from "../../lib/series/summary-series";
import { readMemory } from "./proc-stats";
import type { ServerChild } from "./server-child";

const MB = 1e6;

async function timedGet(url: string, cookie: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie, "accept-encoding": "identity", ...headers } });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${body.toString()}`);
  return { ms: performance.now() - started, bytes: body.length, body };
}

/** Bytes on the wire with `Accept-Encoding: gzip` (fetch would unpack them). */
function wireBytes(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { cookie, "accept-encoding": "gzip" }, agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve(bytes));
    });
    req.on("error", reject);
    req.end();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Figures as [label, value] rows, for the benchmark's table. */
export async function measureReviewApi(server: ServerChild, cookie: string, sessionId: string, runCount: number) {
  const base = `${server.url}/api/sessions/${sessionId}`;
  const f = (n: number, digits = 0) => n.toFixed(digits);
  const rssBefore = readMemory(server.pid).rssMB;
  // What a session page asks first: the server's one-time costs (sign-in check, the database
  // client's first queries) are paid there, not by the summary.
  for (const path of ["/api/me", "/api/sessions"]) await timedGet(`${server.url}${path}`, cookie);

  server.resetEventLoop();
  const first = await timedGet(`${base}/summary`, cookie);
  const firstLoop = await server.readEventLoop();
  const summary = JSON.parse(first.body.toString()) as SessionReviewSummary;
  const round = summary.rounds[0]!;
  if (round.runs.length !== runCount) throw new Error(`the summary has ${round.runs.length} runs, not ${runCount}`);
  const cached: number[] = [];
  for (let i = 0; i < 5; i++) cached.push((await timedGet(`${base}/summary`, cookie)).ms);
  const gzipBytes = await wireBytes(`${base}/summary`, cookie);
  const points = round.runs.reduce((sum, run) => sum + decodeSummarySeries(run.series).steps.length, 0);
  const seriesChars = round.runs.reduce((sum, run) => sum + run.series.length, 0);

  const random = seededRandom(16);
  server.resetEventLoop();
  const rankingFirst = await timedGet(`${base}/rounds/1/ranking?step=${Math.floor(round.lastStep / 2)}`, cookie);
  const rankingLoop = await server.readEventLoop();
  const rankings: number[] = [];
  let rankingBytes = 0;
  for (let i = 0; i < 50; i++) {
    const step = Math.floor(random() * (round.lastStep + 1));
    const reply = await timedGet(`${base}/rounds/1/ranking?step=${step}&limit=10`, cookie);
    rankings.push(reply.ms);
    rankingBytes = reply.bytes;
    const ranking = JSON.parse(reply.body.toString()) as RoundRanking;
    if (ranking.ranking.length !== 10) throw new Error(`ranking at ${step}: ${ranking.ranking.length} entries`);
  }
  const whole = await timedGet(`${base}/rounds/1/ranking?step=${round.lastStep}`, cookie);

  server.resetEventLoop();
  const page = await timedGet(`${base}?offset=0&limit=50`, cookie);
  const run = await timedGet(`${base}/rounds/1/runs/${round.runs[0]!.participantId}`, cookie);
  const pagesLoop = await server.readEventLoop();
  const memory = readMemory(server.pid);
  const loop = await server.readEventLoop();

  return [
    [
      "summary, first request (made from the stored series)",
      `${f(first.bytes / MB, 2)} MB in ${f(first.ms)} ms; longest event-loop delay ${f(firstLoop?.max ?? NaN)} ms`,
    ],
    [
      "  columns / points a run / characters of base64 a point",
      `${round.columns} / ${f(points / runCount)} / ${f(seriesChars / points, 2)}`,
    ],
    ["summary, cached (median of 5) / gzip on the wire", `${f(median(cached))} ms / ${f(gzipBytes / MB, 2)} MB`],
    [
      "ranking at a step, first (reads the round) / delay",
      `${f(rankingFirst.ms)} ms / ${f(rankingLoop?.max ?? NaN)} ms`,
    ],
    [
      "ranking at 50 random steps, top 10: median / max",
      `${f(median(rankings), 1)} / ${f(Math.max(...rankings), 1)} ms, ${rankingBytes} bytes`,
    ],
    ["ranking, all runs", `${f(whole.ms, 1)} ms, ${f(whole.bytes / 1e3)} kB`],
    [
      "a page of 50 runs / one run's full series",
      `${f(page.bytes / MB, 1)} MB in ${f(page.ms)} ms / ${f(run.bytes / 1e3)} kB in ${f(run.ms)} ms; delay ${f(pagesLoop?.max ?? NaN)} ms`,
    ],
    [
      "server RSS before / after / peak (MiB); heap, array buffers",
      `${f(rssBefore)} / ${f(memory.rssMB)} / ${f(memory.peakMB)}; ${f(loop?.heapUsedMB ?? NaN)}, ${f(loop?.arrayBuffersMB ?? NaN)}`,
    ],
  ];
}
