// host:newRound with an instructor's dataset, on a LiveRoom with in-memory stores: the dataset is
// looked up among the session owner's only and copied; everyone gets the copy once, ahead of the
// state naming it; the round is stored with it; anything else is INVALID_DATASET and changes nothing.
import { describe, expect, it } from "vitest";
import type { DatasetWithCsv } from "../../../lib/api-types";
import type { HostRoomState, RoundSettings } from "../../../lib/protocol";
import { RoomModel, nicknameKey, type ParticipantRecord } from "../../../lib/room/room-model";
import type { DatasetLookup } from "../../../server/rooms/dataset-choice";
import { LiveRoom } from "../../../server/rooms/live-room";
import { hashToken } from "../../../server/secrets";
import { CUSTOM_ID, customCopy, customRound } from "../../helpers/dataset-fixtures";
import { ManualClock } from "../../helpers/manual-clock";
import { MemoryStores } from "../../helpers/memory-stores";
import { RecordingChannel } from "../../helpers/recording-channel";

const OWNER = "owner-1";
const OTHERS = "9e8d7c6b-5a49-4382-8170-6f5e4d3c2b1a";
const SETTINGS: RoundSettings = {
  dataset: "lesson",
  standardized: false,
  maxSteps: 20,
  stepsPerSecond: 10,
  optimizers: ["gd"],
};

/** The owner's datasets by id (and someone else's), as DatasetRepository.get answers. */
class FakeDatasets implements DatasetLookup {
  readonly rows = new Map<string, { ownerId: string; dataset: DatasetWithCsv }>();
  readonly asked: Array<[string, string]> = [];
  put(ownerId: string, id: string, changes: Partial<DatasetWithCsv> = {}) {
    const { sourceId: _id, ...copy } = customCopy(id);
    this.rows.set(id, { ownerId, dataset: { id, ...copy, ...changes } as DatasetWithCsv });
  }
  get = async (ownerId: string, id: string) => {
    this.asked.push([ownerId, id]);
    await Promise.resolve();
    const row = this.rows.get(id);
    return row && row.ownerId === ownerId ? structuredClone(row.dataset) : null;
  };
}

function student(id: string, learningRate: number | null): ParticipantRecord {
  const nickname = id.toUpperCase();
  return {
    id,
    nickname,
    nicknameKey: nicknameKey(nickname),
    resumeTokenHash: hashToken(`resume-${id}-0123456789`),
    learningRate,
    optimizer: "gd",
    momentum: null,
    connections: 1,
    kicked: false,
  };
}

function setup(ownerId: string | null = OWNER) {
  const clock = new ManualClock();
  const stores = new MemoryStores();
  const channel = new RecordingChannel();
  const datasets = new FakeDatasets();
  datasets.put(OWNER, CUSTOM_ID);
  datasets.put("someone-else", OTHERS);
  const model = new RoomModel({
    sessionId: "session-1",
    code: "ABC234",
    title: "t",
    hostTokenHash: hashToken("host-token-0123456789"),
    ownerId,
    settings: SETTINGS,
    participants: [student("ada", customRound.variants[0]!.runs[0]!.lr)],
    roundsPlayed: 0,
    maxParticipants: 5,
  });
  const room = new LiveRoom(model, {
    ...stores,
    datasets,
    channel,
    clock,
    flushIntervalMs: 1_000,
    idleGraceMs: 60_000,
    log: () => {},
    onClosed: () => {},
  });
  return { clock, stores, channel, datasets, model, room };
}

