import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: process.env["CI"] ? ["default"] : ["default"],
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
