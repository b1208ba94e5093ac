// The room lifecycle on its own: a LiveRoom with a manual clock, in-memory stores and a recording
// channel. Every command goes check -> store -> apply -> broadcast, so a store that fails leaves
// the room as it was.
import { describe, expect, it } from "vitest";
import type { HostRoomState, RoundSettings, StudentRoomState } from "../../../lib/protocol";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../../lib/room/room-model";
import { LiveRoom } from "../../../server/rooms/live-room";
import { hashToken } from "../../../server/secrets";
import { ManualClock } from "../../helpers/manual-clock";
import { MemoryStores } from "../../helpers/memory-stores";
import { RecordingChannel } from "../../helpers/recording-channel";

const HOST_TOKEN = "host-token-0123456789";
const OWNER = "instructor-owner";
const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 30,
  stepsPerSecond: 10,
  optimizers: ["gd"],
};

function known(id: string, nickname: string, learningRate: number | null = null): ParticipantRecord {
  return {
    id,
    nickname,
    nicknameKey: nicknameKey(nickname),
    resumeTokenHash: hashToken(`resume-${id}-0123456789`),
    learningRate,
    optimizer: "gd",
    momentum: null,
    connections: 0,
    kicked: false,
  };
}

const gd = (learningRate: number) => ({ learningRate, optimizer: "gd" as const, momentum: null });

function setup(
  participants: ParticipantRecord[] = [],
  settings: Partial<RoundSettings> = {},
  ownerId = OWNER as string | null,
) {
  const clock = new ManualClock();
  const stores = new MemoryStores();
  const channel = new RecordingChannel();
  const closed: LiveRoom[] = [];
  const model = new RoomModel({
    sessionId: "session-1",
    code: "ABC234",
    title: "Period 3",
    hostTokenHash: hashToken(HOST_TOKEN),
    ownerId,
    settings: { ...SETTINGS, ...settings },
    participants,
    roundsPlayed: 0,
    maxParticipants: 3,
  });
  const room = new LiveRoom(model, {
    sessions: stores.sessions,
    rounds: stores.rounds,
    channel,
    clock,
    flushIntervalMs: 1_000,
    idleGraceMs: 60_000,
    log: () => {},
    onClosed: (r) => closed.push(r),
  });
  const connected: string[] = [];
  const connect = (id?: string) => void connected.push(id ?? "host");
  return { clock, stores, channel, model, room, closed, connected, connect };
}

const lastHostState = (channel: RecordingChannel) => channel.payloads("room:state", "host").at(-1) as HostRoomState;

describe("LiveRoom: joining", () => {
  it("checks, stores, then adds and connects the participant, and tells the host", async () => {
    const { room, stores, model, channel, clock, connected, connect } = setup();
    channel.onSend = (sent) => {
      if (sent.event === "room:state") expect(stores.of("addParticipant")).toHaveLength(1);
    };
    const joined = await room.join({ nickname: "Ada" }, connect);
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(stores.of("addParticipant")[0]!.participant).toMatchObject({
      id: joined.participantId,
      nickname: "Ada",
      resumeTokenHash: hashToken(joined.resumeToken),
    });
    expect(connected).toEqual([joined.participantId]);
    expect(model.participants.get(joined.participantId)?.connections).toBe(1);
    expect(joined.state.you).toMatchObject({ nickname: "Ada", connected: true });
    await clock.advance(200);
    expect(lastHostState(channel).participants.map((p) => p.nickname)).toEqual(["Ada"]);
  });

  it("a storage failure in the middle of a join changes nothing and tells nobody", async () => {
    const { room, stores, model, channel, clock, connected, connect } = setup();
    stores.failNext("addParticipant");
    await expect(room.join({ nickname: "Ada" }, connect)).rejects.toThrow(/database is away/);
    expect(model.participants.size).toBe(0);
    expect(connected).toEqual([]);
    await clock.advance(2_000);
    expect(channel.sent).toEqual([]);
    // The nickname is still free: the same student tries again and gets in.
    expect((await room.join({ nickname: "ada" }, connect)).ok).toBe(true);
    expect(model.participants.size).toBe(1);
  });

  it("resumes by token without a new record, and refuses a kicked participant's token", async () => {
    const kim = { ...known("kim", "Kim"), kicked: true };
    const { room, stores, connect } = setup([known("ada", "Ada", 1e-4), kim]);
    const back = await room.join({ nickname: "whatever", resumeToken: "resume-ada-0123456789" }, connect);
    expect(back).toMatchObject({ ok: true, participantId: "ada", resumeToken: "resume-ada-0123456789" });
    const kicked = await room.join({ nickname: "Kim", resumeToken: "resume-kim-0123456789" }, connect);
    expect(kicked).toMatchObject({ ok: false, code: "KICKED" });
    expect(stores.writes).toEqual([]);
  });

  it("refuses taken nicknames, a locked room and a full one before storing anything", async () => {
    const { room, stores, connect } = setup([known("a", "Ada"), known("b", "Bo")]);
    expect(await room.join({ nickname: "ADA" }, connect)).toMatchObject({ ok: false, code: "NICKNAME_TAKEN" });
    expect(await room.setLocked(true)).toEqual({ ok: true, locked: true });
    expect(await room.join({ nickname: "Cy" }, connect)).toMatchObject({ ok: false, code: "ROOM_LOCKED" });
    await room.setLocked(false);
    expect((await room.join({ nickname: "Cy" }, connect)).ok).toBe(true);
    expect(await room.join({ nickname: "Di" }, connect)).toMatchObject({ ok: false, code: "ROOM_FULL" });
    expect(stores.of("addParticipant").map((w) => w.participant.nickname)).toEqual(["Cy"]);
  });
});

