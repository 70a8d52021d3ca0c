/**
 * Starts the web server the way `npm start` runs it (the built `dist/server.mjs`), as its own
 * process, against an engine the benchmark started: for the comparison runs and for CPU profiles
 * (`--cpu-prof`, which run the TypeScript files through tsx, so that a profile names them).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildServer } from "../scripts/build-server.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface BenchServer {
  base: string;
  pid: number;
  process: ChildProcess;
  /** Stops the server (SIGTERM: it shuts down cleanly, so a CPU profile is written). */
  stop(): Promise<void>;
}

/** The server built once per benchmark run. */
let built: Promise<string> | undefined;

/** Starts the server with `nodeArgs` (e.g. `--cpu-prof`) and waits until it is ready. */
export async function startServer(options: {
  engineUrl: string;
  masterKey: string;
  indexName: string;
  corpusDir: string;
  dataDir: string;
  watch?: boolean;
  nodeArgs?: string[];
  /** Run `server/main.ts` through tsx instead of the built file (for profiles). */
  source?: boolean;
}): Promise<BenchServer> {
  const main = options.source
    ? ["--import", "tsx", join(ROOT, "server/main.ts")]
    : [await (built ??= buildServer())];
  const server = spawn(process.execPath, [...(options.nodeArgs ?? []), ...main], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      MEILI_HOST: options.engineUrl,
      MEILI_MASTER_KEY: options.masterKey,
      MEILI_INDEX: options.indexName,
      CORPUS_DIR: options.corpusDir,
      DATA_DIR: options.dataDir,
      WATCH: options.watch === false ? "0" : "1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /ready at http:\/\/localhost:(\d+)\//.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      } else if (server.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited: ${output}`));
      }
    }, 100);
  });
  return {
    base,
    pid: server.pid ?? -1,
    process: server,
    stop: async () => {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    },
  };
}
