import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Browser tests need a build and Chromium: scripts/e2e.sh runs them (vitest.e2e.config.ts).
    exclude: ["tests/e2e/**", "node_modules/**"],
    // Integration tests start real servers and databases; keep them isolated per file.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