describe("LiveRoom: submitting and kicking", () => {
  it("stores a learning rate before applying it; a storage failure keeps the old one", async () => {
    const { room, stores, model, channel, clock } = setup([known("ada", "Ada", 0.001)], {
      optimizers: ["gd", "momentum"],
    });
    const choice = { learningRate: 1e-4, optimizer: "momentum" as const, momentum: 0.8 };
    stores.failNext("setRunChoice");
    await expect(room.submit("ada", choice)).rejects.toThrow();
    expect(model.participants.get("ada")).toMatchObject({ learningRate: 0.001, optimizer: "gd", momentum: null });
    await clock.advance(2_000);
    expect(channel.sent).toEqual([]);
    expect(await room.submit("ada", choice)).toEqual({ ok: true, ...choice });
    expect(model.participants.get("ada")).toMatchObject(choice);
    expect(stores.of("setRunChoice")).toEqual([{ kind: "setRunChoice", participantId: "ada", choice }]);
  });

  it("refuses an optimiser the round does not allow without storing or changing anything", async () => {
    const { room, stores, model, channel, clock } = setup([known("ada", "Ada", 0.001)], { optimizers: ["gd"] });
    const refused = await room.submit("ada", { learningRate: 0.01, optimizer: "adam", momentum: null });
    expect(refused).toMatchObject({ ok: false, code: "OPTIMIZER_NOT_ALLOWED" });
    expect(model.participants.get("ada")).toMatchObject({ learningRate: 0.001, optimizer: "gd" });
    await clock.advance(2_000);
    expect(channel.sent).toEqual([]);
    expect(stores.of("setRunChoice")).toEqual([]);
  });

  it("refuses a submission during a round without storing it", async () => {
    const { room, stores, clock } = setup([known("ada", "Ada", 1e-4)]);
    await room.start();
    expect(await room.submit("ada", gd(2e-4))).toMatchObject({ ok: false, code: "ROUND_RUNNING" });
    expect(await room.submit("nobody", gd(2e-4))).toMatchObject({ ok: false, code: "NOT_JOINED" });
    expect(stores.of("setRunChoice")).toEqual([]);
    await room.shutdown();
    await clock.flush();
  });

  it("a kick is stored first: on failure the student stays; then they are told, cut off and freed", async () => {
    const { room, stores, model, channel, connect } = setup([known("kim", "Kim")]);
    await room.join({ nickname: "Kim", resumeToken: "resume-kim-0123456789" }, connect);
    stores.failNext("markKicked");
    await expect(room.kick("kim")).rejects.toThrow();
    expect(model.participants.get("kim")).toMatchObject({ kicked: false, connections: 1 });
    expect(channel.payloads("room:kicked", "kim")).toEqual([]);

    expect(await room.kick("kim")).toEqual({ ok: true });
    expect(model.participants.get("kim")).toMatchObject({ kicked: true, connections: 0 });
    expect(channel.payloads("room:kicked", "kim")).toHaveLength(1);
    expect(channel.payloads("disconnect", "kim")).toHaveLength(1);
    expect(await room.kick("kim")).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    expect((await room.join({ nickname: "Kim" }, connect)).ok).toBe(true); // the name is free again
  });
});

