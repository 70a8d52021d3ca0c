/**
 * Keeps the bundled engine running: an unexpected exit is logged with its cause and the last
 * lines of the engine's log, and the engine is started again on the same port with a growing
 * delay (0.5 s doubling to 30 s). A health check every second notices an engine that stopped
 * answering (hung, or stopped with SIGSTOP): requests then fail at once instead of waiting for
 * their timeout, and after a few more seconds the engine is killed and restarted. Too many
 * failures in a short window end in `onFatal`, so that the process can exit and its own
 * supervisor (systemd, Docker) take over.
 */
import { EngineCrashLoopError } from "./errors.js";
import { healthy, launchMeilisearch, type LaunchedEngine, type LaunchOptions } from "./launch.js";

/** The part of a logger the supervisor uses (pino's shape). */
export interface SupervisorLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export type EngineState = "healthy" | "unresponsive" | "restarting" | "failed" | "stopped";

export interface SupervisorOptions extends LaunchOptions {
  log?: SupervisorLog;
  /** Called once when the engine cannot be kept running. */
  onFatal?: (error: Error) => void;
  /** Failures allowed within `windowMs` before giving up (default 5 in 60 s). */
  maxFailures?: number;
  windowMs?: number;
  /** First and largest delay before a restart (default 500 ms and 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How often the health check runs, and how long it waits (default 1 s each). */
  healthIntervalMs?: number;
  /** Missed checks after which requests fail fast (2), and the engine is killed (5). */
  unresponsiveAfter?: number;
  killAfter?: number;
}

export interface SupervisedEngine {
  url: string;
  masterKey: string;
  state(): EngineState;
  /** True while the engine answers: readers fail fast otherwise. */
  available(): boolean;
  /** The current engine process (changes on every restart). */
  pid(): number;
  logTail(): string;
  /** How many times the engine was restarted. */
  restarts(): number;
  stop(): Promise<void>;
}

/** Starts the engine and keeps it running until `stop()`. */
export async function superviseMeilisearch(options: SupervisorOptions): Promise<SupervisedEngine> {
  const log = options.log;
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const interval = options.healthIntervalMs ?? 1_000;
  const unresponsiveAfter = options.unresponsiveAfter ?? 2;
  const killAfter = options.killAfter ?? 5;

  let current: LaunchedEngine = await launchMeilisearch(options);
  const launch: LaunchOptions = { ...options, port: current.port, masterKey: current.masterKey };
  let state: EngineState = "healthy";
  let restarts = 0;
  let misses = 0;
  let checking = false;
  let timer: NodeJS.Timeout | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  const failures: number[] = [];
  /** What the last failure said: the engine's log tail, or why a restart failed. */
  let lastDetail = "";

  const fail = (reason: string) => {
    const now = Date.now();
    failures.push(now);
    while (failures.length > 0 && (failures[0] ?? 0) < now - windowMs) failures.shift();
    if (failures.length >= maxFailures) {
      state = "failed";
      stopMonitor();
      const error = new EngineCrashLoopError(
        `The search engine failed ${failures.length} times within ${Math.round(windowMs / 1000)} s (last: ${reason}); giving up so that the service manager can restart the application.\n${lastDetail}`,
      );
      log?.error({ failures: failures.length }, "the search engine keeps failing; giving up");
      options.onFatal?.(error);
      return;
    }
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (failures.length - 1));
    state = "restarting";
    log?.warn({ delayMs: delay, attempt: failures.length }, "restarting the search engine");
    restartTimer = setTimeout(() => void restart(), delay);
    restartTimer.unref();
  };

  const watch = (engine: LaunchedEngine) => {
    void engine.exited.then((exit) => {
      if (state === "stopped" || engine !== current) return;
      lastDetail = `Last lines of the engine's log:\n${engine.logTail()}`;
      log?.error(
        {
          code: exit.code,
          signal: exit.signal,
          pid: engine.pid,
          logTail: engine.logTail().split("\n").slice(-10),
        },
        "the search engine exited unexpectedly",
      );
      fail(exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);
    });
  };

  const restart = async () => {
    restartTimer = null;
    if (state === "stopped" || state === "failed") return;
    try {
      const next = await launchMeilisearch(launch);
      if ((state as EngineState) === "stopped") {
        await next.stop();
        return;
      }
      current = next;
      restarts += 1;
      misses = 0;
      state = "healthy";
      watch(next);
      log?.info({ pid: next.pid, restarts }, "the search engine is back");
    } catch (error) {
      lastDetail = error instanceof Error ? error.message : String(error);
      log?.error(
        { reason: error instanceof Error ? error.message.split("\n")[0] : String(error) },
        "the search engine could not be restarted",
      );
      fail("restart failed");
    }
  };

  const check = async () => {
    if (checking || (state !== "healthy" && state !== "unresponsive")) return;
    checking = true;
    try {
      const ok = await healthy(current.url, interval);
      if (state !== "healthy" && state !== "unresponsive") return;
      if (ok) {
        if (state === "unresponsive") log?.info({}, "the search engine answers again");
        misses = 0;
        state = "healthy";
        return;
      }
      misses += 1;
      if (misses === unresponsiveAfter) {
        state = "unresponsive";
        log?.warn({ pid: current.pid }, "the search engine does not answer its health check");
      }
      if (misses >= killAfter) {
        log?.error({ pid: current.pid, misses }, "the search engine is hung; killing it");
        misses = 0;
        current.kill("SIGKILL");
      }
    } finally {
      checking = false;
    }
  };

  const stopMonitor = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  watch(current);
  timer = setInterval(() => void check(), interval);
  timer.unref();

  return {
    url: current.url,
    masterKey: current.masterKey,
    state: () => state,
    available: () => state === "healthy",
    pid: () => current.pid,
    logTail: () => current.logTail(),
    restarts: () => restarts,
    async stop() {
      state = "stopped";
      stopMonitor();
      if (restartTimer) clearTimeout(restartTimer);
      await current.stop();
    },
  };
}
