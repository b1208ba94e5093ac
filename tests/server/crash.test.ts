// Real process, real kill: a round in play survives its process. After a SIGKILL the next
// process brings the room back paused at its last stored step; the host resumes it and it ends
// bit for bit as a round that was never interrupted. SIGTERM stores every step first and exits
// quickly, and the round comes back paused where it stopped.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedSession, RunHistory, SessionHistory } from "../../lib/api-types";
import { getDataset, trainOne } from "../../lib/gd";
import type { HostRoomState } from "../../lib/protocol";
import { startServerProcess, type ServerProcess } from "../helpers/server-process";
import { signUpOpen } from "../../scripts/sign-up";
import { apiJson } from "../helpers/session-fixture";
import { nextEvent, request, type ClientSocket } from "../helpers/test-server";
import { io } from "socket.io-client";

let dataDir: string;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "arena-crash-"));
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

async function connect(url: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
  return socket;
}

const ROUND = { maxSteps: 300, stepsPerSecond: 40, optimizers: ["gd", "momentum", "adam"] };
const CHOICES = [
  { nickname: "slow", learningRate: 1e-6 },
  { nickname: "edge", learningRate: 2.39e-4 },
  { nickname: "blowup", learningRate: 1 }, // diverges at step 1, before the crash
  { nickname: "adam", learningRate: 0.1, optimizer: "adam" },
  { nickname: "heavy", learningRate: 5e-5, optimizer: "momentum", momentum: 0.9 },
] as const;

/** A session of learners with different optimisers playing a round; resolves once `step` is reached. */
async function playUntil(server: ServerProcess, step: number) {
  const cookie = await signUpOpen(server.url);
  const created = await apiJson<CreatedSession>(server, "/api/sessions", { body: ROUND, cookie });
  const { id, code, hostToken } = created.body;
  const host = await connect(server.url);
  await request(host, "host:attach", { code, hostToken });
  for (const { nickname, ...choice } of CHOICES) {
    const phone = await connect(server.url);
    await request(phone, "student:join", { code, nickname });
    await request(phone, "student:submit", choice);
  }
  const reached = nextEvent(host, "room:tick", (t) => t.step >= step, 30_000);
  expect(await request(host, "host:start", {})).toEqual({ ok: true });
  await reached;
  return { id, code, hostToken, host, cookie };
}

/** The core's own series for a run alone: what a round never interrupted stores for it. */
function alone(run: RunHistory) {
  return trainOne(getDataset("lesson"), run.learningRate, ROUND.maxSteps, {
    optimizer: run.optimizer,
    ...(run.momentum === null ? {} : { momentum: run.momentum }),
  });
}

async function history(server: ServerProcess, session: { id: string; cookie: string }) {
  return (await apiJson<SessionHistory>(server, `/api/sessions/${session.id}`, { cookie: session.cookie })).body;
}

/** The host attaches to the restarted server: the round is paused at the last stored step. */
async function attachPaused(server: ServerProcess, session: { code: string; hostToken: string }) {
  const host = await connect(server.url);
  const { code, hostToken } = session;
  const attached = await request<{ state: HostRoomState }>(host, "host:attach", { code, hostToken });
  if (!attached.ok) throw new Error(attached.error.message);
  expect(attached.state.status).toBe("paused");
  return { host, step: attached.state.step };
}

/** Resumed, the round ends as a round never interrupted: every run's losses, outcome and rank. */
async function resumeToTheEnd(server: ServerProcess, session: { id: string; cookie: string }, host: ClientSocket) {
  const finished = nextEvent(host, "room:finished", () => true, 30_000);
  expect(await request(host, "host:resume", {})).toEqual({ ok: true });
  expect((await finished).round).toBe(1);
  const round = (await history(server, session)).rounds[0]!;
  expect(round.status).toBe("finished");
  for (const run of round.runs) {
    const reference = alone(run);
    expect(run.losses).toEqual(reference.losses); // bit for bit, the steps before the crash and after
    expect([run.status, run.divergedAtStep]).toEqual([reference.status, reference.divergedAtStep]);
  }
  expect(round.runs.map((r) => r.rank)).toEqual(round.runs.map((_, i) => i + 1)); // no ties here, best first
  expect(new Set(round.runs.map((r) => r.status))).toEqual(new Set(["converged", "diverged", "max_steps"]));
}

function expectExactPrefix(run: RunHistory) {
  expect(run.losses).toEqual(alone(run).losses.slice(0, run.losses.length));
}

describe("crashes and restarts", () => {
  it("after SIGKILL brings the round back paused at its last stored step; resumed, it ends as if never stopped", async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    const session = await playUntil(first, 120); // 3 s at 40 steps/s: several flushes
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    const second = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    expect(second.output()).toMatch(/1 round\(s\) in play are back, paused/);
    // Signed in before the crash: the same cookie still works (the auth secret is kept in the database).
    const stored = (await history(second, session)).rounds[0]!;
    expect(stored.status).toBe("running");
    const storedSteps = Math.max(...stored.runs.map((run) => run.losses.length)) - 1;
    // Flushed once a second: at most ~40 steps (plus scheduling slack) may be lost.
    expect(storedSteps).toBeGreaterThan(120 - 60);
    for (const run of stored.runs) expectExactPrefix(run);

    const { host, step } = await attachPaused(second, session);
    expect(step).toBe(storedSteps);
    await resumeToTheEnd(second, session, host);

    // The session goes on: a next round plays as usual.
    expect((await request(host, "host:newRound", { maxSteps: 5 })).ok).toBe(true);
    const next = nextEvent(host, "room:finished");
    expect(await request(host, "host:start", {})).toEqual({ ok: true });
    expect((await next).round).toBe(2);
    second.child.kill("SIGKILL");
    await second.exited;
  }, 120_000);

  it("on SIGTERM stores every step, tells clients, exits within seconds, and the round comes back paused", async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    const session = await playUntil(server, 20);
    const ended = nextEvent(session.host, "room:ended");
    const lastTick = new Promise<number>((resolve) => {
      let step = 0;
      session.host.on("room:tick", (tick) => (step = tick.step));
      session.host.once("room:ended", () => resolve(step));
    });
    const stoppedAt = Date.now();
    server.child.kill("SIGTERM");
    expect(await ended).toEqual({ reason: "shutdown" });
    expect(await server.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(8_000);

    const again = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    expect(again.output()).toMatch(/1 round\(s\) in play are back, paused/);
    const stored = (await history(again, session)).rounds[0]!;
    expect(stored.status).toBe("running"); // not ended by a restart
    const storedSteps = Math.max(...stored.runs.map((run) => run.losses.length)) - 1;
    expect(storedSteps).toBeGreaterThanOrEqual(await lastTick); // every step played was stored
    for (const run of stored.runs) expectExactPrefix(run);

    const { host, step } = await attachPaused(again, session);
    expect(step).toBe(storedSteps);
    await resumeToTheEnd(again, session, host);
    again.child.kill("SIGKILL");
    await again.exited;
  }, 120_000);
});
