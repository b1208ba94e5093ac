import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests start real servers and databases; keep them isolated per file.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
