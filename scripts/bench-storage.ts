// Storage benchmark: a finished round of 1,000 runs x 1,000 steps stored through the same code the
// live server uses, then loaded back through GET /api/sessions/:id (opened with a share link, as a
// class shown its results would); on the embedded database and, when reachable, on PostgreSQL.
// Prints figures; asserts nothing (machines here are noisy).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createApp } from "../server/app";
import { openDatabase, describeTarget, type DatabaseTarget } from "../server/db/database";
import { RoundRepository, type FinishedRun } from "../server/db/round-repo";
import { SessionRepository } from "../server/db/session-repo";
import { ShareRepository } from "../server/db/share-repo";
import { hashToken, newToken } from "../server/secrets";
import { createBenchDatabase } from "./bench/bench-postgres";
import { withStallMeter } from "./bench/stall-meter";

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const STEPS = Number(process.env.BENCH_STEPS ?? 1000);
const SETTINGS = {
  dataset: "lesson",
  standardized: false,
  maxSteps: STEPS,
  stepsPerSecond: 10,
  optimizers: ["gd"],
} as const;

async function benchTarget(target: DatabaseTarget): Promise<void> {
  const db = await openDatabase(target);
  const sessions = new SessionRepository(db.prisma);
  const rounds = new RoundRepository(db.prisma);
  const sessionId = crypto.randomUUID();
  await sessions.createSession({
    id: sessionId,
    code: "BENCH2",
    title: "bench",
    hostTokenHash: "x",
    settings: SETTINGS,
    createdAt: new Date(),
  });
  const ids = Array.from({ length: RUNS }, () => crypto.randomUUID());
  await db.prisma.participant.createMany({
    data: ids.map((id, i) => ({ id, sessionId, nickname: `p${i}`, nicknameKey: `p${i}`, resumeTokenHash: "x" })),
  });
  const roundId = crypto.randomUUID();
  const roster = ids.map((participantId, index) => ({
    index,
    participantId,
    nickname: `p${index}`,
    learningRate: 1e-5 * (index + 1),
    optimizer: "gd" as const,
    momentum: null,
  }));
  await rounds.startRound({ id: roundId, sessionId, number: 1, settings: SETTINGS, roster, startedAt: new Date() });
  const runs: FinishedRun[] = roster.map((entry, i) => ({
    participantId: entry.participantId,
    learningRate: entry.learningRate,
    optimizer: entry.optimizer,
    momentum: entry.momentum,
    status: "max_steps",
    losses: Float64Array.from({ length: STEPS + 1 }, (_, k) => 14871.8 * Math.exp(-k * 1e-3 * (i + 1))),
    divergedAtStep: null,
    rank: i + 1,
  }));

  const store = await withStallMeter(() => rounds.finishRound(roundId, runs, "finished", new Date()));

  const httpServer = createServer((req, res) => void app.handleApi(req, res));
  const app = createApp(httpServer, { database: db, log: () => {} });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const share = newToken();
  await new ShareRepository(db.prisma).create({
    id: crypto.randomUUID(),
    sessionId,
    tokenHash: hashToken(share),
    createdById: "bench",
    createdAt: new Date(),
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/api/sessions/${sessionId}?share=${share}`;
  const load = await withStallMeter(async () => {
    const response = await fetch(url);
    return (await response.text()).length;
  });
  const body = JSON.parse(await (await fetch(url)).text()) as { rounds: Array<{ runs: unknown[] }> };
  if (body.rounds[0]?.runs.length !== RUNS) throw new Error("history did not come back whole");

  console.log(`${describeTarget(target)}`);
  console.log(
    `  store ${RUNS} runs x ${STEPS} steps: ${store.ms.toFixed(0)} ms (longest event-loop stall ${store.stallMs.toFixed(0)} ms)`,
  );
  console.log(
    `  load via GET /api/sessions/:id: ${load.ms.toFixed(0)} ms, ${(load.result / 1e6).toFixed(1)} MB of JSON` +
      ` (stall ${load.stallMs.toFixed(0)} ms)`,
  );
  await app.close();
  httpServer.closeAllConnections();
  httpServer.close();
  await db.close();
}

const dir = await mkdtemp(path.join(os.tmpdir(), "arena-bench-"));
try {
  await benchTarget({ kind: "embedded", dataDir: dir });
} finally {
  await rm(dir, { recursive: true, force: true });
}

const database = await createBenchDatabase(`arena_bench_${process.pid}`).catch((error: Error) => {
  console.log(`PostgreSQL: skipped (${error.message}); set TEST_POSTGRES_URL to include it`);
  process.exit(0);
});
try {
  await benchTarget({ kind: "postgres", url: database.url });
} finally {
  await database.drop();
}
