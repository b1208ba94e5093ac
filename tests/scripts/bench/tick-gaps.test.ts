// The scale-out bench's reading of phones' tick timelines: checked on small hand-made classes whose
// spreads, pauses, replays and holes are known.
import { describe, expect, it } from "vitest";
import { disruption, steadyFigures } from "../../../scripts/bench/tick-gaps";
import { droppedWithin, firstTickFrom, newTimeline, recordTick, serverAt } from "../../../scripts/bench/tick-timeline";

/** A phone that joined `server` at time 0 and received `ticks` ([step, arrival]); sentAt = arrival - 1. */
function phone(server: number, ticks: Array<[number, number]>, moves: Array<[number | null, number]> = []) {
  const timeline = newTimeline(server, 0);
  for (const [step, at] of ticks) recordTick(timeline, step, at, at - 1);
  for (const [to, at] of moves) timeline.servers.push({ server: to, at });
  return timeline;
}

/** Steps from..to, one every 100 ms from `at` on. */
const steady = (from: number, to: number, at: number, lag = 0): Array<[number, number]> =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, at + 100 * i + lag]);

describe("tick timelines", () => {
  it("say which server a phone was on when, when it dropped, and where a time falls", () => {
    const t = phone(0, steady(1, 5, 100), [
      [null, 250],
      [2, 400],
    ]);
    expect([serverAt(t, 100), serverAt(t, 300), serverAt(t, 450), serverAt(t, -1)]).toEqual([0, null, 2, null]);
    expect([droppedWithin(t, 200, 300), droppedWithin(t, 260, 900)]).toEqual([true, false]);
    expect([firstTickFrom(t, 0), firstTickFrom(t, 250), firstTickFrom(t, 500), firstTickFrom(t, 501)]).toEqual([
      0, 2, 4, 5,
    ]);
  });
});

describe("steadyFigures", () => {
  it("measures each step from the first phone to the last, per server and over the class", () => {
    const class_ = [
      phone(0, steady(1, 4, 1000)), // the owner's phones get each step first
      phone(0, steady(1, 4, 1000, 4)),
      phone(1, steady(1, 4, 1000, 10)), // 10 ms later through Redis
      phone(1, steady(1, 4, 1000, 30)),
    ];
    const figures = steadyFigures(class_, 1000, 1350);
    expect(figures.steps).toBe(4);
    expect(figures.spread).toEqual({ p50: 30, p99: 30, max: 30 });
    expect(figures.perServer.map((s) => [s.server, s.students, s.spread.max, s.behindFirst.p50])).toEqual([
      [0, 2, 4, 0],
      [1, 2, 20, 10],
    ]);
    expect(figures.perServer[0]!.latency.max).toBe(1);
    expect([figures.missed, figures.studentsMissing]).toEqual([0, 0]);
  });

  it("counts steps a connected phone missed, leaves out a phone that dropped, and ignores a repeat", () => {
    const class_ = [
      phone(0, [...steady(1, 4, 1000), [2, 1500]]), // step 2 again, much later: not a wider spread
      phone(
        1,
        steady(1, 4, 1000, 5).filter(([step]) => step !== 3),
      ),
      phone(1, steady(1, 2, 1000, 900), [[null, 1200]]), // dropped in the window: not counted
    ];
    const figures = steadyFigures(class_, 1000, 1350);
    expect(figures.spread.max).toBe(5);
    expect([figures.missed, figures.studentsMissing]).toEqual([1, 1]);
    expect(figures.perServer.map((s) => s.students)).toEqual([1, 1]);
  });
});

describe("disruption", () => {
  // Steps 1..10 until the owner (server 0) is killed at 1000; the new owner resumes from step 8 at
  // 3500 and plays on to 15.
  const before = steady(1, 10, 100);
  const after = steady(8, 15, 3500);

  it("times the wait for the next tick, the steps replayed and the phones that came back", () => {
    const class_ = [
      phone(1, [...before, ...after]),
      phone(2, [...before, ...steady(8, 15, 3520)]),
      // On the killed server: back on server 1 at 3000, its first tick at 3500.
      phone(
        0,
        [...before, ...after],
        [
          [null, 1010],
          [1, 3000],
        ],
      ),
    ];
    const d = disruption(class_, 1000, 10_000, 0);
    expect(d.survivors).toBe(2);
    expect(d.silent).toBe(0);
    expect(d.resumeMs).toEqual({ p50: 2500, p99: 2520, max: 2520 });
    expect(d.gapMs.max).toBe(3520 - 1000);
    expect([d.lastStepBefore, d.resumedFrom, d.replayed]).toEqual([10, 8, 3]);
    expect([d.missingAfter, d.studentsMissing, d.repeatedAfter]).toEqual([0, 0, 0]);
    expect(d.moved).toEqual({ students: 1, back: 1, backMs: { p50: 2500, p99: 2500, max: 2500 } });
  });

  it("finds holes and repeats after the resume, and phones that never got another tick", () => {
    const holed = after.filter(([step]) => step !== 12);
    const twice: Array<[number, number]> = [...after.slice(0, 6), [13, 4060], ...after.slice(6)];
    const silent = phone(1, before.slice(0, -1)); // nothing from 1000 on
    const class_ = [phone(1, [...before, ...holed]), phone(2, [...before, ...twice]), silent];
    const d = disruption(class_, 1000, 10_000, 0);
    expect([d.survivors, d.silent]).toEqual([2, 1]);
    expect([d.missingAfter, d.studentsMissing, d.repeatedAfter]).toEqual([1, 1, 1]);
  });

  it("sees no pause and no replay when the next owner carries straight on", () => {
    const d = disruption([phone(1, steady(1, 30, 100))], 1000, 10_000, 0);
    expect(d.gapMs.max).toBe(100);
    expect(d.replayed).toBe(0);
  });
});
