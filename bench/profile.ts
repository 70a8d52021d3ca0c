/**
 * `npm run bench:profile`: CPU profiles of the web server under search load, to see where its
 * time goes. Builds the same synthetic corpus as `npm run bench`, publishes it, then for each
 * target (`/api/search`, `/search`) starts the server with `node --cpu-prof`, loads it with the
 * same load generator and queries, stops it, and prints a summary of the profile beside the CPU
 * each process spent per request.
 *
 *   npm run bench:profile -- --size small --duration 10 --queries fixed --dir profiles
 */
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { connectEngine, readKeyFor } from "../engine/connection.js";
import { launchMeilisearch } from "../engine/launch.js";
import { prepare, publishRun } from "../indexer/run.js";
import { createCatalog } from "../server/search/catalog.js";
import { createReader } from "../server/search/reader.js";
import { load } from "./measure.js";
import { formatSummary, summarizeProfile } from "./profile-summary.js";
import { FIXED_QUERIES, createDistinctQueries, engineBody, engineHitScreen } from "./queries.js";
import { startServer } from "./server.js";
import { writeSyntheticCorpus } from "./synthetic.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SIZES: Record<string, number> = { small: 20, default: 100, large: 249 };

const opts = new Command()
  .option("--size <size>", "small, default, large or a number of countries", "small")
  .option("--duration <seconds>", "seconds of load per profile", "10")
  .option("--connections <n>", "concurrent connections", "8")
  .option("--queries <set>", "fixed or distinct", "fixed")
  .option("--targets <list>", "comma list of api, page, compare, engine", "api,page,engine")
  .option("--dir <folder>", "where to keep the .cpuprofile files", "test-results/profiles")
  .parse()
  .opts<{
    size: string;
    duration: string;
    connections: string;
    queries: string;
    targets: string;
    dir: string;
  }>();
const countries = SIZES[opts.size] ?? Number(opts.size);
const seconds = Number(opts.duration);
const connections = Number(opts.connections);
const log = (message: string) => process.stderr.write(`[profile] ${message}\n`);

const dir = await mkdtemp(join(tmpdir(), "kb-profile-"));
const engine = await launchMeilisearch({ dataDir: join(dir, "engine"), startTimeoutMs: 60_000 });
try {
  const corpusDir = join(dir, "corpus");
  await writeSyntheticCorpus(join(ROOT, "corpus"), corpusDir, countries);
  const connection = await connectEngine({
    meiliHosts: [engine.url],
    meiliMasterKey: engine.masterKey,
    meiliBinary: undefined,
    dataDir: dir,
    startTimeoutMs: 60_000,
    requestTimeoutMs: 30_000,
  });
  const host = connection.hosts[0]!;
  const prepared = await prepare(corpusDir, undefined, join(dir, "server-data", "cache", "corpus"));
  await publishRun(connection.hosts, "bench", prepared, { mode: "full" });
  const reader = createReader({ hosts: [{ url: host.url, read: host.read }], indexName: "bench" });
  const catalog = await createCatalog(reader).get();
  const distinct = createDistinctQueries(catalog, "bench");
  const readKey = readKeyFor(engine.masterKey);
  const outDir = resolve(opts.dir);
  await mkdir(outDir, { recursive: true });
  log(`${countries} countries, ${prepared.documents.length} documents; profiles in ${outDir}`);

  for (const target of opts.targets.split(",")) {
    // Enough distinct queries for a fast run; the load generator says if they ran out.
    const queries =
      opts.queries === "distinct"
        ? await distinct.take(Math.max(2000, seconds * 400), engineHitScreen(host.read))
        : FIXED_QUERIES.map((qs) => ({ qs, body: engineBody(catalog, qs, "bench") }));
    if (target === "engine") {
      const requests = queries.map((q) => ({
        method: "POST",
        path: "/multi-search",
        body: q.body,
        headers: { "content-type": "application/json", authorization: `Bearer ${readKey}` },
      }));
      const result = await load({
        url: engine.url,
        requests,
        seconds,
        connections,
        mode: opts.queries === "distinct" ? "once" : "cycle",
        watch: { engine: engine.pid },
      });
      log(
        `engine alone: ${result.rps.toFixed(0)} req/s, CPU ms per request ${JSON.stringify(result.cpuMsPerRequest)}`,
      );
      continue;
    }
    const profileDir = join(outDir, `${opts.size}-${opts.queries}-${target}`);
    await rm(profileDir, { recursive: true, force: true });
    const server = await startServer({
      engineUrl: engine.url,
      masterKey: engine.masterKey,
      indexName: "bench",
      corpusDir,
      dataDir: join(dir, "server-data"),
      watch: false,
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`],
      source: true,
    });
    // `compare`: the whole matrix, one request at a time, as the benchmark times it.
    const compare = "/api/compare?articles=1-48";
    const path = target === "page" ? "/search" : target === "compare" ? compare : "/api/search";
    const requests =
      target === "compare"
        ? [{ path: compare }]
        : queries.map((q) => ({ path: `${path}?${q.qs}` }));
    // Warm up, then profile.
    await load({
      url: server.base,
      requests:
        target === "compare" ? requests : FIXED_QUERIES.map((qs) => ({ path: `${path}?${qs}` })),
      seconds: 2,
      connections,
    });
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const result = await load({
      url: server.base,
      requests,
      seconds,
      connections: target === "compare" ? 1 : connections,
      mode: opts.queries === "distinct" && target !== "compare" ? "once" : "cycle",
      watch: { server: server.pid, engine: engine.pid },
    });
    const toUs = Number(process.hrtime.bigint() / 1000n);
    await server.stop();
    const file = (await readdir(profileDir)).find((f) => f.endsWith(".cpuprofile"));
    log(
      `${target}: ${result.rps.toFixed(0)} req/s, errors ${result.errors + result.non2xx}, CPU ms per request ${JSON.stringify(result.cpuMsPerRequest)}${result.wrapped ? " (query list ran out)" : ""}`,
    );
    if (!file) throw new Error(`no profile written in ${profileDir}`);
    process.stdout.write(
      `\n== ${target} (${opts.size}, ${opts.queries} queries) ${join(profileDir, file)}\n`,
    );
    process.stdout.write(
      formatSummary(await summarizeProfile(join(profileDir, file), 25, { fromUs, toUs })),
    );
  }
} finally {
  await engine.stop();
  await rm(dir, { recursive: true, force: true });
}
