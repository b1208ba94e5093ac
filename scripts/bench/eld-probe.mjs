// Preloaded into the benchmarked server (`node --import tsx --import ./scripts/bench/eld-probe.mjs
// server/main.ts`) because the server exposes no event-loop metric yet (see docs/performance.md
// for the proposed GET /api/metrics). It only watches: a histogram of event-loop delay, reset and
// read by the benchmark over the IPC channel, so the server code is exactly what production runs.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { PerformanceObserver, constants, monitorEventLoopDelay } from "node:perf_hooks";

/**
 * BENCH_HEAP_PROFILE=<prefix>: also a sampling heap profile of what the server's thread allocates
 * between each reset and the read after it, garbage included (what the collector has to deal
 * with), written to <prefix>-<n>.heapprofile (n = 1, 2, ...: one per phase; open it in Chrome's
 * DevTools, Memory tab). The profiler costs the server time: figures taken with it are not the
 * bench's figures.
 */
function heapSampler(prefix) {
  const session = new Session();
  session.connect();
  let phase = 0;
  let sampling = false;
  const stop = () => {
    if (!sampling) return;
    sampling = false;
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (!error) writeFileSync(`${prefix}-${++phase}.heapprofile`, JSON.stringify(result.profile));
    });
  };
  return {
    /** A new phase: the one in progress, if any, is written first. */
    start: () => {
      stop();
      sampling = true;
      session.post("HeapProfiler.startSampling", {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    stop,
  };
}

if (process.send) {
  // 10 ms resolution is the Node default; finer sampling would itself cost the loop measurably.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // Time in garbage collection on this thread since the last reset (young generation: scavenges),
  // and each collection as [wall-clock start ms, duration ms, young?] (scripts/bench-fanout.ts
  // --timeline sets them beside each step's spread on the wire; a round has ~100 of them).
  const gc = { count: 0, ms: 0, youngCount: 0, youngMs: 0 };
  let events = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const young = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
      gc.count++;
      gc.ms += entry.duration;
      if (events.length < 100_000) events.push([performance.timeOrigin + entry.startTime, entry.duration, young]);
      if (!young) continue;
      gc.youngCount++;
      gc.youngMs += entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  const ms = (ns) => ns / 1e6;
  const heap = process.env.BENCH_HEAP_PROFILE ? heapSampler(process.env.BENCH_HEAP_PROFILE) : null;
  process.on("message", (message) => {
    if (message === "eld:reset") {
      histogram.reset();
      Object.assign(gc, { count: 0, ms: 0, youngCount: 0, youngMs: 0 });
      events = [];
      heap?.start();
    }
    if (message === "eld:read") {
      heap?.stop();
      process.send({
        type: "eld",
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        gc: { ...gc },
        gcEvents: events,
        // Where the resident memory is: JS heap vs. off-heap (WASM memories count as arrayBuffers).
        ...Object.fromEntries(
          Object.entries(process.memoryUsage()).map(([key, bytes]) => [`${key}MB`, bytes / 2 ** 20]),
        ),
      });
    }
  });
  // The IPC channel must not keep a server alive that is trying to exit; and if the benchmark
  // dies without stopping us, stop the way SIGTERM does rather than linger on a random port.
  process.channel?.unref();
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
}
