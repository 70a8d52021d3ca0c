import { existsSync } from "node:fs";
import { cp, readFile, stat, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  alive,
  cleanUpAfterEach,
  readStat,
  startApp,
  tempDir,
  waitUntil,
} from "../setup/app-process.js";
import { FIXTURES } from "../setup/helpers.js";

// These tests run `npm start` for real: it starts the bundled engine, publishes the corpus and
// serves. They check that no engine process outlives the app, whichever way it stops.

cleanUpAfterEach();

describe("npm start", () => {
  it("serves real search results from the bundled engine and stops it on SIGTERM", async () => {
    const app = await startApp(join(FIXTURES, "corpus-basic"));
    expect(app.url, app.output()).not.toBeNull();
    // A first start says how to make the first administrator.
    expect(app.output()).toContain(
      "No accounts yet. To sign in (editing, the corpus status, working groups' material), create the first administrator:",
    );
    expect(app.output()).toContain("npm run users -- init you@example.org --password-stdin");
    const res = await fetch(`${app.url ?? ""}api/search?q=quick%20freeze`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBeGreaterThan(0);
    expect(alive(app.enginePid)).toBe(true);

    const key = await stat(join(app.dataDir, "meili-master-key"));
    expect(key.mode & 0o777).toBe(0o600);
    const masterKey = (await readFile(join(app.dataDir, "meili-master-key"), "utf8")).trim();
    const base = app.url ?? "";
    for (const path of [
      "",
      "search?q=key",
      "api/search?q=key",
      "readyz",
      "api/openapi.json",
      "nowhere",
    ]) {
      const body = await (await fetch(base + path)).text();
      expect(body, path).not.toContain(masterKey);
    }

    // An address typed with raw Cyrillic letters (as curl sends it) is refused by Node's parser:
    // the running server says how to encode it rather than answering an empty 400.
    const raw = await rawRequest(
      base,
      Buffer.from(
        "GET /api/search?q=сохранение HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
      ),
    );
    expect(raw.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(raw).toContain("must be percent-encoded");

    // A supervisor's SIGTERM reaches npm, which passes it on and ends with the signal.
    app.child.kill("SIGTERM");
    await app.exit;
    expect(await waitUntil(() => !alive(app.enginePid), 5_000)).toBe(true);
    expect(app.output()).not.toContain(masterKey);
  }, 90_000);

  it("stops the engine on Ctrl-C (SIGINT to the process group)", async () => {
    const app = await startApp(join(FIXTURES, "corpus-basic"), { detached: true });
    expect(app.url, app.output()).not.toBeNull();
    expect(alive(app.enginePid)).toBe(true);
    process.kill(-app.child.pid!, "SIGINT");
    await app.exit;
    expect(await waitUntil(() => !alive(app.enginePid), 5_000)).toBe(true);
  }, 90_000);

  it("takes the engine down even when the app is killed without warning (SIGKILL)", async () => {
    const app = await startApp(join(FIXTURES, "corpus-basic"));
    expect(app.url, app.output()).not.toBeNull();
    const serverPid = Number(readStat(app.enginePid).split(") ")[1]?.split(" ")[1]);
    expect(serverPid).toBeGreaterThan(1);
    process.kill(serverPid, "SIGKILL");
    expect(await waitUntil(() => !alive(app.enginePid), 5_000)).toBe(true);
  }, 90_000);

  it("exits with a message and stops the engine when the corpus is broken and nothing was published", async () => {
    const corpus = await tempDir("kb-broken-corpus-");
    await cp(join(FIXTURES, "corpus-basic"), corpus, { recursive: true });
    await writeFile(join(corpus, "broken.md"), "---\ntype: page\nid: [x\n---\n");
    const app = await startApp(corpus);
    expect(app.url).toBeNull();
    expect(await app.exit).toBe(1);
    expect(app.output()).toMatch(/broken\.md:3:\d+ broken YAML/);
    expect(app.output()).toContain("no index has been published yet");
    expect(existsSync(join(app.dataDir, "meili", "meilisearch.pid"))).toBe(false);
  }, 90_000);

  it("says how to run Meilisearch when no binary can be used", async () => {
    const dataDir = await tempDir("kb-nobin-");
    const app = await startApp(join(FIXTURES, "corpus-basic"), {
      dataDir,
      env: { MEILI_BINARY: join(dataDir, "no-such-meilisearch") },
    });
    expect(await app.exit).toBe(1);
    expect(app.output()).toContain("docker compose up -d meilisearch");
    expect(app.output()).toContain("MEILI_HOST=");
  }, 60_000);

  it("reports an engine that exits during start at once, with the last lines of its log", async () => {
    const dataDir = await tempDir("kb-badbin-");
    const fake = join(dataDir, "fake-meilisearch");
    await writeFile(fake, "#!/bin/sh\necho 'fake engine: refusing to start' >&2\nexit 3\n", {
      mode: 0o755,
    });
    const app = await startApp(join(FIXTURES, "corpus-basic"), {
      dataDir,
      env: { MEILI_BINARY: fake, MEILI_START_TIMEOUT_MS: "600000" },
    });
    expect(await app.exit).toBe(1);
    expect(app.output()).toContain("Meilisearch exited during start (code 3)");
    expect(app.output()).toContain("fake engine: refusing to start");
  }, 60_000);
});

/** Sends `raw` to the server at `base` as it is, and returns its whole answer. */
function rawRequest(base: string, raw: Buffer): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}
