// Every documented error code, produced by the situation it documents; and a refused command
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode, type HostRoomState } from "../../lib/protocol";
import { apiJson, hostSession, joinStudent } from "../helpers/session-fixture";
import { request, startTestServer, type ClientSocket, type TestServer } from "../helpers/test-server";

let server: TestServer;
const seen = new Set<ErrorCode>();

beforeAll(async () => {
  server = await startTestServer({ maxParticipants: 3 });
});
afterAll(async () => {
  await server.close();
  // Guards the list itself: a new code without a test here fails the suite. ROOM_MOVING needs
  // several processes: tests/e2e/cluster-outages.e2e.test.ts produces it (Redis cut).
  const elsewhere: ErrorCode[] = ["ROOM_MOVING"];
  expect([...seen, ...elsewhere].sort()).toEqual([...ERROR_CODES].sort());
});

async function expectError(
  socket: ClientSocket,
  event: Parameters<typeof request>[1],
  payload: unknown,
  code: ErrorCode,
) {
  const reply = await request(socket, event, payload);
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(reply.error.code).toBe(code);
  expect(reply.error.message).toMatch(/\w/);
  expect(reply.error.message).not.toMatch(/at .*\.ts:\d+|Error:/); // no stack traces
  seen.add(code);
}

async function hostView(socket: ClientSocket, code: string, hostToken: string): Promise<HostRoomState> {
  const reply = await request<{ state: HostRoomState }>(socket, "host:attach", { code, hostToken });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.state;
}

