// Real process, real kill: what was stored before a SIGKILL survives, the round is marked
// interrupted, and the session goes on. SIGTERM stores the round in play and exits quickly.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedSession, SessionHistory } from "../../lib/api-types";
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

/** A session with two slow learners playing a long round; resolves once `step` is reached. */
async function playUntil(server: ServerProcess, step: number) {
  const cookie = await signUpOpen(server.url);
  const created = await apiJson<CreatedSession>(server, "/api/sessions", {
    body: { maxSteps: 5000, stepsPerSecond: 40 },
    cookie,
  });
  const { id, code, hostToken } = created.body;
  const host = await connect(server.url);
  await request(host, "host:attach", { code, hostToken });
  for (const [nickname, learningRate] of [
    ["slow", 1e-6],
    ["edge", 2.39e-4],
  ] as const) {
    const phone = await connect(server.url);
    await request(phone, "student:join", { code, nickname });
    await request(phone, "student:submit", { learningRate });
  }
  const reached = nextEvent(host, "room:tick", (t) => t.step >= step, 30_000);
  expect(await request(host, "host:start", {})).toEqual({ ok: true });
  await reached;
  return { id, code, hostToken, host, cookie };
}

function expectExactPrefix(losses: number[], learningRate: number) {
  const reference = trainOne(getDataset("lesson"), learningRate, losses.length - 1).losses;
  expect(losses).toEqual(reference.slice(0, losses.length));
}

describe("crashes and restarts", () => {
  it("keeps every stored step after SIGKILL and lets the session go on", async () => {
    const first = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    const session = await playUntil(first, 120); // 3 s at 40 steps/s: several flushes
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    const second = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    expect(second.output()).toMatch(/1 round\(s\) cut short by a crash/);
    // Signed in before the crash: the same cookie still works (the auth secret is kept in the database).
    const history = await apiJson<SessionHistory>(second, `/api/sessions/${session.id}`, { cookie: session.cookie });
    const round = history.body.rounds[0]!;
    expect(round.status).toBe("interrupted");
    for (const run of round.runs) {
      // Flushed once a second: at most ~40 steps (plus scheduling slack) may be lost.
      expect(run.losses.length).toBeGreaterThan(120 - 60);
      expect(run.status).toBe("interrupted");
      expectExactPrefix(run.losses, run.learningRate);
    }

    const host = await connect(second.url);
    const attached = await request<{ state: HostRoomState }>(host, "host:attach", {
      code: session.code,
      hostToken: session.hostToken,
    });
    expect(attached.ok && attached.state.status).toBe("lobby");
    expect((await request(host, "host:newRound", { maxSteps: 5 })).ok).toBe(true);
    const finished = nextEvent(host, "room:finished");
    expect(await request(host, "host:start", {})).toEqual({ ok: true });
    expect((await finished).round).toBe(2);
    second.child.kill("SIGKILL");
    await second.exited;
  }, 120_000);

  it("stores the round in play on SIGTERM, tells clients, and exits within seconds", async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    const session = await playUntil(server, 20);
    const ended = nextEvent(session.host, "room:ended");
    const stoppedAt = Date.now();
    server.child.kill("SIGTERM");
    expect(await ended).toEqual({ reason: "shutdown" });
    expect(await server.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(8_000);

    const again = await startServerProcess({ DATA_DIR: dataDir, SIGNUP: "open" });
    expect(again.output()).not.toMatch(/cut short by a crash/);
    const history = await apiJson<SessionHistory>(again, `/api/sessions/${session.id}`, { cookie: session.cookie });
    const round = history.body.rounds[0]!;
    expect(round.status).toBe("interrupted");
    for (const run of round.runs) {
      expect(run.losses.length).toBeGreaterThanOrEqual(21);
      expectExactPrefix(run.losses, run.learningRate);
    }
    again.child.kill("SIGKILL");
    await again.exited;
  }, 120_000);
});
