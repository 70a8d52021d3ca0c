/**
 * One instance per data folder. On Linux the lock is a listening socket in the abstract
 * namespace, named after the folder's real path: binding it is atomic, only one process can
 * hold it, and the kernel releases it the moment that process dies — so a crashed instance
 * never leaves a stale lock behind. A second instance connects to it and learns the first
 * one's pid and address, for its error message. Elsewhere a lock file with the holder's pid
 * does the job (a lock whose pid is gone is stale and taken over).
 */
import { createHash } from "node:crypto";
import { open, readFile, realpath, rm } from "node:fs/promises";
import { connect, createServer, type Server } from "node:net";
import { join } from "node:path";
import { InstanceRunningError } from "./errors.js";

/** What an instance tells another one that finds its data folder taken. */
export interface InstanceInfo {
  pid: number;
  dataDir: string;
  startedAt: string;
  /** The web address it serves, once it listens. */
  url?: string;
  /** The bundled engine's address, once it runs. */
  engineUrl?: string;
}

export interface DataDirLock {
  /** Adds what became known after locking (the web and engine addresses). */
  update(info: Partial<InstanceInfo>): void;
  release(): Promise<void>;
}

/** Takes the lock on `dataDir` or throws InstanceRunningError saying who holds it. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = await realpath(dataDir);
  const info: InstanceInfo = {
    pid: process.pid,
    dataDir: dir,
    startedAt: new Date().toISOString(),
  };
  return process.platform === "linux" ? socketLock(dir, info) : fileLock(dir, info);
}

function socketName(dir: string): string {
  return `\0eap-cyber-mla-kb:${createHash("sha256").update(dir).digest("hex").slice(0, 40)}`;
}

async function socketLock(dir: string, info: InstanceInfo): Promise<DataDirLock> {
  const name = socketName(dir);
  const server: Server = createServer((socket) => {
    socket.end(JSON.stringify(info));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(name, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    throw runningError(dir, await askHolder(name));
  }
  server.unref();
  return {
    update: (more) => Object.assign(info, more),
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Asks the holder of the lock who it is (null if it does not answer within a second). */
function askHolder(name: string): Promise<InstanceInfo | null> {
  return new Promise((resolve) => {
    let text = "";
    const socket = connect(name);
    const done = (value: InstanceInfo | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(1000, () => done(null));
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    socket.on("end", () => {
      try {
        done(JSON.parse(text) as InstanceInfo);
      } catch {
        done(null);
      }
    });
    socket.on("error", () => done(null));
  });
}

function runningError(dir: string, holder: InstanceInfo | null): InstanceRunningError {
  const who = holder
    ? `pid ${holder.pid}${holder.url ? `, serving ${holder.url}` : ""}${holder.engineUrl ? `, engine at ${holder.engineUrl}` : ""}, since ${holder.startedAt}`
    : "it did not say who it is";
  return new InstanceRunningError(
    [
      `Another instance of the knowledge base is already running on the data folder ${dir} (${who}).`,
      "Stop it first; or set DATA_DIR to another folder; or, to share its engine, start this one with",
      `MEILI_HOST=<its engine address> and MEILI_MASTER_KEY=<the key in ${join(dir, "meili-master-key")}> and its own DATA_DIR.`,
    ].join("\n"),
  );
}

async function fileLock(dir: string, info: InstanceInfo): Promise<DataDirLock> {
  const path = join(dir, "instance.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      const write = async () => {
        await rm(path, { force: true });
        const h = await open(path, "wx", 0o600);
        await h.writeFile(JSON.stringify(info));
        await h.close();
      };
      return {
        update: (more) => {
          Object.assign(info, more);
          void write().catch(() => undefined);
        },
        release: () => rm(path, { force: true }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = JSON.parse(
        await readFile(path, "utf8").catch(() => "null"),
      ) as InstanceInfo | null;
      if (holder && isAlive(holder.pid)) throw runningError(dir, holder);
      // The holder is gone: the lock is stale.
      await rm(path, { force: true });
    }
  }
  throw runningError(dir, null);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
