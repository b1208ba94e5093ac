// Secrets go to their owner once and nowhere else: not in states, ticks, results, history, CSV
// or the server's log; they are stored hashed.
import { inspect } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hostSession, joinStudent } from "../helpers/session-fixture";
import { nextEvent, request, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
const logged: string[] = [];
beforeAll(async () => {
  // inspect() shows an object's fields too, where String() would print "[object Object]".
  server = await startTestServer({ log: (message, error) => logged.push(`${message} ${inspect(error)}`) });
});
afterAll(() => server.close());

it("never sends or stores a secret in the clear", async () => {
  const session = await hostSession(server, { maxSteps: 5 });
  const student = await joinStudent(server, session.code, "Sam", 1e-4);
  const other = await joinStudent(server, session.code, "Tess", 1);
  const seen: string[] = [];
  for (const socket of [session.host, student.socket, other.socket])
    socket.onAny((event, payload) => seen.push(`${event} ${JSON.stringify(payload)}`));
  const finished = nextEvent(session.host, "room:finished");
  await request(session.host, "host:start", {});
  await finished;
  await new Promise((resolve) => setTimeout(resolve, 300)); // trailing state broadcasts

  const asOwner = { headers: { cookie: session.cookie } };
  const history = await (await fetch(`${server.url}/api/sessions/${session.id}`, asOwner)).text();
  const csv = await (await fetch(`${server.url}/api/sessions/${session.id}/export.csv`, asOwner)).text();
  const list = await (await fetch(`${server.url}/api/sessions`, asOwner)).text();
  expect(JSON.parse(history)).toMatchObject({ id: session.id });
  expect(JSON.parse(list)).toMatchObject({ sessions: [{ id: session.id }] });
  const rows = await server.database.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
    'SELECT s."hostTokenHash", p."resumeTokenHash" FROM "Session" s JOIN "Participant" p ON p."sessionId" = s.id WHERE s.id = $1',
    session.id,
  );
  const everything = [...seen, history, csv, list, ...logged, JSON.stringify(rows)].join("\n");
  expect(seen.length).toBeGreaterThan(5);
  for (const secret of [session.hostToken, student.resumeToken, other.resumeToken])
    expect(everything).not.toContain(secret);
  for (const row of rows) {
    expect(row.hostTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.resumeTokenHash).toMatch(/^[0-9a-f]{64}$/);
  }
  expect([...seen, history, list].join("\n")).not.toMatch(/TokenHash/);
});
