import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyToTemp, FIXTURES, ROOT } from "../setup/helpers.js";

// These tests run `npm start` for real: it starts the bundled engine, publishes the corpus and
// serves. They check that no engine process outlives the app, whichever way it stops.

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return existsSync(`/proc/${pid}`) && !/^\S+\s+\S+\s+Z/.test(readStat(pid));
  } catch {
    return false;
  }
}
function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return "";
  }
}

async function startApp(corpusDir: string, options: { detached?: boolean } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), "kb-start-"));
  dirs.push(dataDir);
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      DATA_DIR: dataDir,
      CORPUS_DIR: corpusDir,
      MEILI_HOST: "",
      MEILI_MASTER_KEY: "",
      MEILI_INDEX: "kb",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string | null>((resolve) => {
    const timer = setInterval(() => {
      const match = /ready at (http:\/\/localhost:\d+\/)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        resolve(null);
      }
    }, 100);
  });
  const pidText = await readFile(join(dataDir, "meili", "meilisearch.pid"), "utf8").catch(() => "");
  return { child, url, enginePid: Number(pidText.trim()), dataDir, exit, output: () => output };
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe("npm start", () => {
  it("serves real search results from the bundled engine and stops it on SIGTERM", async () => {
    const app = await startApp(join(FIXTURES, "corpus-basic"));
    expect(app.url, app.output()).not.toBeNull();
    const res = await fetch(
      `${(app.url ?? "").replace("localhost", "127.0.0.1")}api/search?q=quick%20freeze`,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBeGreaterThan(0);
    expect(alive(app.enginePid)).toBe(true);

    const key = await stat(join(app.dataDir, "meili-master-key"));
    expect(key.mode & 0o777).toBe(0o600);
    const masterKey = (await readFile(join(app.dataDir, "meili-master-key"), "utf8")).trim();
    const base = (app.url ?? "").replace("localhost", "127.0.0.1");
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
    const corpus = await copyToTemp(join(FIXTURES, "corpus-basic"));
    dirs.push(corpus);
    await writeFile(join(corpus, "broken.md"), "---\ntype: page\nid: [x\n---\n");
    const app = await startApp(corpus);
    expect(app.url).toBeNull();
    expect(await app.exit).toBe(1);
    expect(app.output()).toMatch(/broken\.md:3:\d+ broken YAML/);
    expect(app.output()).toContain("no index has been published yet");
    expect(existsSync(join(app.dataDir, "meili", "meilisearch.pid"))).toBe(false);
  }, 90_000);

  it("says how to run Meilisearch when no binary can be used", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "kb-nobin-"));
    dirs.push(dataDir);
    const child = spawn("npm", ["start", "--silent"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        DATA_DIR: dataDir,
        MEILI_HOST: "",
        MEILI_BINARY: join(dataDir, "no-such-meilisearch"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("docker compose up -d meilisearch");
    expect(output).toContain("MEILI_HOST=");
  }, 60_000);

  it("includes the last lines of the engine's log when it does not become healthy", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "kb-badbin-"));
    dirs.push(dataDir);
    const fake = join(dataDir, "fake-meilisearch");
    await writeFile(fake, "#!/bin/sh\necho 'fake engine: refusing to start' >&2\nexit 3\n", {
      mode: 0o755,
    });
    const child = spawn("npm", ["start", "--silent"], {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", DATA_DIR: dataDir, MEILI_HOST: "", MEILI_BINARY: fake },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    expect(await new Promise<number | null>((resolve) => child.once("exit", resolve))).toBe(1);
    expect(output).toContain("did not become healthy");
    expect(output).toContain("fake engine: refusing to start");
  }, 60_000);
});
