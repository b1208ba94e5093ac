import { describe, expect, it } from "vitest";
import { SeenTicks } from "../../../../app/_components/student/seen-ticks";
import type { Leaders, StudentTick } from "../../../../lib/protocol";

function tick(round: number, step: number, status: 0 | 1 = 0): StudentTick {
  return {
    view: "student",
    round,
    step,
    sentAt: 1000 + step,
    runs: 3,
    top: [[1, 1 / step, 0]],
    you: [2 / step, status, 2, -1],
  };
}
const names = (round: number, ...nicknames: string[]): Leaders => ({ round, nicknames });

/** Feeds the ticks and returns the steps that were shown (not skipped). */
function feed(seen: SeenTicks, ticks: StudentTick[], leaders: Leaders | null = null): number[] {
  return ticks.filter((t) => seen.accept(t, leaders) !== "skip").map((t) => t.step);
}
const steps = (from: number, to: number, round = 1) =>
  Array.from({ length: to - from + 1 }, (_, i) => tick(round, from + i));

describe("SeenTicks", () => {
  it("shows 1..57 then, replayed from 50 by a server that took the room over, only 58..60", () => {
    const seen = new SeenTicks();
    expect(feed(seen, steps(1, 57))).toHaveLength(57);
    expect(feed(seen, steps(50, 60))).toEqual([58, 59, 60]);
    expect(seen.current).toEqual({ round: 1, step: 60 });
  });

  it("starts afresh on a new round and skips a late tick of the old one", () => {
    const seen = new SeenTicks();
    feed(seen, steps(1, 9));
    expect(seen.accept(tick(2, 1), null)).toBe("restart");
    expect(seen.accept(tick(1, 10), null)).toBe("skip");
    expect(seen.current).toEqual({ round: 2, step: 1 });
    // The old round's steps are gone: a rewind in the new round finds none of them.
    expect(seen.rewind({ round: 2, step: 0, status: "paused" })).toEqual({ step: 0, seen: null });
  });

  it("paused at an earlier step shows that step's tick with the names in effect then", () => {
    const seen = new SeenTicks();
    feed(seen, steps(1, 50), names(1, "Ada"));
    feed(seen, steps(51, 57), names(1, "Bo"));
    const back = seen.rewind({ round: 1, step: 50, status: "paused" });
    expect(back?.step).toBe(50);
    expect(back?.seen?.tick).toEqual(tick(1, 50));
    expect(back?.seen?.leaders).toEqual(names(1, "Ada"));
    expect(seen.current).toEqual({ round: 1, step: 50 });
    // Played on from there: 51.. are shown again, once.
    expect(feed(seen, steps(51, 53))).toEqual([51, 52, 53]);
    expect(feed(seen, steps(51, 53))).toEqual([]);
  });

  it("falls back to the newest step it saw up to there, or to none", () => {
    const seen = new SeenTicks();
    feed(seen, [tick(1, 45), ...steps(55, 57)]);
    expect(seen.rewind({ round: 1, step: 50, status: "paused" })?.seen?.tick.step).toBe(45);
    expect(seen.rewind({ round: 1, step: 40, status: "finished" })).toEqual({ step: 40, seen: null });
  });

  it("changes nothing for a running state, a later step or another round", () => {
    const seen = new SeenTicks();
    feed(seen, steps(1, 57));
    expect(seen.rewind({ round: 1, step: 50, status: "running" })).toBeUndefined();
    expect(seen.rewind({ round: 1, step: 57, status: "paused" })).toBeUndefined();
    expect(seen.rewind({ round: 2, step: 3, status: "paused" })).toBeUndefined();
    expect(seen.current).toEqual({ round: 1, step: 57 });
  });

  it("in the lobby forgets the steps but still skips a late tick of the round it showed", () => {
    const seen = new SeenTicks();
    feed(seen, steps(1, 20));
    seen.forgetSteps();
    expect(seen.accept(tick(1, 20), null)).toBe("skip");
    expect(seen.accept(tick(2, 1), null)).toBe("restart");
  });

  it("refuses a tick that is not a round and step, and keeps what it shows", () => {
    const seen = new SeenTicks();
    feed(seen, steps(1, 5));
    expect(() => seen.accept(tick(1, -2), null)).toThrow(RangeError);
    expect(seen.current).toEqual({ round: 1, step: 5 });
  });
});
