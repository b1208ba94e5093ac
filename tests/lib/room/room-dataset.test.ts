// The room model with an instructor's dataset: the next round's settings come with the copy the
// server took, a round trains on (and keeps) that copy, and settings without a usable copy change
// nothing.
import { describe, expect, it } from "vitest";
import { roundDataset } from "../../../lib/datasets";
import { trainOne } from "../../../lib/gd";
import { CUSTOM_ID, customCopy, customRound } from "../../helpers/dataset-fixtures";
import { lessonRoom } from "../../helpers/room-fixtures";

const raw = customRound.variants.find((v) => !v.standardized)!;

describe("RoomModel with an instructor's dataset", () => {
  it("plays the next round on the copy it was given, and the round keeps that copy", () => {
    const lr = raw.runs[0]!.lr;
    const room = lessonRoom([lr, raw.runs[2]!.lr]);
    const copy = customCopy(CUSTOM_ID);
    expect(room.newRound({ dataset: CUSTOM_ID, maxSteps: customRound.steps }, copy)).toEqual({ ok: true });
    expect(room.datasetCopy).toBe(copy);
    const started = room.start();
    if (!started.ok) throw new Error(started.message);
    expect(started.round.datasetCopy).toBe(copy);
    expect(started.round.batch.dataset.n).toBe(24);
    expect(Array.from(started.round.batch.dataset.initialWeights)).toEqual(customRound.initialWeights);
    while (room.status === "running") room.advance();
    // The room's series are the core's on the copy's data, bit for bit.
    const alone = trainOne(roundDataset({ dataset: CUSTOM_ID, standardized: false, datasetCopy: copy }), lr, 200);
    expect(Array.from(started.round.series.view(0))).toEqual(alone.losses);
  });

  it("keeps the copy through a new round that names no dataset, and drops it for a built-in", () => {
    const room = lessonRoom([1e-4]);
    const copy = customCopy(CUSTOM_ID);
    room.newRound({ dataset: CUSTOM_ID }, copy);
    expect(room.newRound({ standardized: true })).toEqual({ ok: true });
    expect(room.datasetCopy).toBe(copy);
    expect(room.settings).toMatchObject({ dataset: CUSTOM_ID, standardized: true });
    expect(room.newRound({ dataset: "housing" })).toEqual({ ok: true });
    expect(room.datasetCopy).toBeNull();
  });

  it("refuses a stored dataset's id without its usable copy, changing nothing", () => {
    const room = lessonRoom([1e-4]);
    const before = { ...room.settings };
    const refusals = [
      room.newRound({ dataset: CUSTOM_ID, maxSteps: 7 }),
      room.newRound({ dataset: CUSTOM_ID, maxSteps: 7 }, customCopy("another-id")),
      room.newRound({ dataset: CUSTOM_ID, maxSteps: 7 }, customCopy(CUSTOM_ID, { initialWeights: [1] })),
    ];
    for (const refused of refusals) expect(refused).toMatchObject({ ok: false, code: "INVALID_DATASET" });
    expect(room.settings).toEqual(before);
    expect(room.datasetCopy).toBeNull();
  });

  it("does not start a round whose settings lost their copy", () => {
    const room = lessonRoom([1e-4]);
    room.settings = { ...room.settings, dataset: CUSTOM_ID }; // as a damaged room would be
    expect(room.start()).toMatchObject({ ok: false, code: "INVALID_DATASET" });
    expect([room.status, room.round, room.roundsPlayed]).toEqual(["lobby", null, 0]);
  });
});
