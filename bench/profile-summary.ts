/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time by area
 * (the engine client, Express, Handlebars, zod, Node's HTTP and network code, garbage
 * collection, our own files), the functions with the most self time, and our functions with the
 * most inclusive time.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile>
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Milliseconds of samples in which the process was busy (not idle). */
  busyMs: number;
  idleMs: number;
  areas: { area: string; ms: number; share: number }[];
  selfTop: { fn: string; where: string; ms: number; share: number }[];
  oursInclusiveTop: { fn: string; where: string; ms: number; share: number }[];
}

/** Where a frame belongs: a package, a part of Node, V8, or a file of ours. */
function areaOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(program)") return "(program: V8 and native code outside JS)";
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(root)") return "(root)";
    return `V8 builtins`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return `package ${pkg[1]}`;
  if (url.startsWith("node:")) {
    if (/node:(internal\/)?(_?http|http_)/.test(url)) return "node http";
    if (/node:(internal\/)?(net|stream_base|tcp|dns)/.test(url)) return "node net";
    if (/streams/.test(url)) return "node streams";
    return "node other";
  }
  const ours = /\/(server|engine|indexer|config)\/(.+)$/.exec(url);
  if (ours) return `ours ${ours[1]}/${ours[2]}`;
  return "other";
}

function where(frame: ProfileNode["callFrame"]): string {
  if (frame.url === "") return "";
  const short = frame.url.replace(
    /^file:\/\/.*?\/(node_modules|server|engine|indexer|config)\//,
    "$1/",
  );
  return `${short}:${frame.lineNumber + 1}`;
}

/**
 * Summarises the profile in `file`; with `window` (monotonic clock, microseconds, as
 * `process.hrtime` gives it and V8 stamps its samples), only the samples taken inside it, so
 * that start-up and shutdown do not blur the picture of the load.
 */
export async function summarizeProfile(
  file: string,
  top = 25,
  window?: { fromUs: number; toUs: number },
): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Each sample lasts until the next one.
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i]!;
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  }
  let busy = 0;
  let idle = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; us: number }>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const area = areaOf(node.callFrame);
    if (area === "(idle)") {
      idle += us;
      continue;
    }
    busy += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${node.callFrame.functionName}@${where(node.callFrame)}`;
    const entry = fns.get(key) ?? {
      fn: node.callFrame.functionName || "(anonymous)",
      where: where(node.callFrame),
      us: 0,
    };
    entry.us += us;
    fns.set(key, entry);
  }

  // Inclusive time of our own functions, counted once per stack (recursion is not doubled).
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const inclusive = new Map<string, { fn: string; where: string; us: number }>();
  for (const [id, us] of selfUs) {
    const counted = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node || !areaOf(node.callFrame).startsWith("ours")) continue;
      const key = `${node.callFrame.functionName}@${where(node.callFrame)}`;
      if (counted.has(key)) continue;
      counted.add(key);
      const entry = inclusive.get(key) ?? {
        fn: node.callFrame.functionName || "(anonymous)",
        where: where(node.callFrame),
        us: 0,
      };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }

  const share = (us: number) => Math.round((us / Math.max(1, busy)) * 1000) / 10;
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    busyMs: ms(busy),
    idleMs: ms(idle),
    areas: [...areas]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, ms: ms(us), share: share(us) })),
    selfTop: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, ms: ms(f.us), share: share(f.us) })),
    oursInclusiveTop: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, ms: ms(f.us), share: share(f.us) })),
  };
}

/** The summary as text, one line per entry. */
export function formatSummary(summary: ProfileSummary): string {
  const line = (share: number, name: string, extra = "") =>
    `${share.toFixed(1).padStart(6)} %  ${name}${extra ? `  ${extra}` : ""}`;
  return [
    `busy ${summary.busyMs} ms, idle ${summary.idleMs} ms`,
    "",
    "self time by area:",
    ...summary.areas.map((a) => line(a.share, a.area)),
    "",
    "functions with the most self time:",
    ...summary.selfTop.map((f) => line(f.share, f.fn, f.where)),
    "",
    "our functions, inclusive time:",
    ...summary.oursInclusiveTop.map((f) => line(f.share, f.fn, f.where)),
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile>");
  process.stdout.write(formatSummary(await summarizeProfile(file, 30)));
}
