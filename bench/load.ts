/**
 * Load generator, run as its own process so it does not share an event loop with the server or
 * the orchestrator: autocannon with a fixed list of requests, cycling, for a fixed duration.
 * Input: one JSON argument; output: one JSON line with throughput, latency and errors.
 */
import autocannon from "autocannon";

interface LoadConfig {
  url: string;
  connections: number;
  duration: number;
  requests: { method?: string; path: string; body?: string; headers?: Record<string, string> }[];
}

const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
const result = await autocannon({
  url: config.url,
  connections: config.connections,
  duration: config.duration,
  pipelining: 1,
  requests: config.requests.map((r) => ({
    method: (r.method ?? "GET") as "GET",
    path: r.path,
    ...(r.body ? { body: r.body } : {}),
    ...(r.headers ? { headers: r.headers } : {}),
  })),
});
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
  })}\n`,
);