describe("error codes", () => {
  it("rejects malformed payloads, unknown rooms and wrong keys", async () => {
    const s = await hostSession(server);
    const other = await server.connect();
    await expectError(other, "student:join", { code: s.code, nickname: "x", extra: 1 }, "INVALID_PAYLOAD");
    await expectError(other, "student:join", { code: s.code, nickname: "   " }, "INVALID_PAYLOAD");
    await expectError(other, "student:join", { code: s.code, nickname: "n".repeat(25) }, "INVALID_PAYLOAD");
    await expectError(other, "student:join", "not an object", "INVALID_PAYLOAD");
    await expectError(other, "student:join", { code: "ZZZZZZ", nickname: "x" }, "ROOM_NOT_FOUND");
    await expectError(other, "host:attach", { code: s.code, hostToken: "A".repeat(43) }, "NOT_HOST");
    await expectError(other, "host:start", {}, "NOT_HOST");
    await expectError(other, "student:submit", { learningRate: 0.1 }, "NOT_JOINED");
    const before = await hostView(s.host, s.code, s.hostToken);
    expect(before.participants).toEqual([]);
  });

  it("guards nicknames, learning rates and the round", async () => {
    const s = await hostSession(server, { maxSteps: 500, stepsPerSecond: 1 });
    await expectError(s.host, "host:start", {}, "NO_LEARNING_RATES");
    const ada = await joinStudent(server, s.code, "Ada");
    const again = await server.connect();
    await expectError(again, "student:join", { code: s.code, nickname: "  ADA " }, "NICKNAME_TAKEN");
    for (const bad of [0, -1, 1001, "1e-4abc", "0x10", "Infinity", "", true, null, "1e400"])
      await expectError(ada.socket, "student:submit", { learningRate: bad }, "INVALID_LEARNING_RATE");
    expect((await hostView(s.host, s.code, s.hostToken)).participants[0]?.learningRate).toBeNull();
    expect(await request(ada.socket, "student:submit", { learningRate: "1e-4" })).toEqual({
      ok: true,
      learningRate: 1e-4,
      optimizer: "gd",
      momentum: null,
    });
    await expectError(s.host, "host:resume", {}, "INVALID_STATE");
    expect(await request(s.host, "host:start", {})).toEqual({ ok: true });
    await expectError(ada.socket, "student:submit", { learningRate: 0.2 }, "ROUND_RUNNING");
    await expectError(s.host, "host:newRound", { maxSteps: 10 }, "ROUND_RUNNING");
    await expectError(s.host, "host:newRound", { maxSteps: 10_001 }, "INVALID_PAYLOAD");
    // A student cannot act as the host, nor as another student.
    await expectError(ada.socket, "host:pause", {}, "NOT_HOST");
    await expectError(ada.socket, "host:kick", { participantId: ada.participantId }, "NOT_HOST");
    await expectError(ada.socket, "student:join", { code: s.code, nickname: "Eve" }, "INVALID_STATE");
    expect((await hostView(s.host, s.code, s.hostToken)).status).toBe("running");
  });

  it("refuses an optimiser the round does not allow, and a bad beta, changing nothing", async () => {
    const s = await hostSession(server);
    const ada = await joinStudent(server, s.code, "Ada", 1e-4);
    const newRound = await request<{ state: HostRoomState }>(s.host, "host:newRound", {
      optimizers: ["momentum", "gd"],
    });
    expect(newRound.ok && newRound.state.settings.optimizers).toEqual(["gd", "momentum"]);
    await expectError(ada.socket, "student:submit", { learningRate: 0.1, optimizer: "adam" }, "OPTIMIZER_NOT_ALLOWED");
    for (const bad of [
      { learningRate: 0.1, optimizer: "momentum", momentum: 1 },
      { learningRate: 0.1, optimizer: "momentum", momentum: -0.5 },
      { learningRate: 0.1, optimizer: "gd", momentum: 0.5 },
      { learningRate: 0.1, optimizer: "sgd" },
    ])
      await expectError(ada.socket, "student:submit", bad, "INVALID_PAYLOAD");
    for (const optimizers of [[], ["gd", "gd"], ["nesterov"], "adam"])
      await expectError(s.host, "host:newRound", { optimizers }, "INVALID_PAYLOAD");
    const state = await hostView(s.host, s.code, s.hostToken);
    expect(state.participants[0]).toMatchObject({ learningRate: 1e-4, optimizer: "gd", momentum: null });
    expect(state.settings.optimizers).toEqual(["gd", "momentum"]);
    // Without optimizer it is plain descent, refused too once the round allows only Adam.
    expect((await request(s.host, "host:newRound", { optimizers: ["adam"] })).ok).toBe(true);
    await expectError(ada.socket, "student:submit", { learningRate: 0.1 }, "OPTIMIZER_NOT_ALLOWED");
    expect((await hostView(s.host, s.code, s.hostToken)).participants[0]?.learningRate).toBe(1e-4);
  });

  it("locks, fills up and kicks", async () => {
    const s = await hostSession(server);
    const kim = await joinStudent(server, s.code, "Kim");
    await joinStudent(server, s.code, "Lou");
    await joinStudent(server, s.code, "Max");
    const late = await server.connect();
    await expectError(late, "student:join", { code: s.code, nickname: "Ned" }, "ROOM_FULL");
    expect(await request(s.host, "host:kick", { participantId: kim.participantId })).toEqual({ ok: true });
    const kimAgain = await server.connect();
    await expectError(
      kimAgain,
      "student:join",
      { code: s.code, nickname: "Kim", resumeToken: kim.resumeToken },
      "KICKED",
    );
    expect(await request(s.host, "host:lock", { locked: true })).toEqual({ ok: true, locked: true });
    await expectError(late, "student:join", { code: s.code, nickname: "Ned" }, "ROOM_LOCKED");
    expect((await hostView(s.host, s.code, s.hostToken)).participants.map((p) => p.nickname)).toEqual(["Lou", "Max"]);
  });

  it("rate-limits a flood from one socket", async () => {
    const limited = await startTestServer({
      database: server.database,
      limits: { socketCommands: { burst: 5, perSecond: 1 } },
    });
    const socket = await limited.connect();
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => request(socket, "student:submit", { learningRate: 1 })),
    );
    const codes = replies.map((r) => (r.ok ? "ok" : r.error.code));
    expect(codes.filter((c) => c === "NOT_JOINED")).toHaveLength(5);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(7);
    seen.add("RATE_LIMITED");
    await limited.app.close();
  });

  it("says ORIGIN_NOT_ALLOWED when a page on another site asks whether its socket could connect", async () => {
    const response = await fetch(`${server.url}/api/connection-check`, {
      method: "POST",
      headers: { origin: "https://elsewhere.example" },
    });
    const body = (await response.json()) as { ok: boolean; error?: { code: ErrorCode; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error?.code).toBe("ORIGIN_NOT_ALLOWED");
    expect(body.error?.message).toMatch(/elsewhere\.example/);
    seen.add("ORIGIN_NOT_ALLOWED");
  });

  it("says INVALID_DATASET, naming row and column, for an instructor's CSV that cannot be used", async () => {
    const reply = await apiJson<{ error: { code: ErrorCode; message: string } }>(server, "/api/datasets", {
      body: { name: "Bad", csv: "rooms,price\n3,100\nabc,200\n" },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: "INVALID_DATASET",
      message: "row 3, column 'rooms': 'abc' is not a number",
    });
    seen.add("INVALID_DATASET");
  });

  it("says SIGNED_OUT when a visitor who is not signed in creates or lists sessions", async () => {
    for (const [method, body] of [
      ["POST", "{}"],
      ["GET", undefined],
    ] as const) {
      const response = await fetch(`${server.url}/api/sessions`, { method, body });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: ErrorCode } }).error.code).toBe("SIGNED_OUT");
    }
    seen.add("SIGNED_OUT");
  });

  it("says SETUP_REFUSED, SETUP_DONE, SIGNUP_CLOSED and INVITATION_INVALID where accounts are made", async () => {
    const invite = await startTestServer({ signup: "invite" });
    try {
      const post = async (path: string, body: object, code: ErrorCode, status: number) => {
        const response = await fetch(`${invite.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: invite.url },
          body: JSON.stringify(body),
        });
        expect(response.status, path).toBe(status);
        const reply = (await response.json()) as { error: { code: ErrorCode; message: string } };
        expect(reply.error.code, path).toBe(code);
        expect(reply.error.message).not.toMatch(/at .*\.ts:\d+|Error:/);
        seen.add(code);
      };
      const account = { name: "Ann", email: "ann@school.example", password: "correct horse battery" };
      await post("/api/auth/sign-up/email", account, "SIGNUP_CLOSED", 403);
      await post("/api/setup", { ...account, token: "not-the-token" }, "SETUP_REFUSED", 403);
      await post("/api/invitations/accept", { ...account, token: "x".repeat(43) }, "INVITATION_INVALID", 403);
      const token = await invite.app.accounts.startFirstRun();
      const done = await fetch(`${invite.url}/api/setup`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: invite.url },
        body: JSON.stringify({ ...account, token }),
      });
      expect(done.status).toBe(201);
      await post("/api/setup", { ...account, token }, "SETUP_DONE", 409);
    } finally {
      await invite.close();
    }
  });

  it("rate-limits one participant across its reconnects, and caps live rooms per process", async () => {
    const limited = await startTestServer({
      database: server.database,
      limits: { participantCommands: { burst: 4, perSecond: 0.01 } },
    });
    const s = await hostSession(limited);
    const ola = await joinStudent(limited, s.code, "Ola", 1e-4); // its submit takes 1 of 4
    ola.socket.disconnect();
    const again = await limited.connect(); // a fresh socket bucket, the same participant's bucket
    const resumed = await request(again, "student:join", {
      code: s.code,
      nickname: "Ola",
      resumeToken: ola.resumeToken,
    });
    expect(resumed.ok).toBe(true);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await request(again, "student:submit", { learningRate: 1e-4 }));
    expect(replies.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["ok", "ok", "ok", "RATE_LIMITED"]);

    const roomy = await startTestServer({ database: server.database, maxRooms: 1 });
    const first = await hostSession(roomy);
    expect(first.state.status).toBe("lobby");
    const second = await hostSession(server); // created elsewhere, loaded on demand below
    const socket = await roomy.connect();
    await expectError(socket, "host:attach", { code: second.code, hostToken: second.hostToken }, "SERVER_BUSY");
    await limited.close();
    await roomy.app.close();
  });

  it("answers INTERNAL, with no details, when storage fails", async () => {
    const s = await hostSession(server);
    const broken = new Proxy(server.database.prisma, {
      get(target, key, receiver) {
        if (key === "participant") return { create: () => Promise.reject(new Error("disk on fire at db.ts:12")) };
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const failing = await startTestServer({ database: { ...server.database, prisma: broken } });
    const socket = await failing.connect();
    await expectError(socket, "student:join", { code: s.code, nickname: "Zed" }, "INTERNAL");
    await failing.app.close();
    expect((await hostView(s.host, s.code, s.hostToken)).participants).toEqual([]);
  });
});
