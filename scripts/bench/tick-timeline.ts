// Every tick one simulated phone received, and which server it was connected to when: what the
// load generator (scripts/bench-fanout-clients.ts, `timeline`) records for scripts/bench-scaleout.ts,
// which reads the steady spread and the pauses around a killed or stopped process from it
// (scripts/bench/tick-gaps.ts). Times are wall-clock ms (performance.timeOrigin + now()), the same
// clock in every process of the benchmark.

export interface Timeline {
  /** One entry per tick received, in order of arrival (a replayed step shows up again). */
  steps: number[];
  arrived: number[];
  /** The tick's own `sentAt` (the owner's clock, the same machine's). */
  sent: number[];
  /** Index of the server connected to, from `at` on; `server: null` = dropped at `at`. */
  servers: Array<{ server: number | null; at: number }>;
}

export function newTimeline(server: number, at: number): Timeline {
  return { steps: [], arrived: [], sent: [], servers: [{ server, at }] };
}

export function recordTick(timeline: Timeline, step: number, arrived: number, sent: number): void {
  timeline.steps.push(step);
  timeline.arrived.push(arrived);
  timeline.sent.push(sent);
}

/** The server the phone was on at `at` (null: dropped then). */
export function serverAt(timeline: Timeline, at: number): number | null {
  let current: number | null = null;
  for (const entry of timeline.servers) {
    if (entry.at > at) break;
    current = entry.server;
  }
  return current;
}

/** True when the phone lost its connection at some moment in [from, to]. */
export function droppedWithin(timeline: Timeline, from: number, to: number): boolean {
  return timeline.servers.some((entry) => entry.server === null && entry.at >= from && entry.at <= to);
}

/** Index of the first tick that arrived at or after `at` (length if none). */
export function firstTickFrom(timeline: Timeline, at: number): number {
  const { arrived } = timeline;
  let low = 0;
  let high = arrived.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (arrived[mid]! < at) low = mid + 1;
    else high = mid;
  }
  return low;
}
