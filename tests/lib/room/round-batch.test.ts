import { describe, expect, it } from "vitest";
import { getDataset, learnerOptimizer, stepLearnerBatch, trainOne } from "../../../lib/gd";
import type { RunChoice } from "../../../lib/protocol";
import { createRoundBatch, playedChoice } from "../../../lib/room/round-batch";
import { lessonRoom } from "../../helpers/room-fixtures";

describe("a round's batch", () => {
  it("runs every roster entry with its own rate, optimiser and beta", () => {
    const lesson = getDataset("lesson");
    const roster: RunChoice[] = [
      { learningRate: 1, optimizer: "adam", momentum: null },
      { learningRate: 1e-5, optimizer: "momentum", momentum: 0.5 },
      { learningRate: 1e-5, optimizer: "momentum", momentum: null }, // beta left out: 0.9
      { learningRate: 1e-5, optimizer: "gd", momentum: null },
    ];
    const batch = createRoundBatch(lesson, roster, 40);
    expect([0, 1, 2, 3].map((k) => learnerOptimizer(batch, k))).toEqual([
      { optimizer: "adam" },
      { optimizer: "momentum", momentum: 0.5 },
      { optimizer: "momentum", momentum: 0.9 },
      { optimizer: "gd" },
    ]);
    while (stepLearnerBatch(batch) > 0);
    expect(batch.losses[0]).toBe(trainOne(lesson, 1, 40, { optimizer: "adam" }).losses.at(-1));
    expect(batch.losses[2]).toBe(trainOne(lesson, 1e-5, 40, { optimizer: "momentum", momentum: 0.9 }).losses.at(-1));
    expect(batch.losses[1]).not.toBe(batch.losses[2]);
  });

  it("plays a choice the round no longer allows with the first one allowed", () => {
    const momentum = { learningRate: 0.1, optimizer: "momentum" as const, momentum: 0.5 };
    expect(playedChoice(momentum, ["gd", "momentum"])).toEqual(momentum);
    expect(playedChoice(momentum, ["adam"])).toEqual({ learningRate: 0.1, optimizer: "adam", momentum: null });
    expect(playedChoice({ learningRate: 0.1, optimizer: "adam", momentum: null }, ["momentum", "adam"])).toEqual({
      learningRate: 0.1,
      optimizer: "adam",
      momentum: null,
    });
    expect(playedChoice({ learningRate: 0.1, optimizer: "gd", momentum: null }, ["momentum"])).toEqual({
      learningRate: 0.1,
      optimizer: "momentum",
      momentum: 0.9,
    });
  });
});

describe("optimisers in the room model", () => {
  it("refuses an optimiser the next round does not allow, and changes nothing", () => {
    const model = lessonRoom([1e-4], { optimizers: ["gd", "adam"] });
    const before = { ...model.participants.get("p0")! };
    const refused = model.submit("p0", { learningRate: 0.5, optimizer: "momentum", momentum: 0.9 });
    expect(refused).toMatchObject({ ok: false, code: "OPTIMIZER_NOT_ALLOWED" });
    expect(!refused.ok && refused.message).toMatch(/gd, adam/);
    expect(model.participants.get("p0")).toEqual(before);
    expect(model.submit("p0", { learningRate: 0.5, optimizer: "adam", momentum: null }).ok).toBe(true);
    expect(model.participants.get("p0")).toMatchObject({ learningRate: 0.5, optimizer: "adam", momentum: null });
  });

  it("starts a round with each participant's optimiser in the roster", () => {
    const model = lessonRoom([1, 1e-5], { optimizers: ["gd", "momentum", "adam"] });
    model.submit("p0", { learningRate: 1, optimizer: "adam", momentum: null });
    model.submit("p1", { learningRate: 1e-5, optimizer: "momentum", momentum: 0.5 });
    const started = model.start();
    expect(started.ok && started.round.roster.map((r) => [r.optimizer, r.momentum])).toEqual([
      ["adam", null],
      ["momentum", 0.5],
    ]);
    model.advance();
    // Adam at lr = 1 survives the step at which plain descent blows up.
    expect(model.round!.batch.status[0]).toBe(0);
    expect(model.round!.batch.losses[0]).toBeLessThan(1e6);
  });
});
