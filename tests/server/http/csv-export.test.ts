// The CSV export over HTTP (GET /api/sessions/:id/export.csv): gzip that unpacks to the plain
// file byte for byte, the wide layout holding the long layout's values, and a large export that
// leaves the event loop free for live rooms meanwhile.
import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RoundRepository, type FinishedRun } from "../../../server/db/round-repo";
import { apiJson, fixtureInstructor, hostSession, joinStudent } from "../../helpers/session-fixture";
import { nextEvent, request, startTestServer, type TestServer } from "../../helpers/test-server";

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  cookie = (await fixtureInstructor(server)).cookie;
});
afterAll(() => server.close());

/** The body's bytes exactly as sent (fetch would unpack gzip itself). */
function rawGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers: { cookie, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Rows of a CSV without quoted commas (nicknames here have none), header first. */
const rowsOf = (text: string) =>
  text
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(","));

/** A played session: two rounds of different lengths, runs of different lengths (one diverges at once). */
async function playedSession() {
  const session = await hostSession(server, { maxSteps: 6 });
  await joinStudent(server, session.code, "=HYPERLINK(1)", 1);
  await joinStudent(server, session.code, "Bo", 1e-6);
  await joinStudent(server, session.code, "Cy", 0.02);
  for (const maxSteps of [6, 3]) {
    if (maxSteps !== 6) expect((await request(session.host, "host:newRound", { maxSteps })).ok).toBe(true);
    const finished = nextEvent(session.host, "room:finished");
    await request(session.host, "host:start", {});
    await finished;
  }
  return session;
}

