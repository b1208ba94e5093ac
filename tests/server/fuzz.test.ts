// Thousands of seeded hostile payloads at a live server; afterwards it must still play a normal
// round correctly, and a stored session must be byte-for-byte the same.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SessionHistory } from "../../lib/api-types";
import { ERROR_CODES } from "../../lib/protocol";
import { EVENTS, makePayloadGenerator } from "../helpers/fuzz-payloads";
import { apiJson, hostSession, joinStudent } from "../helpers/session-fixture";
import { nextEvent, request, startTestServer, type ClientSocket, type TestServer } from "../helpers/test-server";

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const PAYLOADS = Number(process.env.FUZZ_PAYLOADS ?? 3000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    limits: {
      socketCommands: { burst: 1e6, perSecond: 1e6 },
      participantCommands: { burst: 1e6, perSecond: 1e6 },
      roomJoins: { burst: 1e6, perSecond: 1e6 },
    },
  });
});
afterAll(() => server.close());

it(`survives ${PAYLOADS} hostile payloads (seed ${SEED}) with documented errors only`, async () => {
  // A stored session to compare afterwards.
  const stored = await hostSession(server, { maxSteps: 20 });
  await joinStudent(server, stored.code, "keeper", 1e-4);
  const done = nextEvent(stored.host, "room:finished");
  await request(stored.host, "host:start", {});
  await done;
  const before = await apiJson<SessionHistory>(server, `/api/sessions/${stored.id}`);

  // Targets: a lobby with a joined student whose socket is fuzzed too.
  const target = await hostSession(server);
  const victim = await joinStudent(server, target.code, "victim", 1e-4);
  const generator = makePayloadGenerator(SEED);
  const sockets: ClientSocket[] = [await server.connect(), await server.connect(), victim.socket];
  const outcomes = { ok: 0, refused: 0, noReply: 0, reconnects: 0 };
  const BATCH = 50; // in flight at once; no ack comes from a socket the server had to drop
  for (let sent = 0; sent < PAYLOADS; sent += BATCH) {
    for (let s = 0; s < sockets.length; s++) {
      if (!sockets[s]!.connected) {
        sockets[s] = await server.connect();
        outcomes.reconnects++;
      }
    }
    const batch = Array.from({ length: Math.min(BATCH, PAYLOADS - sent) }, (_, i) => {
      const { event, payload } = generator.next();
      const socket = sockets[(sent + i) % sockets.length]!;
      if (!EVENTS.includes(event)) {
        // No handler, so no ack will ever come: fire and forget (the server must just ignore it).
        try {
          (socket as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
        } catch {
          // the client library itself refused to encode it: nothing reached the server
        }
        outcomes.noReply++;
        return Promise.resolve();
      }
      return request(socket, event as never, payload, 1_500).then(
        (reply) => {
          if (reply.ok) return void outcomes.ok++;
          outcomes.refused++;
          expect(ERROR_CODES).toContain(reply.error.code);
          expect(reply.error.message).not.toMatch(/\n\s+at |\.ts:\d+|TypeError|SyntaxError/);
        },
        () => void outcomes.noReply++,
      );
    });
    await Promise.all(batch);
  }
  console.log(`fuzz seed ${SEED}: ${JSON.stringify(outcomes)}`);
  expect(outcomes.refused).toBeGreaterThan(PAYLOADS / 2);

  // Nothing leaked into the stored session.
  expect((await apiJson(server, `/api/sessions/${stored.id}`)).body).toEqual(before.body);

  // And the server still plays the lesson exactly.
  const fresh = await hostSession(server, { maxSteps: 30 });
  const one = await joinStudent(server, fresh.code, "one", 1);
  await joinStudent(server, fresh.code, "small", "1e-4");
  const firstStep = nextEvent(one.socket, "room:tick", (tick) => tick.step === 1);
  const finished = nextEvent(fresh.host, "room:finished");
  expect(await request(fresh.host, "host:start", {})).toEqual({ ok: true });
  const tick = await firstStep;
  expect(tick.view === "student" && tick.you?.[0]).toBe(1026548766283.6302);
  expect((await finished).results.map((r) => r.status)).toEqual(["converged", "diverged"]);
}, 180_000);
