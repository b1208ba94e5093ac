// What scripts/bench-scaleout.ts prints: each run in full as it ends, and one table over all runs
// for docs/performance.md.
import type { KillPhase, ScaleoutRun } from "../bench-scaleout";
import { markdownTable } from "./stats";
import type { Quantiles } from "./tick-gaps";

const f = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const ms3 = (q: { p50: number; p99: number; max: number }) => `${f(q.p50, 1)}/${f(q.p99, 1)}/${f(q.max, 1)}`;
const seconds = (q: Quantiles) => `${f(q.p50 / 1000, 2)} s (max ${f(q.max / 1000, 2)} s)`;

function describeKill(name: string, phase: KillPhase | null, owner: number | null): string[] {
  if (!phase) return [`  ${name}: not measured`];
  const lines = [
    `  ${name}: ${phase.signal} process ${phase.process}${phase.process === owner ? " (the host's, first owner)" : ""};` +
      ` exited after ${f(phase.exitMs)} ms; lease held by process ${phase.newOwner ?? "none"} after` +
      ` ${phase.leaseMs === null ? "n/a" : `${f(phase.leaseMs)} ms`};` +
      ` restarted in ${phase.restartMs === null ? "n/a" : `${f(phase.restartMs / 1000, 1)} s`}`,
  ];
  if (phase.redis) {
    const { counters, ms } = phase.redis;
    const top = Object.entries(counters.calls).sort(([, a], [, b]) => b - a);
    lines.push(
      `    Redis in the ${f(ms / 1000, 1)} s after it: ${top.map(([name, calls]) => `${name} ${calls}`).join(", ")};` +
        ` ${f(counters.netInputBytes / 1024 ** 2, 1)} MiB in, ${f(counters.netOutputBytes / 1024 ** 2, 1)} MiB out`,
    );
  }
  const d = phase.figures;
  if (!d) return lines;
  lines.push(
    `    ${d.survivors} phones on the other processes (${d.silent} got no tick after it): next tick after ${seconds(d.resumeMs)};` +
      ` longest gap between two ticks p50 ${f(d.gapMs.p50)} ms, max ${f(d.gapMs.max)} ms`,
    `    last step before ${d.lastStepBefore}, resumed from ${d.resumedFrom}: ${d.replayed} step(s) replayed;` +
      ` after it ${d.missingAfter} step(s) missing (${d.studentsMissing} phones), ${d.repeatedAfter} repeated`,
    `    ${d.moved.students} phones were on it: ${d.moved.back} got ticks again (on another process) after ${seconds(d.moved.backMs)}`,
  );
  return lines;
}

export function printScaleoutRun(run: ScaleoutRun): void {
  const s = run.steady;
  const lines = [
    `  S=${run.students}, ${run.processes} processes, run ${run.run}: joined ${run.joined} (refused ${run.joinFailed})` +
      ` in ${f(run.joinMs / 1000, 1)} s; owner: process ${run.owner ?? "none"}; load average ${f(run.loadAverage, 2)} at the start`,
    `  steady, ${s.steps} steps: spread p50/p99/max ${ms3(s.spread)} ms; missed ${s.missed} (${s.studentsMissing} phones);` +
      ` CPU % of one core: load generator ${f(s.loadCpu)}, Redis ${f(s.redisCpu)}, PostgreSQL ${f(s.postgresCpu)},` +
      ` the rest of the machine ${f(s.otherCpu)}`,
    markdownTable(
      [
        "process",
        "phones",
        "spread p50/p99/max ms",
        "latency p50/p99/max ms",
        "behind first p50/max ms",
        "CPU %",
        "RSS MiB (peak)",
        "ELD p99/max ms",
      ],
      s.processes.map((p) => {
        const phones = s.perServer.find((g) => g.server === p.process);
        return [
          `${p.process}${p.process === run.owner ? " (owner)" : ""}`,
          String(phones?.students ?? 0),
          phones ? ms3(phones.spread) : "-",
          phones ? ms3(phones.latency) : "-",
          phones ? `${f(phones.behindFirst.p50, 1)}/${f(phones.behindFirst.max, 1)}` : "-",
          f(p.cpu),
          `${f(p.rssMB)} (${f(p.peakMB)})`,
          p.eld ? `${f(p.eld.p99, 1)}/${f(p.eld.max, 1)}` : "n/a",
        ];
      }),
    )
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n"),
    `    Redis per step: ${f(s.perStep.calls, 1)} calls (` +
      Object.entries(s.redis.calls)
        .sort(([, a], [, b]) => b - a)
        .map(([name, calls]) => `${name} ${f(calls / Math.max(1, s.steps), 2)}`)
        .join(", ") +
      `), ${f(s.perStep.inBytes / 1024, 1)} KiB in, ${f(s.perStep.outBytes / 1024, 1)} KiB out`,
    ...describeKill("failover", run.failover, run.owner),
    ...describeKill("rolling restart", run.rolling, run.owner),
    `  round: last step ${run.lastStep}; ${run.connectedAtEnd} phones connected at the end, ${run.finished} got room:finished`,
    ...run.notes.map((note) => `  note: ${note}`),
  ];
  console.log(lines.join("\n"));
}

/** One line per run: the figures docs/performance.md keeps. */
export function scaleoutTable(runs: ScaleoutRun[]): string {
  const cpu = (run: ScaleoutRun, owner: boolean) =>
    run.steady.processes
      .filter((p) => (p.process === run.owner) === owner)
      .map((p) => f(p.cpu))
      .join("/") || "-";
  const kill = (phase: KillPhase | null, pick: (p: NonNullable<KillPhase["figures"]>) => string) =>
    phase?.figures ? pick(phase.figures) : "-";
  return markdownTable(
    [
      "S",
      "procs",
      "spread p50/p99/max ms",
      "missed",
      "CPU % owner / others",
      "RSS MiB",
      "Redis calls/step",
      "KiB in/out per step",
      "kill: next tick p50/max s",
      "replayed",
      "missing after",
      "SIGTERM: pause p50/max ms",
      "finished",
    ],
    runs.map((run) => [
      String(run.students),
      String(run.processes),
      ms3(run.steady.spread),
      String(run.steady.missed),
      `${cpu(run, true)} / ${cpu(run, false)}`,
      run.steady.processes.map((p) => f(p.rssMB)).join("/"),
      f(run.steady.perStep.calls, 1),
      `${f(run.steady.perStep.inBytes / 1024, 1)}/${f(run.steady.perStep.outBytes / 1024, 1)}`,
      kill(run.failover, (d) => `${f(d.resumeMs.p50 / 1000, 2)}/${f(d.resumeMs.max / 1000, 2)}`),
      kill(run.failover, (d) => String(d.replayed)),
      `${kill(run.failover, (d) => String(d.missingAfter))} / ${kill(run.rolling, (d) => String(d.missingAfter))}`,
      kill(run.rolling, (d) => `${f(d.gapMs.p50)}/${f(d.gapMs.max)}`),
      `${run.finished}/${run.connectedAtEnd}`,
    ]),
  );
}
