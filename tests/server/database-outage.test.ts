// The database goes away in the middle of a round: the round plays on in memory, the host is
// told, health says so, and once the database is back the stored history is complete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionHistory } from "../../lib/api-types";
import { getDataset, trainOne } from "../../lib/gd";
import { createEmptyDatabase, postgresProblem } from "../helpers/postgres";
import { apiJson, hostSession, joinStudent } from "../helpers/session-fixture";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { getJson, nextEvent, request, startTestServer, type TestServer } from "../helpers/test-server";

/** What GET /api/health answers: 200 `{ ok: true }`, or 503 with the problem. */
type ApiHealth = { ok: boolean; error?: { code: string; message: string } };

/**
 * A test server on a fresh PostgreSQL database reached through a proxy the test can cut. Read
 * `proxy()` and `server()` inside tests: they are set up in beforeAll.
 */
function serverBehindProxy() {
  let proxy: TcpProxy;
  let server: TestServer;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createEmptyDatabase();
    drop = created.drop;
    const url = new URL(created.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    server = await startTestServer({ target: { kind: "postgres", url: url.toString() }, flushIntervalMs: 200 });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await drop?.();
  });
  return { proxy: () => proxy, server: () => server };
}

(postgresProblem === null ? describe : describe.skip)(
  "database outage during a round (PostgreSQL behind a proxy)",
  () => {
    const { proxy, server } = serverBehindProxy();

    it("keeps playing, warns the host, reports degraded health and stores everything afterwards", async () => {
      const session = await hostSession(server(), { maxSteps: 60, stepsPerSecond: 20 });
      const rates = [1e-6, 2.39e-4];
      await joinStudent(server(), session.code, "Ana", rates[0]);
      await joinStudent(server(), session.code, "Ben", rates[1]);
      const degraded = nextEvent(session.host, "host:warning", (w) => w.code === "STORAGE_DEGRADED");
      const recovered = nextEvent(session.host, "host:warning", (w) => w.code === "STORAGE_RECOVERED", 30_000);
      const finished = nextEvent(session.host, "room:finished", () => true, 60_000);
      await request(session.host, "host:start", {});
      await nextEvent(session.host, "room:tick", (t) => t.step >= 5);

      proxy().cut();
      expect((await degraded).message).toMatch(/database/i);
      const during = await nextEvent(session.host, "room:tick", (t) => t.step >= 25); // still ticking
      expect(during.step).toBeGreaterThanOrEqual(25);
      const health = await getJson<ApiHealth>(`${server().url}/api/health`);
      expect(health.status).toBe(503);
      expect(health.body.error?.message).toMatch(/unreachable/);

      await new Promise((resolve) => setTimeout(resolve, 1_500));
      proxy().restore();
      await recovered;
      await finished;
      expect((await getJson(`${server().url}/api/health`)).body).toEqual({ ok: true });

      const history = await apiJson<SessionHistory>(server(), `/api/sessions/${session.id}`);
      const round = history.body.rounds[0]!;
      expect(round.status).toBe("finished");
      for (const run of round.runs) {
        const reference = trainOne(getDataset("lesson"), run.learningRate, 60);
        expect(run.losses).toEqual(reference.losses);
        expect(run.status).toBe(reference.status);
      }
    }, 90_000);
  },
);

(postgresProblem === null ? describe : describe.skip)("database away before a round starts", () => {
  const { proxy, server } = serverBehindProxy();

  it("starts and plays the round at once, and stores all of it when the database is back", async () => {
    const session = await hostSession(server(), { maxSteps: 30, stepsPerSecond: 30 });
    await joinStudent(server(), session.code, "Cat", 1e-6);
    proxy().cut();
    const finished = nextEvent(session.host, "room:finished", () => true, 60_000);
    expect(await request(session.host, "host:start", {})).toEqual({ ok: true });
    await nextEvent(session.host, "room:tick", (t) => t.step >= 10);
    proxy().restore();
    await finished;
    const history = await apiJson<SessionHistory>(server(), `/api/sessions/${session.id}`);
    expect(history.body.rounds[0]?.status).toBe("finished");
    expect(history.body.rounds[0]?.runs[0]?.losses).toEqual(trainOne(getDataset("lesson"), 1e-6, 30).losses);
  }, 90_000);
});
