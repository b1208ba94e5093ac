// A class behind one address (every socket here comes from 127.0.0.1, like phones behind a
// school's NAT) is not refused with the default limits: it joins at once, and resumes at once
// after its Wi-Fi drops. What the limits still stop is asserted with small limits. No timing
// is asserted (scripts/bench-fanout.ts measures it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentRoomState } from "../../lib/protocol";
import { apiJson, hostSession } from "../helpers/session-fixture";
import { request, startTestServer, type ClientSocket, type TestServer } from "../helpers/test-server";

const CLASS = 300;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Joined = { participantId: string; resumeToken: string; state: StudentRoomState };

describe("a class of 300 behind one address, with the default limits", () => {
  it("joins and submits all at once, then resumes all at once, with no refusal", async () => {
    const session = await hostSession(server);
    const refusals: string[] = [];
    const outcome = (reply: { ok: boolean; error?: { code: string } }) => {
      if (!reply.ok) refusals.push(reply.error!.code);
      return reply.ok;
    };
    const joinAll = (resumeTokens: (string | undefined)[]) =>
      Promise.all(
        resumeTokens.map(async (resumeToken, i) => {
          const socket = await server.connect();
          const joined = await request<Joined>(socket, "student:join", {
            code: session.code,
            nickname: `student-${i}`,
            ...(resumeToken ? { resumeToken } : {}),
          });
          if (!outcome(joined) || !joined.ok) return { socket, token: undefined };
          outcome(await request(socket, "student:submit", { learningRate: 1e-4 * (1 + (i % 7)) }, 30_000));
          return { socket, token: joined.resumeToken, id: joined.participantId };
        }),
      );

    const first = await joinAll(Array.from({ length: CLASS }, () => undefined));
    expect(refusals).toEqual([]);
    expect(new Set(first.map((s) => s.id)).size).toBe(CLASS);

    // The Wi-Fi drops: every socket goes, then every phone comes back at once with its token.
    await Promise.all(first.map(({ socket }) => disconnected(socket)));
    const again = await joinAll(first.map((s) => s.token));
    expect(refusals).toEqual([]);
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id)); // the same participants, resumed
  }, 120_000);
});

describe("what the limits still stop", () => {
  it("caps joins into one room from a runaway script, across its sockets", async () => {
    const limited = await startTestServer({
      database: server.database,
      limits: { roomJoins: { burst: 5, perSecond: 0.001 } },
    });
    try {
      const session = await hostSession(limited);
      const codes = [];
      for (let i = 0; i < 7; i++) {
        const socket = await limited.connect();
        const reply = await request(socket, "student:join", { code: session.code, nickname: `bot-${i}` });
        codes.push(reply.ok ? "ok" : reply.error.code);
      }
      expect(codes).toEqual(["ok", "ok", "ok", "ok", "ok", "RATE_LIMITED", "RATE_LIMITED"]);
      // Another room keeps its own allowance.
      const other = await hostSession(limited);
      const socket = await limited.connect();
      expect((await request(socket, "student:join", { code: other.code, nickname: "someone" })).ok).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it("caps sessions created from one address", async () => {
    const limited = await startTestServer({
      database: server.database,
      limits: { sessionCreates: { burst: 2, perSecond: 0.001 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await apiJson(limited, "/api/sessions", { body: {} }));
      expect(statuses.map((s) => s.status)).toEqual([201, 201, 429]);
      expect(statuses[2]!.body).toMatchObject({ ok: false, error: { code: "RATE_LIMITED" } });
    } finally {
      await limited.close();
    }
  });
});

function disconnected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.once("disconnect", () => resolve());
    socket.disconnect();
  });
}
