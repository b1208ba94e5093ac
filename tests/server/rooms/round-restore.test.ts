// A room loaded with a round storage still has in play (after a crash or a restart): it comes back
// paused at the last stored step (or playing, for a takeover), goes on writing the same round row
// from where storage stopped, and ends exactly as the round that was never stopped.
import { describe, expect, it } from "vitest";
import type { HostRoomState, RoundSettings } from "../../../lib/protocol";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../../lib/room/room-model";
import type { StoredRoundInPlay } from "../../../server/db/round-repo";
import type { StoredRoom } from "../../../server/db/session-repo";
import { RoomRegistry } from "../../../server/rooms/room-registry";
import { hashToken } from "../../../server/secrets";
import { ManualClock } from "../../helpers/manual-clock";
import { MemoryStores } from "../../helpers/memory-stores";
import { RecordingChannel } from "../../helpers/recording-channel";

const HOST_TOKEN = "host-token-0123456789";
const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 40,
  stepsPerSecond: 10,
  optimizers: ["gd", "momentum", "adam"],
};
const CHOICES = [
  { learningRate: 1, optimizer: "adam", momentum: null },
  { learningRate: 1, optimizer: "gd", momentum: null }, // diverges at step 1
  { learningRate: 1e-5, optimizer: "momentum", momentum: 0.9 },
  { learningRate: 1e-5, optimizer: "gd", momentum: null },
] as const;
const STORED_STEPS = 12;

const participants = (): ParticipantRecord[] =>
  CHOICES.map((choice, i) => ({
    id: `p${i}`,
    nickname: `P${i}`,
    nicknameKey: nicknameKey(`P${i}`),
    resumeTokenHash: hashToken(`resume-${i}-0123456789`),
    ...choice,
    connections: 0,
    kicked: false,
  }));

/** The class's round 2 as a room that never stopped plays it, stepped `steps` times. */
function liveRound(steps: number) {
  const model = new RoomModel({
    sessionId: "session-1",
    code: "ABC234",
    title: "t",
    hostTokenHash: hashToken(HOST_TOKEN),
    settings: SETTINGS,
    participants: participants(),
    roundsPlayed: 1,
    maxParticipants: 10,
  });
  model.start();
  for (let step = 0; step < steps && model.status === "running"; step++) model.advance();
  return model;
}

function storedRoom(code: string, steps = STORED_STEPS, tamper = false): StoredRoom {
  const round = liveRound(steps).round!;
  const series = round.roster.map((_, run) => round.series.view(run).slice());
  if (tamper) series[0]![2]! += 1e-9;
  const { number, settings, datasetCopy, roster } = round;
  const roundInPlay: StoredRoundInPlay = { id: `round-${code}`, number, settings, datasetCopy, roster, series };
  return {
    id: `session-${code}`,
    code,
    title: "t",
    hostTokenHash: hashToken(HOST_TOKEN),
    ownerId: null,
    // The session's defaults differ from the round's: the room must take the round's.
    settings: { ...SETTINGS, maxSteps: 5, optimizers: ["gd"] },
    datasetCopy: null,
    participants: participants(),
    roundsPlayed: 2,
    roundInPlay,
  };
}

function registry(rooms: Record<string, StoredRoom>) {
  const clock = new ManualClock();
  const stores = new MemoryStores();
  const logged: string[] = [];
  const registry = new RoomRegistry({
    source: {
      loadLiveRoom: (code) => Promise.resolve(rooms[code] ?? null),
      codesWithRoundInPlay: () => Promise.resolve(Object.keys(rooms)),
      claimOwnership: () => Promise.resolve(true),
      hasLiveSession: (code) => Promise.resolve(code in rooms),
    },
    channelFor: () => new RecordingChannel(),
    sessions: stores.sessions,
    rounds: stores.rounds,
    clock,
    log: (message) => void logged.push(message),
    flushIntervalMs: 1_000,
    idleGraceMs: 60_000,
    maxParticipants: 10,
    maxRooms: 5,
  });
  return { registry, clock, stores, logged };
}

const connect = () => {};
const lossesOf = (runs: Array<{ losses: Float64Array }>) => runs.map((run) => Array.from(run.losses));

