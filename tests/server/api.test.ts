import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, CreatedSession, SessionPage } from "../../lib/api-types";
import { apiJson, fixtureInstructor, hostSession, joinStudent } from "../helpers/session-fixture";
import { getJson, nextEvent, request, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("HTTP API", () => {
  it("reports health", async () => {
    expect(await getJson(`${server.url}/api/health`)).toEqual({ status: 200, body: { ok: true } });
  });

  it("rejects bad session settings with a code and creates nothing", async () => {
    const before = (await apiJson<SessionPage>(server, "/api/sessions?limit=100")).body.sessions.length;
    for (const body of [
      { maxSteps: 0 },
      { maxSteps: 10_001 },
      { stepsPerSecond: 61 },
      { dataset: "mnist" },
      { title: "t".repeat(81) },
      { extra: 1 },
      [],
      "null",
    ]) {
      const reply = await apiJson<ApiError>(server, "/api/sessions", { body });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe("INVALID_PAYLOAD");
    }
    expect((await apiJson<ApiError>(server, "/api/sessions", { body: "{not json" })).body.error.code).toBe(
      "INVALID_PAYLOAD",
    );
    const huge = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { cookie: (await fixtureInstructor(server)).cookie },
      body: JSON.stringify({ title: "x".repeat(20_000) }),
    });
    expect(huge.status).toBe(413);
    expect((await apiJson<SessionPage>(server, "/api/sessions?limit=100")).body.sessions.length).toBe(before);
    expect((await getJson(`${server.url}/api/nope`)).status).toBe(404);
    expect((await apiJson(server, "/api/sessions/not-a-uuid")).status).toBe(404);
    expect((await apiJson(server, "/api/sessions?limit=0")).status).toBe(400);
  });

  it("lists sessions newest first, page by page", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push((await apiJson<CreatedSession>(server, "/api/sessions", { body: { title: `page ${i}` } })).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      // Annotated: `cursor` feeds the next request, so the type cannot be inferred around the loop.
      const page: { body: SessionPage } = await apiJson<SessionPage>(
        server,
        `/api/sessions?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.body.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.sessions.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => created.includes(id))).toEqual([...created].reverse());
  });

  it("exports one CSV row per round, participant and step, with formulas neutralised", async () => {
    const session = await hostSession(server, { maxSteps: 4 });
    await joinStudent(server, session.code, "=HYPERLINK(1)", 1);
    await joinStudent(server, session.code, 'Bo "B", jr', 1e-6);
    const finished = nextEvent(session.host, "room:finished");
    await request(session.host, "host:start", {});
    await finished;
    const response = await fetch(`${server.url}/api/sessions/${session.id}/export.csv`, {
      headers: { cookie: session.cookie },
    });
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="gradient-arena-/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("round,participant_id,nickname,learning_rate,status,step,loss,optimizer,momentum");
    expect(lines).toHaveLength(1 + 2 + 5); // diverged at step 1: 2 rows; max_steps after 4: 5 rows
    const ada = lines.filter((l) => l.includes("HYPERLINK"));
    expect(ada[0]).toMatch(/^1,[0-9a-f-]{36},"'=HYPERLINK\(1\)",1,diverged,0,14871\.802500000002,gd,$/);
    expect(ada[1]).toMatch(/,1,1026548766283\.6302,gd,$/);
    expect(lines.some((l) => l.includes('"Bo ""B"", jr"'))).toBe(true);
  });
});
