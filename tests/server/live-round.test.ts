import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedSession, SessionHistory } from "../../lib/api-types";
import type { HostRoomState } from "../../lib/protocol";
import { seriesFixture } from "../lib/gd/load-fixtures";
import { apiJson } from "../helpers/session-fixture";
import { nextEvent, request, startTestServer, type TestServer } from "../helpers/test-server";

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
