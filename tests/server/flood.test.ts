// A socket that keeps flooding after RATE_LIMITED is dropped, and others carry on. (How much a
// flood costs everybody else's ticks is measured by scripts/bench-flood.ts, not asserted here.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { ABUSE } from "../../server/handlers/handler-kit";
import { hostSession, joinStudent } from "../helpers/session-fixture";
import { request, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it("drops a socket that ignores RATE_LIMITED, while other students are served", async () => {
  const session = await hostSession(server);
  const calm = await joinStudent(server, session.code, "Calm");
  const flooder = await joinStudent(server, session.code, "Flood");
  const dropped = new Promise<string>((resolve) => flooder.socket.once("disconnect", resolve));
  const refusals: string[] = [];
  for (let i = 0; i < ABUSE.refusals + 100; i++)
    flooder.socket.emit(
      "student:submit",
      { learningRate: 1e-4 },
      (reply: { ok: boolean; error?: { code: string } }) => {
        if (!reply.ok) refusals.push(reply.error!.code);
      },
    );
  expect(await dropped).toBe("io server disconnect");
  expect(refusals.length).toBeGreaterThan(ABUSE.refusals / 2);
  expect(new Set(refusals)).toEqual(new Set(["RATE_LIMITED"]));
  expect(await request(calm.socket, "student:submit", { learningRate: 2e-4 })).toEqual({
    ok: true,
    learningRate: 2e-4,
    optimizer: "gd",
    momentum: null,
  });
});
