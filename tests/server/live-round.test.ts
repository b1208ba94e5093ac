import { io as connectClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedSession, SessionHistory } from "../../lib/api-types";
import type { HostRoomState } from "../../lib/protocol";
import { seriesFixture } from "../lib/gd/load-fixtures";
import { apiJson } from "../helpers/session-fixture";
import { nextEvent, request, startTestServer, type ClientSocket, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("a full round on the lesson data", () => {
  it("plays host + three students and stores the exact losses", async () => {
    const created = await apiJson<CreatedSession>(server, "/api/sessions", {
      body: { title: "Lesson", maxSteps: 100, stepsPerSecond: 60 },
    });
    expect(created.status).toBe(201);
    const { id, code, hostToken } = created.body;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);

    const host = await server.connect();
    const attached = await request<{ state: HostRoomState }>(host, "host:attach", { code, hostToken });
    expect(attached.ok).toBe(true);

    const rates = { ada: 1, bo: "1e-4", cy: 2.5e-4 } as const;
    const students = Object.fromEntries(
      await Promise.all(
        Object.entries(rates).map(async ([nickname, learningRate]) => {
          const socket = await server.connect();
          const joined = await request(socket, "student:join", { code, nickname });
          expect(joined.ok).toBe(true);
          const submitted = await request(socket, "student:submit", { learningRate });
          expect(submitted).toEqual({ ok: true, learningRate: Number(learningRate), optimizer: "gd", momentum: null });
          return [nickname, socket] as const;
        }),
      ),
    );

    const adaFirstStep = nextEvent(students.ada!, "room:tick", (tick) => tick.step === 1);
    const boLeaders = nextEvent(students.bo!, "room:leaders");
    const boBytes: number[] = [];
    students.bo!.io.engine.on("packet", (packet: { type: string; data?: unknown }) => {
      if (packet.type === "message" && typeof packet.data === "string" && /^2\["room:tick"/.test(packet.data))
        boBytes.push(Buffer.byteLength(packet.data));
    });
    const finished = nextEvent(host, "room:finished");
    expect((await request(host, "host:start", {})).ok).toBe(true);

    const adaTick = await adaFirstStep;
    // you = [loss, status (2 = diverged), rank, divergedAtStep]
    expect(adaTick.view === "student" && adaTick.you).toEqual([1026548766283.6302, 2, 3, 1]);
    expect((await boLeaders).nicknames).toEqual(["bo", "cy", "ada"]);
    const results = (await finished).results;
    expect(results.map((r) => [r.nickname, r.status])).toEqual([
      ["bo", "converged"],
      ["cy", "diverged"],
      ["ada", "diverged"],
    ]);

    const history = await apiJson<SessionHistory>(server, `/api/sessions/${id}`);
    expect(history.status).toBe(200);
    const runs = history.body.rounds[0]!.runs;
    const ada = runs.find((r) => r.nickname === "ada");
    expect(ada?.losses).toEqual([14871.802500000002, 1026548766283.6302]);
    expect(ada?.status).toBe("diverged");
    // Every stored series equals numpy's, bit for bit, for as long as the run lasted.
    const numpy = seriesFixture("lesson", false).runs;
    for (const run of runs) {
      const reference = numpy.find((r) => r.lr === run.learningRate)!.losses;
      expect(run.losses.length).toBeGreaterThan(1);
      expect(run.losses).toEqual(reference.slice(0, run.losses.length));
      if (run.status === "diverged") expect(run.losses.length).toBe(run.divergedAtStep! + 1);
    }
    expect(JSON.stringify(history.body)).not.toMatch(/hostToken|resumeToken|Hash/);
    // A phone's share of a step (the top three and its own run) stays small: one frame a step.
    expect(boBytes.length).toBeGreaterThan(5);
    expect(Math.max(...boBytes)).toBeLessThan(260);
  });
});

describe("ticks on both transports", () => {
  // Ticks go straight onto a WebSocket when nothing is queued before them, and through engine.io
  // otherwise (server/rooms/websocket-fast-path.ts): a phone that stays on long-polling (a proxy
  // that refuses WebSockets) must get the same steps, in order, as one on a WebSocket.
  it("gives a long-polling student every step, in order, equal to a WebSocket student's", async () => {
    const created = await apiJson<CreatedSession>(server, "/api/sessions", {
      body: { title: "Transports", maxSteps: 40, stepsPerSecond: 60 },
    });
    const { code, hostToken } = created.body;
    const host = await server.connect();
    expect((await request(host, "host:attach", { code, hostToken })).ok).toBe(true);

    const polling: ClientSocket = connectClient(server.url, {
      transports: ["polling"],
      upgrade: false,
      forceNew: true,
      reconnection: false,
    });
    await new Promise((resolve) => polling.once("connect", () => resolve(undefined)));
    const webSocket = await server.connect();
    const steps = new Map<ClientSocket, { step: number; you: unknown }[]>();
    for (const [socket, nickname] of [
      [polling, "pat"],
      [webSocket, "wes"],
    ] as const) {
      expect((await request(socket, "student:join", { code, nickname })).ok).toBe(true);
      expect((await request(socket, "student:submit", { learningRate: "1e-4" })).ok).toBe(true);
      const seen: { step: number; you: unknown }[] = [];
      socket.on("room:tick", (tick) => void (tick.view === "student" && seen.push({ step: tick.step, you: tick.you })));
      steps.set(socket, seen);
    }
    expect(polling.io.engine.transport.name).toBe("polling");

    const finished = nextEvent(host, "room:finished");
    expect((await request(host, "host:start", {})).ok).toBe(true);
    await finished;
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last poll's ticks
    const [byPolling, byWebSocket] = [steps.get(polling)!, steps.get(webSocket)!];
    // Until the round ends (the last run converges, or step 40): every step once, in order.
    expect(byWebSocket.length).toBeGreaterThan(3);
    expect(byWebSocket.map((tick) => tick.step)).toEqual(byWebSocket.map((_, i) => i + 1));
    expect(byPolling.map((tick) => tick.step)).toEqual(byWebSocket.map((tick) => tick.step));
    // Same rate, same losses; the two tie, so they share a rank too.
    expect(byPolling.map((tick) => tick.you)).toEqual(byWebSocket.map((tick) => tick.you));
    polling.disconnect();
  });
});