describe("LiveRoom: hosts, leaving and closing", () => {
  it("attaches a host only with the host key", async () => {
    const { room, connected, connect } = setup();
    expect(await room.attachHost({ hostToken: "wrong-token-0123456789" }, connect)).toMatchObject({
      ok: false,
      code: "NOT_HOST",
    });
    const attached = await room.attachHost({ hostToken: HOST_TOKEN }, connect);
    expect(attached.ok && attached.state).toMatchObject({ view: "host", code: "ABC234", status: "lobby" });
    expect(connected).toEqual(["host"]);
  });

  it("attaches the signed-in owner or an admin without the key, and nobody else", async () => {
    const { room, connected, connect } = setup();
    const refused = { ok: false, code: "NOT_HOST" };
    expect(await room.attachHost({ instructor: null }, connect)).toMatchObject(refused);
    expect(await room.attachHost({ instructor: { id: "someone-else", role: "instructor" } }, connect)).toMatchObject(
      refused,
    );
    expect(connected).toEqual([]); // refused before anything was connected
    expect((await room.attachHost({ instructor: { id: OWNER, role: "instructor" } }, connect)).ok).toBe(true);
    const admin = await room.attachHost({ instructor: { id: "the-admin", role: "admin" } }, connect);
    expect(admin.ok && admin.state).toMatchObject({ view: "host", code: "ABC234" });
    expect(connected).toEqual(["host", "host"]);
  });

  it("opens a session nobody owns (from before accounts) to an admin only", async () => {
    const { room, connect } = setup([], {}, null);
    const nobody = { id: "", role: "instructor" } as const;
    expect(await room.attachHost({ instructor: nobody }, connect)).toMatchObject({ ok: false, code: "NOT_HOST" });
    expect((await room.attachHost({ instructor: { id: "the-admin", role: "admin" } }, connect)).ok).toBe(true);
  });

  it("closes after the grace period once everybody has left, and stores the end first", async () => {
    const { room, stores, channel, clock, closed, connect } = setup();
    await room.attachHost({ hostToken: HOST_TOKEN }, connect);
    const ada = await room.join({ nickname: "Ada" }, connect);
    await room.leave(); // the host
    await clock.advance(120_000);
    expect(closed).toEqual([]); // Ada is still there
    await room.leave(ada.ok ? ada.participantId : "");
    stores.failNext("endSession");
    await clock.advance(60_000);
    expect(closed).toEqual([]); // could not store the end: still open, tried again later
    expect(room.closed).toBe(false);
    await clock.advance(60_000);
    expect(closed).toEqual([room]);
    expect(stores.of("endSession")).toEqual([{ kind: "endSession", sessionId: "session-1" }]);
    expect(channel.payloads("room:ended", "everyone")).toEqual([{ reason: "idle" }]);
  });
});

