import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionHistory } from "../../lib/api-types";
import type { HostRoomState, StudentRoomState } from "../../lib/protocol";
import { apiJson, hostSession, joinStudent } from "../helpers/session-fixture";
import { nextEvent, request, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("phones that drop and hosts that reload", () => {
  it("gives a reconnecting student their identity, rate and run back", async () => {
    const session = await hostSession(server, { maxSteps: 40, stepsPerSecond: 20 });
    // 2.3e-4 is just under the lesson's stable bound: it converges slowly, so the run is still
    // going when the phone comes back.
    const student = await joinStudent(server, session.code, "Mia", "2.3e-4");
    await joinStudent(server, session.code, "Noa", 0.5);
    const finished = nextEvent(session.host, "room:finished");
    await request(session.host, "host:start");
    await nextEvent(student.socket, "room:tick", (t) => t.step >= 2);
    student.socket.disconnect();

    const phone = await server.connect();
    const leadersOnJoin = nextEvent(phone, "room:leaders"); // a phone coming back mid-round gets the names
    const resumed = await request<{ participantId: string; resumeToken: string; state: StudentRoomState }>(
      phone,
      "student:join",
      { code: session.code, nickname: "whatever", resumeToken: student.resumeToken },
    );
    expect(resumed.ok && resumed.participantId).toBe(student.participantId);
    if (!resumed.ok) return;
    expect(resumed.state.you).toMatchObject({ nickname: "Mia", learningRate: 2.3e-4, connected: true });
    const tick = await nextEvent(phone, "room:tick", (t) => t.view === "student" && t.you !== undefined);
    expect(tick.view === "student" && [tick.round, tick.you?.[1]]).toEqual([1, 0]); // still running
    expect((await leadersOnJoin).nicknames).toContain("Mia");

    const hostState = await nextEvent(session.host, "room:state", (s) => s.view === "host");
    expect((hostState as HostRoomState).participants.filter((p) => p.nickname === "Mia")).toHaveLength(1);
    await finished;
    const history = await apiJson<SessionHistory>(server, `/api/sessions/${session.id}`);
    expect(history.body.rounds[0]?.runs.filter((r) => r.nickname === "Mia")).toHaveLength(1);
  });

  it("lets a reloaded host take control again with the host key", async () => {
    const session = await hostSession(server);
    await joinStudent(server, session.code, "Ola", 1e-4);
    session.host.disconnect();
    const reloaded = await server.connect();
    const attached = await request<{ state: HostRoomState }>(reloaded, "host:attach", {
      code: session.code,
      hostToken: session.hostToken,
    });
    expect(attached.ok).toBe(true);
    if (attached.ok) expect(attached.state.participants.map((p) => p.nickname)).toEqual(["Ola"]);
    expect(await request(reloaded, "host:lock", { locked: true })).toEqual({ ok: true, locked: true });
  });

  it("brings a room back from the database after a restart of the server", async () => {
    const first = await startTestServer();
    const session = await hostSession(first);
    const student = await joinStudent(first, session.code, "Pia", 2e-4);
    await first.app.close(); // the process's rooms are gone; the database stays
    const second = await startTestServer({ database: first.database });
    const host = await second.connect();
    const attached = await request<{ state: HostRoomState }>(host, "host:attach", {
      code: session.code,
      hostToken: session.hostToken,
    });
    expect(attached.ok && attached.state.participants.map((p) => [p.nickname, p.learningRate])).toEqual([
      ["Pia", 2e-4],
    ]);
    const phone = await second.connect();
    const resumed = await request<{ participantId: string }>(phone, "student:join", {
      code: session.code,
      nickname: "Pia",
      resumeToken: student.resumeToken,
    });
    expect(resumed.ok && resumed.participantId).toBe(student.participantId);
    await second.close();
    await first.database.close();
  });
});

describe("a host reloading mid-round", () => {
  it("finds every step played so far in the stored history", async () => {
    const session = await hostSession(server, { maxSteps: 2000, stepsPerSecond: 20 });
    await joinStudent(server, session.code, "Rae", 1e-6);
    await request(session.host, "host:start");
    await nextEvent(session.host, "room:tick", (t) => t.step >= 8);
    const paused = await request(session.host, "host:pause");
    expect(paused.ok).toBe(true);
    const reloaded = await server.connect();
    const attached = await request<{ state: HostRoomState }>(reloaded, "host:attach", {
      code: session.code,
      hostToken: session.hostToken,
    });
    if (!attached.ok) throw new Error(attached.error.message);
    const history = await apiJson<SessionHistory>(server, `/api/sessions/${session.id}`);
    expect(history.body.rounds[0]?.runs[0]?.losses).toHaveLength(attached.state.step + 1);
  });
});
