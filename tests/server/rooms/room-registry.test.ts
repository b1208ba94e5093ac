// RoomRegistry on its own: rooms are loaded from storage once however many ask at the same time,
// a process holds at most maxRooms, closed rooms are forgotten, and a disconnect never loads one.
// (Rooms that come back with a round in play: round-restore.test.ts.)
import { describe, expect, it } from "vitest";
import type { StoredRoom } from "../../../server/db/session-repo";
import { RoomRegistry, TooManyRoomsError } from "../../../server/rooms/room-registry";
import { ManualClock } from "../../helpers/manual-clock";
import { MemoryStores } from "../../helpers/memory-stores";
import { RecordingChannel } from "../../helpers/recording-channel";

function storedRoom(code: string): StoredRoom {
  return {
    id: `session-${code}`,
    code,
    title: "t",
    hostTokenHash: "h",
    ownerId: null,
    settings: { dataset: "lesson", standardized: false, maxSteps: 10, stepsPerSecond: 10, optimizers: ["gd"] },
    datasetCopy: null,
    participants: [],
    roundsPlayed: 2,
  };
}

function registry(codes: string[], maxRooms = 5) {
  const loads: string[] = [];
  const clock = new ManualClock();
  const stores = new MemoryStores();
  const rooms = new RoomRegistry({
    source: {
      loadLiveRoom: async (code) => {
        loads.push(code);
        await Promise.resolve();
        return codes.includes(code) ? storedRoom(code) : null;
      },
      codesWithRoundInPlay: () => Promise.resolve(codes),
      claimOwnership: () => Promise.resolve(true),
      hasLiveSession: (code) => Promise.resolve(codes.includes(code)),
    },
    channelFor: () => new RecordingChannel(),
    sessions: stores.sessions,
    rounds: stores.rounds,
    clock,
    log: () => {},
    flushIntervalMs: 1_000,
    idleGraceMs: 1_000,
    maxParticipants: 10,
    maxRooms,
  });
  return { rooms, loads, clock, stores };
}

describe("RoomRegistry", () => {
  it("loads a room once for many callers at once, and answers null for an unknown code", async () => {
    const { rooms, loads } = registry(["ABC234"]);
    const [a, b, c] = await Promise.all([rooms.get("ABC234"), rooms.get("ABC234"), rooms.get("ABC234")]);
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await rooms.get("ABC234")).toBe(a);
    expect(await rooms.get("ZZZ999")).toBeNull();
    expect(loads).toEqual(["ABC234", "ZZZ999"]);
  });

  it("live() never loads: a disconnect for a room this process does not hold is ignored", async () => {
    const { rooms, loads } = registry(["ABC234"]);
    expect(rooms.live("ABC234")).toBeUndefined();
    expect(loads).toEqual([]);
    const room = await rooms.get("ABC234");
    expect(rooms.live("ABC234")).toBe(room);
  });

  it("refuses a room over the limit and forgets a room once it has closed", async () => {
    const { rooms, clock, stores } = registry(["AAA222", "BBB333"], 1);
    const first = await rooms.get("AAA222");
    await expect(rooms.get("BBB333")).rejects.toBeInstanceOf(TooManyRoomsError);
    await clock.advance(1_000); // nobody connected: the first room closes when idle
    expect(first!.closed).toBe(true);
    expect(stores.of("endSession")).toHaveLength(1);
    expect(rooms.size).toBe(0);
    expect(await rooms.get("BBB333")).not.toBeNull();
  });
});
