import { describe, expect, it } from "vitest";
import { rewindStep, tickVerdict } from "../../../app/_lib/tick-order";

describe("tickVerdict", () => {
  it("draws only steps after the one shown, and skips the steps a takeover replays", () => {
    const shown = { round: 2, step: 57 };
    expect(tickVerdict(shown, { round: 2, step: 58 })).toBe("draw");
    expect(tickVerdict(shown, { round: 2, step: 57 })).toBe("skip");
    expect(tickVerdict(shown, { round: 2, step: 51 })).toBe("skip");
    expect(tickVerdict(shown, { round: 2, step: 0 })).toBe("skip");
  });

  it("starts afresh on a round not shown yet, and skips a late tick of an older round", () => {
    expect(tickVerdict(null, { round: 1, step: 5 })).toBe("restart");
    expect(tickVerdict({ round: 2, step: 57 }, { round: 3, step: 1 })).toBe("restart");
    expect(tickVerdict({ round: 2, step: 3 }, { round: 1, step: 90 })).toBe("skip");
  });

  it("refuses a tick that is not a round and step", () => {
    for (const bad of [
      { round: 1, step: -1 },
      { round: 1, step: 1.5 },
      { round: Number.NaN, step: 1 },
    ])
      expect(() => tickVerdict({ round: 1, step: 0 }, bad)).toThrow(RangeError);
  });
});

describe("rewindStep", () => {
  const shown = { round: 2, step: 57 };

  it("goes back to the step a paused or finished round stands at when it is below the one shown", () => {
    expect(rewindStep(shown, { round: 2, step: 50, status: "paused" })).toBe(50);
    expect(rewindStep(shown, { round: 2, step: 0, status: "paused" })).toBe(0);
    expect(rewindStep(shown, { round: 2, step: 56, status: "finished" })).toBe(56);
  });

  it("changes nothing at or after the step shown, while running, or for another round", () => {
    expect(rewindStep(shown, { round: 2, step: 57, status: "paused" })).toBeNull();
    expect(rewindStep(shown, { round: 2, step: 60, status: "paused" })).toBeNull();
    // Running: the replayed ticks are skipped until new ones come.
    expect(rewindStep(shown, { round: 2, step: 50, status: "running" })).toBeNull();
    expect(rewindStep(shown, { round: 2, step: 0, status: "lobby" })).toBeNull();
    expect(rewindStep(shown, { round: 3, step: 1, status: "paused" })).toBeNull();
    expect(rewindStep(null, { round: 2, step: 1, status: "paused" })).toBeNull();
  });

  it("refuses a state whose step is not a step", () => {
    expect(() => rewindStep(shown, { round: 2, step: -3, status: "paused" })).toThrow(RangeError);
  });
});