describe("a room restored with its round in play", () => {
  it("comes back paused at the stored step, stores on in the same row, and ends as the round never stopped", async () => {
    const { registry: rooms, clock, stores } = registry({ ABC234: storedRoom("ABC234") });
    const room = (await rooms.get("ABC234"))!;
    expect(room.status).toBe("paused");
    const attached = await room.attachHost({ hostToken: HOST_TOKEN }, connect);
    const state = (attached.ok && attached.state) as HostRoomState;
    expect([state.status, state.round, state.step, state.settings]).toEqual(["paused", 2, STORED_STEPS, SETTINGS]);
    expect(state.roster.map((r) => r.optimizer)).toEqual(["adam", "gd", "momentum", "gd"]);
    await clock.advance(5_000);
    expect(stores.writes).toEqual([]); // paused: nothing plays, nothing new to store

    expect(await room.stepOnce()).toEqual({ ok: true });
    await room.attachHost({ hostToken: HOST_TOKEN }, connect, { reattach: true });
    expect(stores.of("appendChunk").map((c) => [c.roundId, c.fromStep, c.toStep])).toEqual([
      ["round-ABC234", STORED_STEPS + 1, STORED_STEPS + 2],
    ]);
    expect(await room.resume()).toEqual({ ok: true });
    await clock.advance(10_000);
    expect(room.status).toBe("finished");
    const [finished] = stores.of("finishRound");
    expect([finished!.roundId, finished!.status]).toEqual(["round-ABC234", "finished"]);
    expect(stores.of("startRound")).toEqual([]);
    // Chunks follow one another with no gap or overlap, in the stored chunks' format.
    const chunks = stores.of("appendChunk");
    chunks.slice(1).forEach((chunk, i) => expect(chunk.fromStep).toBe(chunks[i]!.toStep));

    const reference = liveRound(SETTINGS.maxSteps).round!;
    expect(lossesOf(finished!.runs)).toEqual(reference.roster.map((_, run) => Array.from(reference.series.view(run))));
    expect(finished!.runs.map((r) => r.rank)).toEqual(Array.from(reference.ranks));
    expect(finished!.runs.map((r) => [r.status, r.rank, r.divergedAtStep])).toEqual([
      ["max_steps", 1, null],
      ["diverged", 4, 1],
      ["max_steps", 3, null],
      ["max_steps", 2, null],
    ]);
  });

  it("plays at once when loaded with { play: true }", async () => {
    const { registry: rooms, clock, stores } = registry({ ABC234: storedRoom("ABC234") });
    const room = (await rooms.load("ABC234", { play: true }))!;
    expect(room.status).toBe("running");
    expect(await rooms.load("ABC234")).toBe(room); // held already: as it is
    await clock.advance(1_000);
    expect(stores.of("appendChunk")[0]).toMatchObject({ fromStep: STORED_STEPS + 1, toStep: STORED_STEPS + 11 });
    await clock.advance(5_000);
    expect(room.status).toBe("finished");
  });

  it("restoreUnfinished loads every room with a round in play, paused; unattended, they close as interrupted", async () => {
    const { registry: rooms, clock, stores } = registry({ ABC234: storedRoom("ABC234"), DEF567: storedRoom("DEF567") });
    expect(await rooms.restoreUnfinished()).toBe(2);
    expect(rooms.all().map((room) => room.status)).toEqual(["paused", "paused"]);
    await clock.advance(60_000); // nobody came back within the grace period
    expect(rooms.size).toBe(0);
    expect(stores.of("endSession")).toHaveLength(2);
    const interrupted = stores.of("finishRound");
    expect(interrupted.map((w) => [w.roundId, w.status])).toEqual([
      ["round-ABC234", "interrupted"],
      ["round-DEF567", "interrupted"],
    ]);
    const stored = storedRoom("ABC234").roundInPlay!.series.map((s) => Array.from(s));
    expect(lossesOf(interrupted[0]!.runs)).toEqual(stored);
    expect(interrupted[0]!.runs.map((r) => r.status)).toEqual([
      "interrupted",
      "diverged",
      "interrupted",
      "interrupted",
    ]);
  });

  it("a shutdown stores every step played and leaves the round in play", async () => {
    const { registry: rooms, clock, stores } = registry({ ABC234: storedRoom("ABC234") });
    const room = (await rooms.get("ABC234"))!;
    await room.resume();
    await clock.advance(500); // 5 steps, not flushed yet
    await rooms.shutdown();
    expect(stores.of("finishRound")).toEqual([]);
    expect(stores.of("endSession")).toEqual([]);
    expect(stores.of("appendChunk").map((c) => [c.fromStep, c.toStep])).toEqual([[STORED_STEPS + 1, STORED_STEPS + 6]]);
  });

  it("closes a round whose stored losses a replay does not reproduce as interrupted, the room in the lobby", async () => {
    const { registry: rooms, stores, logged } = registry({ ABC234: storedRoom("ABC234", STORED_STEPS, true) });
    const room = (await rooms.get("ABC234"))!;
    expect(room.status).toBe("lobby");
    const [closed] = stores.of("finishRound");
    expect([closed!.roundId, closed!.status]).toEqual(["round-ABC234", "interrupted"]);
    expect(closed!.runs.map((r) => r.status)).toEqual(["interrupted", "interrupted", "interrupted", "interrupted"]);
    expect(closed!.runs[1]!.losses).toHaveLength(2); // kept as stored
    expect(logged.join("\n")).toMatch(/round 2 cannot go on .*do not match a replay/);
    expect(await rooms.restoreUnfinished()).toBe(0);
  });
});
