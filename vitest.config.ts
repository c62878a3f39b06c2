import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // the tiny yearbook and model, made once for every file
    globalSetup: ["tests/helpers/globalSetup.ts"],
    // files run two at a time, one a core: many wait on servers, browsers and job processes
    fileParallelism: true,
    maxWorkers: 2,
  },
});