describe("LiveRoom: an instructor's dataset for the next round", () => {
  it("copies the owner's dataset, sends it once ahead of the state, and stores the round with it", async () => {
    const { room, channel, datasets, stores, clock } = setup();
    const changed = await room.newRound({ dataset: CUSTOM_ID });
    expect(datasets.asked).toEqual([[OWNER, CUSTOM_ID]]);
    expect(changed).toMatchObject({ ok: true, datasetCopy: customCopy(CUSTOM_ID) });
    expect(channel.sent.map((s) => [s.event, s.to])).toEqual([
      ["room:dataset", "everyone"],
      ["room:state", "host"],
      ["room:state", { participant: "ada" }],
    ]);
    expect(channel.payloads("room:dataset", "everyone")).toEqual([customCopy(CUSTOM_ID)]);
    expect((channel.payloads("room:state", "host")[0] as HostRoomState).settings.dataset).toBe(CUSTOM_ID);
    // A reload gets it with the state it names, once.
    const joined = await room.join({ nickname: "x", resumeToken: "resume-ada-0123456789" }, () => {});
    expect(joined).toMatchObject({ ok: true, datasetCopy: customCopy(CUSTOM_ID) });

    channel.clear();
    expect(await room.start()).toEqual({ ok: true });
    await clock.advance(5_000);
    expect(stores.of("startRound")[0]!.round.datasetCopy).toEqual(customCopy(CUSTOM_ID));
    expect(channel.payloads("room:dataset", "everyone")).toEqual([]); // not with the round's start or ticks
  });

  it("takes a new copy when the same dataset is chosen again, and keeps its own once it is deleted", async () => {
    const { room, channel, datasets, model } = setup();
    await room.newRound({ dataset: CUSTOM_ID });
    const first = model.datasetCopy;
    datasets.put(OWNER, CUSTOM_ID, { name: "Renamed", initialWeights: [1, 2, 3] });
    channel.clear();
    await room.newRound({ dataset: CUSTOM_ID });
    expect(model.datasetCopy).toMatchObject({ name: "Renamed", initialWeights: [1, 2, 3] });
    expect(channel.payloads("room:dataset", "everyone")).toHaveLength(1);
    const second = model.datasetCopy;
    expect(second).not.toEqual(first);

    datasets.rows.delete(CUSTOM_ID);
    channel.clear();
    expect(await room.newRound({ dataset: CUSTOM_ID, maxSteps: 9 })).toMatchObject({ ok: true, datasetCopy: second });
    expect(model.datasetCopy).toBe(second);
    expect(model.settings.maxSteps).toBe(9);
    expect(channel.payloads("room:dataset", "everyone")).toEqual([]); // nothing new to send
  });

  it("refuses another instructor's dataset, a missing one, or any with no owner: nothing changes", async () => {
    for (const [ownerId, dataset] of [
      [OWNER, OTHERS],
      [OWNER, "00000000-0000-4000-8000-000000000000"],
      [null, CUSTOM_ID],
    ] as const) {
      const { room, channel, model, stores } = setup(ownerId);
      const before = { settings: { ...model.settings }, copy: model.datasetCopy, status: model.status };
      const refused = await room.newRound({ dataset, maxSteps: 7 });
      expect(refused).toMatchObject({ ok: false, code: "INVALID_DATASET" });
      expect({ settings: model.settings, copy: model.datasetCopy, status: model.status }).toEqual(before);
      expect(channel.sent).toEqual([]);
      expect(stores.writes).toEqual([]);
    }
  });

  it("refuses a dataset that can no longer be trained on (a damaged row), changing nothing", async () => {
    const { room, channel, datasets, model } = setup();
    datasets.put(OWNER, CUSTOM_ID, { csv: "a,b,c,y\n1,2,x,4\n" });
    expect(await room.newRound({ dataset: CUSTOM_ID })).toMatchObject({ ok: false, code: "INVALID_DATASET" });
    expect([model.settings.dataset, model.datasetCopy, channel.sent.length]).toEqual(["lesson", null, 0]);
  });

  it("a built-in needs no lookup and clears the copy", async () => {
    const { room, datasets, model } = setup();
    await room.newRound({ dataset: CUSTOM_ID });
    datasets.asked.length = 0;
    const back = await room.newRound({ dataset: "housing" });
    expect(back).toMatchObject({ ok: true, datasetCopy: null });
    expect([datasets.asked, model.datasetCopy]).toEqual([[], null]);
  });
});
