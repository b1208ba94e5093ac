import { afterAll, beforeAll, expect, it } from "vitest";
import type { SessionPage } from "../../lib/api-types";
import { apiJson, hostSession, joinStudent } from "../helpers/session-fixture";
import { request, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ idleGraceMs: 400 });
});
afterAll(() => server.close());

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("closes a room once everybody has left for the grace period, keeping its history", async () => {
  const session = await hostSession(server);
  const student = await joinStudent(server, session.code, "Kai", 1e-4);
  const ended = async () => {
    const list = await apiJson<SessionPage>(server, "/api/sessions?limit=100");
    return list.body.sessions.find((s) => s.id === session.id)?.endedAt !== null;
  };
  // Someone still connected: the room stays open past the grace period.
  session.host.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(await ended()).toBe(false);

  student.socket.disconnect();
  await waitFor(ended);
  expect(server.app.registry.size).toBe(0);
  const late = await server.connect();
  const reply = await request(late, "student:join", { code: session.code, nickname: "Late" });
  expect(!reply.ok && reply.error.code).toBe("ROOM_NOT_FOUND");
  const history = await apiJson(server, `/api/sessions/${session.id}`);
  expect(history.status).toBe(200);
});
