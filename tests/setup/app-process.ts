/**
 * Runs the real application (`npm start`, or main.ts directly) as a child process, the way a
 * person or a service manager does, and cleans up what it started after each test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { ROOT } from "./helpers.js";

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Registers the clean-up of every process and folder the file's tests start or make. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
}

/** A temporary folder removed after the test. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Whether `pid` is a live process (not a zombie). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return existsSync(`/proc/${pid}`) && !/^\S+\s+\S+\s+Z/.test(readStat(pid));
  } catch {
    return false;
  }
}

export function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return "";
  }
}

/** The pid the launcher recorded for the engine it started in `dataDir` (NaN when none). */
export async function enginePid(dataDir: string): Promise<number> {
  const text = await readFile(join(dataDir, "meili", "meilisearch.pid"), "utf8").catch(() => "");
  try {
    return Number((JSON.parse(text) as { pid: unknown }).pid);
  } catch {
    return Number.NaN;
  }
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  ms: number,
  every = 100,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, every));
  }
  return check();
}

export interface AppProcess {
  child: ChildProcess;
  /** The site's address with 127.0.0.1, or null if the app never became ready. */
  url: string | null;
  enginePid: number;
  dataDir: string;
  exit: Promise<number | null>;
  output(): string;
}

/**
 * Starts the app on a free port with `corpusDir` and a data folder of its own (or `dataDir`),
 * and waits until it says it is ready or exits. `npm: false` runs main.ts without npm.
 */
export async function startApp(
  corpusDir: string,
  options: {
    detached?: boolean;
    dataDir?: string;
    env?: Record<string, string>;
    args?: string[];
    npm?: boolean;
    cwd?: string;
  } = {},
): Promise<AppProcess> {
  const dataDir = options.dataDir ?? (await tempDir("kb-start-"));
  const useNpm = options.npm ?? true;
  const command = useNpm ? "npm" : process.execPath;
  const args = useNpm
    ? ["start", "--silent", ...(options.args?.length ? ["--", ...options.args] : [])]
    : ["--import", "tsx", join(ROOT, "server", "main.ts"), ...(options.args ?? [])];
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: {
      ...process.env,
      PORT: "0",
      DATA_DIR: dataDir,
      CORPUS_DIR: corpusDir,
      MEILI_HOST: "",
      MEILI_MASTER_KEY: "",
      MEILI_BINARY: "",
      MEILI_INDEX: "kb",
      LOG_LEVEL: "warn",
      ...options.env,
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
        resolve(match[1].replace("localhost", "127.0.0.1"));
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        resolve(null);
      }
    }, 50);
  });
  return { child, url, enginePid: await enginePid(dataDir), dataDir, exit, output: () => output };
}
