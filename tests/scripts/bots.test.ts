import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { HostRoomState } from "../../lib/protocol";
import { hostSession } from "../helpers/session-fixture";
import { nextEvent, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it("npm run bots joins that many students, each with a learning rate", async () => {
  const session = await hostSession(server);
  const full = nextEvent(
    session.host,
    "room:state",
    (s) => (s as HostRoomState).participants.filter((p) => p.learningRate !== null).length === 25,
    60_000,
  );
  const bots = spawn(
    "npx",
    ["tsx", "scripts/bots.ts", "--url", server.url, "--code", session.code, "--students", "25"],
    { stdio: "pipe" },
  );
  try {
    const state = (await full) as HostRoomState;
    expect(new Set(state.participants.map((p) => p.nickname)).size).toBe(25);
    for (const p of state.participants) {
      expect(p.learningRate).toBeGreaterThanOrEqual(1e-6);
      expect(p.learningRate).toBeLessThanOrEqual(1e-2);
    }
  } finally {
    bots.kill("SIGINT");
  }
}, 90_000);