describe("CSV export", () => {
  it("sends gzip (level 1) that unpacks to the plain CSV byte for byte, when asked either way", async () => {
    const session = await playedSession();
    const path = `/api/sessions/${session.id}/export.csv`;
    for (const layout of ["", "?layout=wide"]) {
      const plain = await rawGet(`${path}${layout}`);
      expect(plain.status).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toBe("Accept-Encoding");
      expect(plain.body.subarray(0, 6).toString()).toBe("round,");
      const asked = [
        await rawGet(`${path}${layout}${layout ? "&" : "?"}gzip=1`),
        await rawGet(`${path}${layout}`, { "accept-encoding": "gzip, deflate" }),
      ];
      for (const gzip of asked) {
        expect(gzip.headers["content-encoding"]).toBe("gzip");
        expect(gzip.headers.vary).toBe("Accept-Encoding");
        expect(gzip.body[0]).toBe(0x1f); // gzip's magic number, not text
        expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      }
      const refused = await rawGet(`${path}${layout}${layout ? "&" : "?"}gzip=0`, { "accept-encoding": "gzip" });
      expect(refused.headers["content-encoding"]).toBeUndefined();
      expect(refused.body.equals(plain.body)).toBe(true);
    }
  });

  it("gives one row per run in the wide layout, with the long layout's values", async () => {
    const session = await playedSession();
    const long = rowsOf((await rawGet(`/api/sessions/${session.id}/export.csv`)).body.toString());
    const wide = rowsOf((await rawGet(`/api/sessions/${session.id}/export.csv?layout=wide`)).body.toString());
    expect(wide[0]!.slice(0, 7)).toEqual(
      ["round", "participant_id", "nickname", "learning_rate", "status"].concat(["optimizer", "momentum"]),
    );
    expect(wide[0]!.slice(7)).toEqual(["loss_0", "loss_1", "loss_2", "loss_3", "loss_4", "loss_5", "loss_6"]);
    // Long rows regrouped by (round, participant): the same runs, in the same order, same losses.
    const runs = new Map<string, { fields: string[]; losses: string[] }>();
    for (const [round, id, nickname, rate, status, step, loss, optimizer, momentum] of long.slice(1)) {
      const key = `${round},${id}`;
      if (!runs.has(key))
        runs.set(key, { fields: [round!, id!, nickname!, rate!, status!, optimizer!, momentum!], losses: [] });
      expect(Number(step)).toBe(runs.get(key)!.losses.length);
      runs.get(key)!.losses.push(loss!);
    }
    expect(wide.length - 1).toBe(runs.size);
    expect(runs.size).toBe(6);
    const lengths = new Set<number>();
    for (const [i, { fields, losses }] of [...runs.values()].entries()) {
      const row = wide[i + 1]!;
      expect(row).toHaveLength(7 + 7);
      expect(row.slice(0, 7)).toEqual(fields);
      expect(row.slice(7, 7 + losses.length)).toEqual(losses);
      expect(row.slice(7 + losses.length).every((cell) => cell === "")).toBe(true);
      lengths.add(losses.length);
    }
    expect(lengths.size).toBeGreaterThan(1); // a diverged run is shorter: padding was exercised
  });

  it("refuses an unknown layout or gzip value with a clear error", async () => {
    const session = await hostSession(server);
    for (const query of ["layout=tall", "gzip=yes"]) {
      const reply = await apiJson<{ error: { code: string; message: string } }>(
        server,
        `/api/sessions/${session.id}/export.csv?${query}`,
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe("INVALID_PAYLOAD");
      expect(reply.body.error.message).toMatch(/layout|gzip/);
    }
  });
});

const STUDENTS = 300;
const STEPS = 5_000;

/** A finished round of STUDENTS x (STEPS + 1) losses, written straight through the repositories. */
async function bigSession() {
  const created = await apiJson<{ id: string }>(server, "/api/sessions", { body: { maxSteps: STEPS } });
  const sessionId = created.body.id;
  const prisma = server.database.prisma;
  const ids = Array.from({ length: STUDENTS }, () => crypto.randomUUID());
  await prisma.participant.createMany({
    data: ids.map((id, i) => ({ id, sessionId, nickname: `s${i}`, nicknameKey: `s${i}`, resumeTokenHash: "x" })),
  });
  const rounds = new RoundRepository(prisma);
  const roundId = crypto.randomUUID();
  const roster = ids.map((participantId, index) => ({
    index,
    participantId,
    nickname: `s${index}`,
    learningRate: 1e-8 * (index + 1),
    optimizer: "gd" as const,
    momentum: null,
  }));
  const settings = {
    dataset: "lesson",
    standardized: false,
    maxSteps: STEPS,
    stepsPerSecond: 10,
    optimizers: ["gd" as const],
  };
  await rounds.startRound({ id: roundId, sessionId, number: 1, settings, roster, startedAt: new Date() });
  const runs: FinishedRun[] = ids.map((participantId, i) => ({
    participantId,
    learningRate: roster[i]!.learningRate,
    optimizer: "gd",
    momentum: null,
    status: "max_steps",
    // Full-precision doubles, as real losses print (17 significant digits).
    losses: Float64Array.from({ length: STEPS + 1 }, (_, k) => 0.5 + Math.sin(i * 7919 + k) / 3),
    divergedAtStep: null,
    rank: i + 1,
  }));
  await rounds.finishRound(roundId, runs, "finished", new Date());
  return sessionId;
}

/**
 * Downloads in another process (as a browser would: its reading is not this event loop's work),
 * plain or gzip (unpacked there: `bytes` are the CSV's, `wire` what was sent).
 */
function downloadElsewhere(path: string, encoding: "identity" | "gzip") {
  const script = `
    const http = require("node:http");
    const zlib = require("node:zlib");
    const started = performance.now();
    http.get(process.argv[1], { headers: { cookie: process.argv[2], "accept-encoding": process.argv[3] } }, (res) => {
      let wire = 0, bytes = 0, lines = 0;
      res.on("data", (chunk) => (wire += chunk.length));
      const body = res.headers["content-encoding"] === "gzip" ? res.pipe(zlib.createGunzip()) : res;
      body.on("data", (chunk) => {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      });
      body.on("end", () => {
        const ms = performance.now() - started;
        console.log(JSON.stringify({ status: res.statusCode, encoding: res.headers["content-encoding"], wire, bytes, lines, ms }));
      });
    });`;
  const child = spawn(process.execPath, ["-e", script, `${server.url}${path}`, cookie, encoding], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  type Downloaded = { status: number; encoding?: string; wire: number; bytes: number; lines: number; ms: number };
  return new Promise<Downloaded>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", () =>
      out ? resolve(JSON.parse(out) as Downloaded) : reject(new Error("the download printed nothing")),
    );
  });
}

describe("a large CSV export", () => {
  let sessionId: string;
  beforeAll(async () => {
    sessionId = await bigSession();
  });

  for (const encoding of ["identity", "gzip"] as const) {
    it(`streams 1.5 M rows (${encoding}) without holding up timers: longest event-loop delay < 200 ms`, async () => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      let latestTimer = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        latestTimer = Math.max(latestTimer, now - last - 20);
        last = now;
      }, 20);
      delay.enable();
      const download = await downloadElsewhere(`/api/sessions/${sessionId}/export.csv`, encoding);
      delay.disable();
      clearInterval(timer);
      expect(download.status).toBe(200);
      expect(download.encoding).toBe(encoding === "gzip" ? "gzip" : undefined);
      expect(download.lines).toBe(1 + STUDENTS * (STEPS + 1));
      const longestMs = delay.max / 1e6;
      console.log(
        `CSV (${encoding}) ${(download.bytes / 1e6).toFixed(0)} MB (${(download.wire / 1e6).toFixed(0)} MB sent) ` +
          `in ${download.ms.toFixed(0)} ms; longest event-loop delay ${longestMs.toFixed(0)} ms, ` +
          `latest 20 ms timer ${latestTimer.toFixed(0)} ms late`,
      );
      expect(longestMs).toBeLessThan(200);
      expect(latestTimer).toBeLessThan(200);
    }, 120_000);
  }
});
