import { describe, expect, it } from "vitest";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../../lib/room/room-model";
import { hostState, leaderboard, roundResults, studentTick, yourRun } from "../../../lib/room/room-views";

function participant(id: string, nickname: string, learningRate: number | null = null): ParticipantRecord {
  return {
    id,
    nickname,
    nicknameKey: nicknameKey(nickname),
    resumeTokenHash: `h-${id}`,
    learningRate,
    optimizer: "gd",
    momentum: null,
    connections: 1,
    kicked: false,
  };
}

/** A plain-descent submission. */
const gd = (learningRate: number) => ({ learningRate, optimizer: "gd" as const, momentum: null });

function room(maxSteps = 100, participants: ParticipantRecord[] = []) {
  return new RoomModel({
    sessionId: "s",
    code: "ABC234",
    title: "t",
    hostTokenHash: "h",
    settings: { dataset: "lesson", standardized: false, maxSteps, stepsPerSecond: 5, optimizers: ["gd"] },
    participants,
    roundsPlayed: 0,
    maxParticipants: 3,
  });
}

describe("RoomModel", () => {
  it("plays the lesson: lr = 1 records the lesson's numbers and stops at step 1", () => {
    const model = room(100, [participant("a", "Ada", 1), participant("b", "Bo", 1e-4)]);
    const started = model.start();
    expect(started.ok).toBe(true);
    expect(model.status).toBe("running");
    model.advance();
    const round = model.round!;
    expect(Array.from(round.series.view(0))).toEqual([14871.802500000002, 1026548766283.6302]);
    while (model.status === "running") model.advance();
    expect(model.status).toBe("finished");
    expect(round.series.length(0)).toBe(2); // no update after diverging
    const results = roundResults(round);
    expect(results.map((r) => [r.nickname, r.status, r.rank])).toEqual([
      ["Bo", "converged", 1],
      ["Ada", "diverged", 2],
    ]);
    expect(results[1]).toMatchObject({ divergedAtStep: 1, finalLoss: 1026548766283.6302, steps: 1 });
  });

  it("enforces the round's life cycle", () => {
    const model = room(5, [participant("a", "Ada")]);
    expect(model.start()).toMatchObject({ ok: false, code: "NO_LEARNING_RATES" });
    expect(model.submit("a", gd(1e-4)).ok).toBe(true);
    expect(model.resume()).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(model.start().ok).toBe(true);
    expect(model.submit("a", gd(0.1))).toMatchObject({ ok: false, code: "ROUND_RUNNING" });
    expect(model.newRound({ standardized: true })).toMatchObject({ ok: false, code: "ROUND_RUNNING" });
    expect(model.pause().ok).toBe(true);
    expect(model.advance().ok).toBe(true); // host:step while paused
    expect(model.round!.batch.step).toBe(1);
    expect(model.resume().ok).toBe(true);
    while (model.status === "running") model.advance();
    expect(model.newRound({ standardized: true, maxSteps: 7 }).ok).toBe(true);
    expect(model.status).toBe("lobby");
    expect(model.start().ok).toBe(true);
    expect(model.round!.number).toBe(2);
    expect(model.round!.settings).toMatchObject({ standardized: true, maxSteps: 7 });
    expect(model.end().ok).toBe(true);
    expect(model.start()).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("keeps nicknames unique case-insensitively, caps the room and frees a kicked name", () => {
    const model = room(5, [participant("a", "Ada")]);
    expect(model.canJoin("ADA")).toMatchObject({ ok: false, code: "NICKNAME_TAKEN" });
    expect(model.join(participant("b", "Bo")).ok).toBe(true);
    expect(model.join(participant("c", "Cy")).ok).toBe(true);
    expect(model.canJoin("Di")).toMatchObject({ ok: false, code: "ROOM_FULL" });
    expect(model.kick("a").ok).toBe(true);
    expect(model.submit("a", gd(1))).toMatchObject({ ok: false, code: "KICKED" });
    expect(model.canJoin("ada").ok).toBe(true);
    model.setLocked(true);
    expect(model.canJoin("ada")).toMatchObject({ ok: false, code: "ROOM_LOCKED" });
    expect(hostState(model).participants.map((p) => p.nickname)).toEqual(["Bo", "Cy"]);
  });

  it("gives students their own run, rank and the top of the board", () => {
    const model = room(50, [participant("a", "Ada", 1), participant("b", "Bo", 1e-4), participant("c", "Cy")]);
    model.start();
    model.advance();
    const round = model.round!;
    const { top, nicknames } = leaderboard(round);
    expect(nicknames).toEqual(["Bo", "Ada"]);
    expect(studentTick(round, top, 123)).toEqual({
      view: "student",
      round: 1,
      step: 1,
      sentAt: 123,
      runs: 2,
      top: [
        [1, round.batch.losses[1], 0],
        [2, 1026548766283.6302, 2],
      ],
    });
    expect(yourRun(round, 0)).toEqual([1026548766283.6302, 2, 2, 1]);
    expect(round.roster.map((r) => r.nickname)).toEqual(["Ada", "Bo"]); // Cy has no run
  });
});

describe("RoomModel checks change nothing", () => {
  it("canSubmit, canKick and canJoin answer without touching the room; the applies re-check", () => {
    const model = room(100, [participant("a", "Ada", 0.001), participant("b", "Bo")]);
    expect(model.canSubmit("a")).toMatchObject({ ok: true });
    expect(model.participants.get("a")!.learningRate).toBe(0.001);
    expect(model.canSubmit("zz")).toMatchObject({ ok: false, code: "NOT_JOINED" });
    expect(model.canKick("b")).toMatchObject({ ok: true });
    expect(model.participants.get("b")!.kicked).toBe(false);
    expect(model.canJoin("Cy")).toEqual({ ok: true });
    expect(model.participants.size).toBe(2);
    expect(model.kick("b")).toMatchObject({ ok: true });
    expect(model.participants.get("b")).toMatchObject({ kicked: true, connections: 0 });
    expect(model.canKick("b")).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    expect(model.submit("b", gd(1e-4))).toMatchObject({ ok: false, code: "KICKED" });
  });

  it("finds a participant by resume-token hash, kicked ones included", () => {
    const model = room(100, [participant("a", "Ada"), { ...participant("k", "Kim"), kicked: true }]);
    expect(model.participantByResumeToken("h-a")?.id).toBe("a");
    expect(model.participantByResumeToken("h-k")?.kicked).toBe(true);
    expect(model.participantByResumeToken("nope")).toBeUndefined();
  });
});

describe("RoomModel counts who is here without walking the class", () => {
  it("keeps activeCount and connectedCount equal to a count over every participant", () => {
    const away = { ...participant("b", "Bo"), connections: 0 };
    const model = room(10, [{ ...participant("a", "Ada"), connections: 2 }, away]);
    const walk = () => ({
      active: model.activeParticipants.length,
      connected: model.activeParticipants.filter((p) => p.connections > 0).length,
    });
    const counts = () => ({ active: model.activeCount, connected: model.connectedCount });
    expect(counts()).toEqual({ active: 2, connected: 1 });
    // A random walk of joins, reconnects, drops and kicks: the counts always match the walk.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 300; i++) {
      const all = [...model.participants.values()];
      const someone = all[next(all.length)]!;
      const move = next(4);
      if (move === 0 && model.activeCount < 10) model.join(participant(`p${i}`, `P${i}`));
      else if (move === 1) model.setConnections(someone, someone.connections + 1);
      else if (move === 2) model.setConnections(someone, someone.connections - 1);
      else if (!someone.kicked && next(5) === 0) model.kick(someone.id);
      expect(counts()).toEqual(walk());
    }
    for (const p of model.participants.values()) if (p.kicked) expect(p.connections).toBe(0);
  });
});
