import { defineConfig } from "vitest/config";

// Browser tests against the real production server (scripts/e2e.sh builds the pages first).
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    pool: "forks",
    fileParallelism: false,
    // A 2-core shared machine running Chromium, Next and the server at once: be generous.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
