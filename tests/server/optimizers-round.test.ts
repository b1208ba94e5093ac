// A round where students race with different optimisers (issue 15): the host chooses what is
// allowed, each phone picks one, and the stored runs, the history and the CSV say which was used.
// The lesson is one sample, so the stored losses equal numpy's bit for bit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionHistory } from "../../lib/api-types";
import type { HostRoomState, RoundFinished } from "../../lib/protocol";
import { optimizerFixture } from "../lib/gd/load-fixtures";
import { apiJson, hostSession, joinStudent } from "../helpers/session-fixture";
import { nextEvent, request, startTestServer, type TestServer } from "../helpers/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const numpy = optimizerFixture("lesson", false).runs;
const fixtureRun = (optimizer: string, momentum: number | null, pick: (lr: number) => boolean) =>
  numpy.find((r) => r.optimizer === optimizer && r.momentum === momentum && pick(r.lr))!;

describe("a round with mixed optimisers", () => {
  it("plays each student's optimiser, and stores, lists and exports it", async () => {
    const s = await hostSession(server, { maxSteps: 1000 });
    expect(s.state.settings.optimizers).toEqual(["gd"]);
    const allowed = await request<{ state: HostRoomState }>(s.host, "host:newRound", {
      optimizers: ["adam", "gd", "momentum"],
    });
    expect(allowed.ok && allowed.state.settings.optimizers).toEqual(["gd", "momentum", "adam"]);

    const adamAtOne = fixtureRun("adam", null, (lr) => lr === 1);
    const heavyBall = fixtureRun("momentum", 0.9, (lr) => lr < 1e-4);
    const plain = fixtureRun("momentum", 0.5, (lr) => lr > 1e-4 && lr < 3e-4);
    const players = [
      { nickname: "Ada", submit: { learningRate: 1, optimizer: "adam" } },
      { nickname: "Bo", submit: { learningRate: 1 } },
      { nickname: "Cy", submit: { learningRate: heavyBall.lr, optimizer: "momentum" } },
      { nickname: "Di", submit: { learningRate: plain.lr, optimizer: "momentum", momentum: 0.5 } },
    ];
    const sockets = [];
    for (const { nickname, submit } of players) {
      const student = await joinStudent(server, s.code, nickname);
      const reply = await request(student.socket, "student:submit", submit);
      expect(reply).toEqual({
        ok: true,
        learningRate: submit.learningRate,
        optimizer: submit.optimizer ?? "gd",
        momentum: submit.optimizer === "momentum" ? (submit.momentum ?? 0.9) : null,
      });
      sockets.push(student.socket);
    }
    const state = await request<{ state: HostRoomState }>(s.host, "host:attach", {
      code: s.code,
      hostToken: s.hostToken,
    });
    expect(state.ok && state.state.participants.map((p) => [p.nickname, p.optimizer, p.momentum])).toEqual([
      ["Ada", "adam", null],
      ["Bo", "gd", null],
      ["Cy", "momentum", 0.9],
      ["Di", "momentum", 0.5],
    ]);

    const finished = nextEvent(s.host, "room:finished", () => true, 20_000);
    const studentFinished = nextEvent(sockets[0]!, "room:finished", () => true, 20_000);
    expect(await request(s.host, "host:start", {})).toEqual({ ok: true });
    const results = (await finished).results;
    const byName = (list: RoundFinished["results"]) =>
      Object.fromEntries(list.map((r) => [r.nickname, [r.optimizer, r.momentum, r.status]]));
    expect(byName(results)).toEqual({
      Ada: ["adam", null, adamAtOne.status],
      Bo: ["gd", null, "diverged"],
      Cy: ["momentum", 0.9, heavyBall.status],
      Di: ["momentum", 0.5, plain.status],
    });
    expect(adamAtOne.status).toBe("converged"); // where plain descent at the same rate blew up
    expect(byName((await studentFinished).results).Ada).toEqual(["adam", null, "converged"]);

    const history = await apiJson<SessionHistory>(server, `/api/sessions/${s.id}`);
    const round = history.body.rounds.at(-1)!;
    expect(round.optimizers).toEqual(["gd", "momentum", "adam"]);
    const run = (nickname: string) => round.runs.find((r) => r.nickname === nickname)!;
    expect([run("Ada").optimizer, run("Cy").momentum, run("Di").momentum]).toEqual(["adam", 0.9, 0.5]);
    // numpy's series (tests/reference/optimizer_reference.py), bit for bit, as long as each lasted.
    expect(run("Ada").losses).toEqual(adamAtOne.losses);
    expect(run("Cy").losses).toEqual(heavyBall.losses);
    expect(run("Di").losses).toEqual(plain.losses);
    expect(run("Bo").losses).toEqual([14871.802500000002, 1026548766283.6302]);

    const csv = await fetch(`${server.url}/api/sessions/${s.id}/export.csv`, { headers: { cookie: s.cookie } });
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("round,participant_id,nickname,learning_rate,status,step,loss,optimizer,momentum");
    const rows = lines.slice(1).map((line) => line.split(","));
    const rowsOf = (nickname: string) => rows.filter((r) => r[2] === nickname);
    expect(rowsOf("Ada").length).toBe(adamAtOne.losses.length);
    expect(new Set(rowsOf("Ada").map((r) => r.slice(7).join(",")))).toEqual(new Set(["adam,"]));
    expect(new Set(rowsOf("Di").map((r) => r.slice(7).join(",")))).toEqual(new Set(["momentum,0.5"]));
    expect(new Set(rowsOf("Bo").map((r) => r.slice(7).join(",")))).toEqual(new Set(["gd,"]));
    expect(rowsOf("Cy").at(-1)![6]).toBe(String(heavyBall.losses.at(-1)));
  });

  it("falls back to an allowed optimiser when the host narrows the list after a choice", async () => {
    const s = await hostSession(server, { maxSteps: 3, optimizers: ["gd", "momentum"] });
    expect(s.state.settings.optimizers).toEqual(["gd", "momentum"]);
    const eve = await joinStudent(server, s.code, "Eve");
    expect((await request(eve.socket, "student:submit", { learningRate: 1e-5, optimizer: "momentum" })).ok).toBe(true);
    expect((await request(s.host, "host:newRound", { optimizers: ["adam"] })).ok).toBe(true);
    const finished = nextEvent(s.host, "room:finished");
    expect(await request(s.host, "host:start", {})).toEqual({ ok: true });
    expect((await finished).results.map((r) => [r.nickname, r.optimizer, r.momentum])).toEqual([["Eve", "adam", null]]);
    // The student's own choice is kept for a later round that allows it again.
    const state = await request<{ state: HostRoomState }>(s.host, "host:newRound", { optimizers: ["momentum"] });
    expect(state.ok && state.state.participants[0]).toMatchObject({ optimizer: "momentum", momentum: 0.9 });
  });
});
