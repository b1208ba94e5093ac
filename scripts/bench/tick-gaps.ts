// What a class's tick timelines (scripts/bench/tick-timeline.ts) say for scripts/bench-scaleout.ts:
// how long one step takes to reach every phone while all processes run, and, around a process that
// was killed or stopped, how long the phones on the other processes waited for the next tick, which
// steps they saw twice and whether they then got every step.
import { percentile, sortedCopy, spreadOf, type Spread } from "./stats";
import { droppedWithin, firstTickFrom, serverAt, type Timeline } from "./tick-timeline";

export interface Quantiles {
  p50: number;
  p99: number;
  max: number;
}

function quantiles(values: number[]): Quantiles {
  const sorted = sortedCopy(values);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export interface ServerFigures {
  server: number;
  students: number;
  /** First to last phone on this server, per step. */
  spread: Spread;
  /** arrival - the tick's sentAt. */
  latency: Quantiles;
  /** Per step, this server's first phone minus the whole class's first phone (the hop through Redis). */
  behindFirst: Quantiles;
}

export interface SteadyFigures {
  /** Steps whose first arrival anywhere fell in the window. */
  steps: number;
  /** First to last phone of the whole class, per step. */
  spread: Spread;
  perServer: ServerFigures[];
  /** Steps of the window not received, over the phones connected throughout it. */
  missed: number;
  studentsMissing: number;
}

/** The steady state in [from, to]: every phone's first arrival of each step. */
export function steadyFigures(timelines: Timeline[], from: number, to: number): SteadyFigures {
  const firstAnywhere = new Map<number, number>();
  for (const t of timelines)
    t.steps.forEach((step, i) => {
      const seen = firstAnywhere.get(step);
      if (seen === undefined || t.arrived[i]! < seen) firstAnywhere.set(step, t.arrived[i]!);
    });
  const inWindow = new Set([...firstAnywhere].filter(([, at]) => at >= from && at <= to).map(([step]) => step));
  const overall = new Map<number, [number, number]>();
  type Group = { students: number; steps: Map<number, [number, number]>; latencies: number[] };
  const groups = new Map<number, Group>();
  let missed = 0;
  let studentsMissing = 0;
  for (const t of timelines) {
    const server = serverAt(t, from);
    if (server === null || droppedWithin(t, from, to)) continue;
    const group: Group = groups.get(server) ?? { students: 0, steps: new Map(), latencies: [] };
    groups.set(server, group);
    group.students++;
    const seen = new Set<number>();
    t.steps.forEach((step, i) => {
      if (!inWindow.has(step) || seen.has(step)) return;
      seen.add(step);
      const at = t.arrived[i]!;
      for (const map of [overall, group.steps]) {
        const range = map.get(step);
        map.set(step, range ? [Math.min(range[0], at), Math.max(range[1], at)] : [at, at]);
      }
      group.latencies.push(at - t.sent[i]!);
    });
    missed += inWindow.size - seen.size;
    if (seen.size < inWindow.size) studentsMissing++;
  }
  const perServer = [...groups]
    .sort(([a], [b]) => a - b)
    .map(([server, group]) => ({
      server,
      students: group.students,
      spread: spreadOf(group.steps.values()),
      latency: quantiles(group.latencies),
      behindFirst: quantiles([...group.steps].map(([step, [first]]) => first - overall.get(step)![0])),
    }));
  return { steps: inWindow.size, spread: spreadOf(overall.values()), perServer, missed, studentsMissing };
}

export interface Disruption {
  /** Phones on the other servers, connected from `at` to `until`, that got a tick after `at`... */
  survivors: number;
  /** ...and those that got none (the round stopped for them). */
  silent: number;
  /** From `at` to the tick that ended each survivor's longest wait. */
  resumeMs: Quantiles;
  /** Each survivor's longest wait between two ticks, from `at` on (the pause a phone sees). */
  gapMs: Quantiles;
  /** The last step before that wait (highest over survivors) and the first after it (lowest). */
  lastStepBefore: number;
  resumedFrom: number;
  /** Steps delivered twice: lastStepBefore - resumedFrom + 1 (negative: steps skipped). */
  replayed: number;
  /** Steps missing between each survivor's resumed step and its last one before `until`. */
  missingAfter: number;
  studentsMissing: number;
  /** Ticks after the resume that were not newer than the one before (two owners playing?). */
  repeatedAfter: number;
  /** The phones that were on the stopped server: how many got a tick again, and how long after `at`. */
  moved: { students: number; back: number; backMs: Quantiles };
}

/** Around `at`, when server `down` was killed or stopped; ticks up to `until` (the next event or the end). */
export function disruption(timelines: Timeline[], at: number, until: number, down: number): Disruption {
  const horizon = Math.min(until, at + 20_000); // a pause is looked for in the 20 s after `at`
  const resume: number[] = [];
  const gaps: number[] = [];
  const backMs: number[] = [];
  let lastStepBefore = -Infinity;
  let resumedFrom = Infinity;
  let missingAfter = 0;
  let studentsMissing = 0;
  let repeatedAfter = 0;
  let moved = 0;
  let silent = 0;
  for (const t of timelines) {
    const server = serverAt(t, at);
    if (server === down) {
      moved++;
      const back = t.servers.find((entry) => entry.server !== null && entry.at > at);
      const tick = back ? firstTickFrom(t, back.at) : t.arrived.length;
      if (tick < t.arrived.length && t.arrived[tick]! <= until) backMs.push(t.arrived[tick]! - at);
      continue;
    }
    if (server === null || droppedWithin(t, at, until)) continue;
    let end = firstTickFrom(t, horizon);
    let best = -1;
    for (let i = Math.max(1, firstTickFrom(t, at)); i < end; i++)
      if (best < 0 || t.arrived[i]! - t.arrived[i - 1]! > t.arrived[best]! - t.arrived[best - 1]!) best = i;
    if (best < 0) {
      silent++; // connected, yet no tick at all after `at`
      continue;
    }
    resume.push(t.arrived[best]! - at);
    gaps.push(t.arrived[best]! - t.arrived[best - 1]!);
    lastStepBefore = Math.max(lastStepBefore, t.steps[best - 1]!);
    resumedFrom = Math.min(resumedFrom, t.steps[best]!);
    end = firstTickFrom(t, until);
    const received = new Set<number>();
    for (let i = best; i < end; i++) {
      if (i > best && t.steps[i]! <= t.steps[i - 1]!) repeatedAfter++;
      if (t.steps[i]! >= t.steps[best]!) received.add(t.steps[i]!);
    }
    const last = Math.max(...received);
    const holes = last - t.steps[best]! + 1 - received.size;
    missingAfter += holes;
    if (holes > 0) studentsMissing++;
  }
  return {
    survivors: resume.length,
    silent,
    resumeMs: quantiles(resume),
    gapMs: quantiles(gaps),
    lastStepBefore,
    resumedFrom,
    replayed: lastStepBefore - resumedFrom + 1,
    missingAfter,
    studentsMissing,
    repeatedAfter,
    moved: { students: moved, back: backMs.length, backMs: quantiles(backMs) },
  };
}
