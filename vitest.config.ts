import { defineConfig } from "vitest/config";

const ENGINE = "tests/setup/global-setup.ts";
const BROWSER = "tests/setup/browser-setup.ts";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 3,
    dangerouslyIgnoreUnhandledErrors: false,
    projects: [
      // Pure functions and file parsing: no engine, no browser.
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      // createApp with supertest, on the run's engine.
      {
        extends: true,
        test: { name: "http", include: ["tests/http/**/*.test.ts"], globalSetup: [ENGINE] },
      },
      // Publication, faults, replicas and the real `npm start`.
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: [ENGINE],
        },
      },
      // Pages in the system Chromium. A test here is one page or one step, but axe over a whole
      // page is heavy: the full comparison (3,700 elements) takes it 3.5 s on an idle machine
      // and took 30 s in a full run on a busy one (three workers, the engine and Chromium on two
      // cores), so these get twice the time of the others.
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: [ENGINE, BROWSER],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
