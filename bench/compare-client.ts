/**
 * The comparison's timing loop, run as its own process as the load generator is: one request at a
 * time for a fixed time (at most 100), either `/api/compare` of every country × every article
 * (`ours`, its answer read whole) or the documents it needs read directly from the engine
 * (`direct`: the same fields, in pages of 1,000 of one filter, the pages after the first in
 * parallel, each answer parsed). Both sides' client is then a small process: in the benchmark's own, which holds
 * the prepared corpus, merely receiving the 6 MB answer at 100 countries cost 60–145 ms of CPU
 * against 13–50 ms in a process of its own (its large heap made every collection dear), and that
 * CPU was taken from the server and the engine on the same two cores.
 *
 * Input: the path of a JSON file; output: one JSON line with each request's time, the CPU this
 * process used and the CPU the watched processes (the server, the engine) used meanwhile.
 */
import { readFile } from "node:fs/promises";
import { cpuMs } from "./measure.js";

interface CompareClientConfig {
  side: "ours" | "direct";
  seconds: number;
  /** `ours`: the comparison's address. */
  url?: string;
  /** `direct`: the engine, its read key, and the two reads. */
  engineUrl?: string;
  readKey?: string;
  articles?: object;
  analyses?: object;
  /** Processes whose CPU time over the timed requests is reported (name → pid). */
  watch?: Record<string, number>;
}

const config = JSON.parse(await readFile(process.argv[2] ?? "", "utf8")) as CompareClientConfig;

async function ours(): Promise<void> {
  const res = await fetch(config.url ?? "");
  if (!res.ok) throw new Error(`/api/compare answered ${res.status}`);
  await res.arrayBuffer();
}

async function direct(): Promise<void> {
  const fetchPage = async (body: object) => {
    const res = await fetch(`${config.engineUrl ?? ""}/indexes/bench/documents/fetch`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${config.readKey ?? ""}`,
        "accept-encoding": "identity",
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`the engine answered ${res.status}`);
    return (await res.json()) as { total: number };
  };
  const [, first] = await Promise.all([
    fetchPage(config.articles ?? {}),
    fetchPage({ ...config.analyses, limit: 1000, offset: 0 }),
  ]);
  const rest = [];
  for (let offset = 1000; offset < first.total; offset += 1000)
    rest.push(fetchPage({ ...config.analyses, limit: 1000, offset }));
  await Promise.all(rest);
}

const request = config.side === "ours" ? ours : direct;
// Untimed first requests: the server, the engine and this process's compiled code and heap are
// then as warm for the first timed request as for the last.
for (let i = 0; i < 3; i++) await request();
const times: number[] = [];
const watch = Object.entries(config.watch ?? {});
const watchedBefore = await Promise.all(watch.map(([, pid]) => cpuMs(pid)));
const cpuBefore = process.cpuUsage();
const until = performance.now() + config.seconds * 1000;
while (performance.now() < until && times.length < 100) {
  const t = performance.now();
  await request();
  times.push(performance.now() - t);
}
const cpu = process.cpuUsage(cpuBefore);
const watchedAfter = await Promise.all(watch.map(([, pid]) => cpuMs(pid)));
process.stdout.write(
  `${JSON.stringify({
    times,
    cpuMs: (cpu.user + cpu.system) / 1000,
    watchedCpuMs: Object.fromEntries(
      watch.map(([name], i) => [name, watchedAfter[i]! - watchedBefore[i]!]),
    ),
  })}\n`,
);
