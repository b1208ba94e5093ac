// Preloaded into the benchmarked server (`node --import tsx --import ./scripts/bench/eld-probe.mjs
// server/main.ts`) because the server exposes no event-loop metric yet (see docs/performance.md
// for the proposed GET /api/metrics). It only watches: a histogram of event-loop delay, reset and
// read by the benchmark over the IPC channel, so the server code is exactly what production runs.
import { PerformanceObserver, constants, monitorEventLoopDelay } from "node:perf_hooks";

if (process.send) {
  // 10 ms resolution is the Node default; finer sampling would itself cost the loop measurably.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // Time in garbage collection on this thread since the last reset (young generation: scavenges).
  const gc = { count: 0, ms: 0, youngCount: 0, youngMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const young = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
      gc.count++;
      gc.ms += entry.duration;
      if (!young) continue;
      gc.youngCount++;
      gc.youngMs += entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  const ms = (ns) => ns / 1e6;
  process.on("message", (message) => {
    if (message === "eld:reset") {
      histogram.reset();
      Object.assign(gc, { count: 0, ms: 0, youngCount: 0, youngMs: 0 });
    }
    if (message === "eld:read")
      process.send({
        type: "eld",
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        gc: { ...gc },
        // Where the resident memory is: JS heap vs. off-heap (WASM memories count as arrayBuffers).
        ...Object.fromEntries(
          Object.entries(process.memoryUsage()).map(([key, bytes]) => [`${key}MB`, bytes / 2 ** 20]),
        ),
      });
  });
  // The IPC channel must not keep a server alive that is trying to exit; and if the benchmark
  // dies without stopping us, stop the way SIGTERM does rather than linger on a random port.
  process.channel?.unref();
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
}
