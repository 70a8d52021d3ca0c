/**
 * Measuring helpers: one load run in the load-generator process with the CPU time each process
 * involved spent on it (from /proc), and summaries of repeated rounds (median, min, max).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const run = promisify(execFile);
/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS_PER_SECOND = 100;

export interface LoadRequest {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Entries of a `once` list that were drawn; true when it ran out (some were sent twice). */
  used: number | null;
  wrapped: boolean;
  /** CPU milliseconds per completed request, per process: the arithmetic behind a ratio. */
  cpuMsPerRequest: Record<string, number>;
}

/** User plus system CPU milliseconds a process (all its threads) has used so far. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces: the fields start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Peak and current resident memory of a process, in MB. */
export async function memoryMb(pid: number): Promise<{ peak: number; now: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return {
    peak: Math.round(kb("VmHWM") / 102.4) / 10,
    now: Math.round(kb("VmRSS") / 102.4) / 10,
  };
}

/**
 * Runs `bench/<script>` as its own process with `config` in a JSON file (request lists can be
 * megabytes, more than a command line holds) and returns the last line it prints, parsed.
 */
export async function runChild<T>(script: string, config: object): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "kb-child-"));
  try {
    const file = join(dir, "config.json");
    await writeFile(file, JSON.stringify(config));
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", join(ROOT, "bench", script), file],
      { cwd: ROOT, maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the load generator against `url` for `seconds` with `connections`, and reports the CPU
 * the processes in `watch` (name → pid) used per request meanwhile, beside the generator's own.
 */
export async function load(options: {
  url: string;
  requests: LoadRequest[];
  seconds: number;
  connections: number;
  mode?: "cycle" | "once";
  watch?: Record<string, number>;
}): Promise<LoadResult> {
  const watch = Object.entries(options.watch ?? {});
  const before = await Promise.all(watch.map(([, pid]) => cpuMs(pid)));
  const out = await runChild<Omit<LoadResult, "cpuMsPerRequest"> & { cpuMs: number }>("load.ts", {
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    mode: options.mode ?? "cycle",
    requests: options.requests,
  });
  const after = await Promise.all(watch.map(([, pid]) => cpuMs(pid)));
  const per = (ms: number) => Math.round((ms / Math.max(1, out.requests)) * 1000) / 1000;
  const { cpuMs: generatorMs, ...result } = out;
  return {
    ...result,
    cpuMsPerRequest: {
      ...Object.fromEntries(watch.map(([name], i) => [name, per(after[i]! - before[i]!)])),
      loadGenerator: per(generatorMs),
    },
  };
}

/** Median, minimum and maximum of repeated measurements. */
export function spread(values: readonly number[]): { median: number; min: number; max: number } {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** `x` rounded to `digits` decimals, for the JSON results. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
