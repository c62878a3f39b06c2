import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // the machines have 2 cores; model tests are CPU-heavy
    fileParallelism: false,
  },
});
