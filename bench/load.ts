/**
 * Load generator, run as its own process so it does not share an event loop with the server or
 * the orchestrator: autocannon for a fixed duration. Input: the path of a JSON file (the request
 * lists can be megabytes, more than a command line holds); output: one JSON line with
 * throughput, latency, errors and the CPU this process used.
 *
 * Two modes, the same for both sides of a comparison:
 * - `cycle`: every connection cycles through the list (a fixed query set, repeated);
 * - `once`: all connections draw from one shared list, each entry sent at most once; if the list
 *   runs out, the run says so (`wrapped`) and the orchestrator repeats it with a longer list.
 */
import { readFile } from "node:fs/promises";
import autocannon from "autocannon";

interface LoadRequest {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

interface LoadConfig {
  url: string;
  connections: number;
  duration: number;
  mode: "cycle" | "once";
  requests: LoadRequest[];
}

const config = JSON.parse(await readFile(process.argv[2] ?? "", "utf8")) as LoadConfig;
const toAutocannon = (r: LoadRequest) => ({
  method: (r.method ?? "GET") as "GET",
  path: r.path,
  ...(r.body ? { body: r.body } : {}),
  ...(r.headers ? { headers: r.headers } : {}),
});

let next = 0;
let wrapped = false;
const requests =
  config.mode === "cycle"
    ? config.requests.map(toAutocannon)
    : [
        {
          // Called once per request built, by every connection: a shared counter, so no entry
          // is sent twice.
          setupRequest: (request: Record<string, unknown>) => {
            if (next >= config.requests.length) wrapped = true;
            const entry = config.requests[next++ % config.requests.length]!;
            return { ...request, ...toAutocannon(entry) };
          },
        },
      ];

const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url: config.url,
  connections: config.connections,
  duration: config.duration,
  pipelining: 1,
  requests: requests as autocannon.Request[],
});
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    duration: result.duration,
    cpuMs: (cpu.user + cpu.system) / 1000,
    used: config.mode === "once" ? Math.min(next, config.requests.length) : null,
    wrapped,
  })}\n`,
);