describe("LiveRoom: a round on the manual clock", () => {
  it("plays the lesson, stores it while it plays, and announces results only once stored", async () => {
    const { room, stores, model, channel, clock } = setup([known("one", "One", 1), known("good", "Good", 1e-5)]);
    channel.onSend = (sent) => {
      if (sent.event === "room:finished") expect(stores.of("finishRound")).toHaveLength(1);
    };
    expect(await room.start()).toEqual({ ok: true });
    await clock.advance(1_000); // 10 steps at 10 a second
    expect(model.round!.batch.step).toBe(10);
    expect(stores.of("startRound")).toHaveLength(1);
    expect(stores.of("appendChunk").length).toBeGreaterThanOrEqual(1);
    await clock.advance(3_000);
    expect(model.status).toBe("finished");
    const [finished] = stores.of("finishRound");
    expect(finished!.status).toBe("finished");
    const byId = new Map(finished!.runs.map((run) => [run.participantId, run]));
    expect(Array.from(byId.get("one")!.losses)).toEqual([14871.802500000002, 1026548766283.6302]);
    expect(byId.get("one")).toMatchObject({ status: "diverged", divergedAtStep: 1, rank: 2 });
    expect(byId.get("good")).toMatchObject({ status: "max_steps", rank: 1 });
    expect(byId.get("good")!.losses).toHaveLength(31);
    expect(channel.payloads("room:finished", "host")).toHaveLength(1);
  });

  it("pauses, steps one at a time, and resumes", async () => {
    const { room, model, clock } = setup([known("good", "Good", 1e-5)]);
    await room.start();
    await clock.advance(300);
    expect(await room.pause()).toEqual({ ok: true });
    const at = model.round!.batch.step;
    await clock.advance(2_000);
    expect(model.round!.batch.step).toBe(at);
    expect(await room.stepOnce()).toEqual({ ok: true });
    expect(model.round!.batch.step).toBe(at + 1);
    expect(await room.resume()).toEqual({ ok: true });
    expect(await room.stepOnce()).toMatchObject({ ok: false, code: "INVALID_STATE" });
    await room.shutdown();
  });

  it("plays on with the database away, warns the host, and stores everything in order once it is back", async () => {
    const { room, stores, model, channel, clock } = setup([known("good", "Good", 1e-5)], { maxSteps: 20 });
    stores.failAlways("startRound");
    await room.start();
    await clock.advance(1_500);
    expect(model.round!.batch.step).toBe(15); // the class is not kept waiting
    expect(channel.payloads("host:warning", "host")).toMatchObject([{ code: "STORAGE_DEGRADED" }]);
    expect(stores.writes).toEqual([]);
    stores.recover();
    await clock.advance(10_000);
    expect(model.status).toBe("finished");
    expect(stores.writes.map((w) => w.kind)).toEqual(expect.arrayContaining(["startRound", "finishRound"]));
    expect(stores.writes[0]!.kind).toBe("startRound");
    expect(stores.writes.at(-1)!.kind).toBe("finishRound");
    expect(channel.payloads("host:warning", "host")).toMatchObject([
      { code: "STORAGE_DEGRADED" },
      { code: "STORAGE_RECOVERED" },
    ]);
  });

  it("a shutdown mid-round stores every step played, leaves the round in play and the session open", async () => {
    const { room, stores, clock, closed, model } = setup([known("good", "Good", 1e-5)]);
    await room.start();
    await clock.advance(500); // 5 steps, not flushed yet (once a second)
    expect(stores.of("appendChunk")).toEqual([]);
    await room.shutdown();
    // Left running in storage, with every step: the next process takes it up, paused (round-restore tests).
    expect(stores.of("finishRound")).toEqual([]);
    const chunks = stores.of("appendChunk");
    expect(chunks.map((c) => [c.fromStep, c.toStep])).toEqual([[0, 6]]);
    expect(Array.from(chunks[0]!.matrix)).toEqual(Array.from(model.round!.series.view(0)));
    expect(stores.of("endSession")).toEqual([]);
    expect(closed).toEqual([room]);
    await clock.advance(5_000); // no tick plays on after the shutdown
    expect(model.round!.batch.step).toBe(5);
    expect(stores.writes.map((w) => w.kind)).toEqual(["startRound", "appendChunk"]);
  });

  it("host:end mid-round stores the round as interrupted and ends the session", async () => {
    const { room, stores, clock } = setup([known("good", "Good", 1e-5)]);
    await room.start();
    await clock.advance(500);
    expect(await room.end()).toEqual({ ok: true });
    const [finished] = stores.of("finishRound");
    expect(finished).toMatchObject({ status: "interrupted" });
    expect(finished!.runs[0]).toMatchObject({ status: "interrupted" });
    expect(finished!.runs[0]!.losses).toHaveLength(6);
    expect(stores.of("endSession")).toHaveLength(1);
  });

  it("a student arriving mid-round gets the leaders' names at once", async () => {
    const { room, channel, clock, connect } = setup([known("good", "Good", 1e-5), known("late", "Late")]);
    await room.start();
    await clock.advance(200);
    await room.join({ nickname: "Late", resumeToken: "resume-late-0123456789" }, connect);
    expect(channel.payloads("room:leaders", "late")).toEqual([{ round: 1, nicknames: ["Good"] }]);
    const state = channel.payloads("room:state", "late");
    expect(state.length === 0 || (state.at(-1) as StudentRoomState).view === "student").toBe(true);
    await room.shutdown();
  });
});
