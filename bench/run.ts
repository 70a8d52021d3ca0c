/**
 * `npm run bench`: measures the knowledge base against Meilisearch alone, on the same data, in
 * the same run, and reports ratios. Loopback only; every load run is bounded in time.
 *
 *   npm run bench -- --size small            # ~20 countries, a couple of minutes
 *   npm run bench -- --size 100 --out r.json # the default
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Command } from "commander";
import type { MultiSearchQuery } from "meilisearch";
import { indexSettings, type KbDocument } from "../indexer/contract.js";
import { connectEngine, readKeyFor } from "../engine/connection.js";
import { launchMeilisearch } from "../engine/launch.js";
import { buildSynonyms } from "../indexer/documents/index.js";
import { prepare, publishRun } from "../indexer/run.js";
import { createCatalog } from "../server/search/catalog.js";
import { createReader } from "../server/search/reader.js";
import { planSearch } from "../server/search/search.js";
import { readParams } from "../server/http/params.js";
import { SEARCH_MULTI, SearchParamsShape, searchRequest } from "../server/routes/search/schema.js";
import { writeSyntheticCorpus } from "./synthetic.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const run = promisify(execFile);

const program = new Command()
  .option(
    "--size <size>",
    "small (20 countries), default (100), large (249) or a number of countries",
    "default",
  )
  .option("--out <file>", "where to write the JSON results", "bench-results.json")
  .option("--duration <seconds>", "seconds per load run (default: 5 small, 10 otherwise)")
  .option("--connections <n>", "concurrent connections per load run", "8")
  .parse();
const opts = program.opts<{ size: string; out: string; duration?: string; connections: string }>();
const countries =
  opts.size === "small"
    ? 20
    : opts.size === "default"
      ? 100
      : opts.size === "large"
        ? 249
        : Number(opts.size);
if (!Number.isInteger(countries) || countries < 6 || countries > 249)
  throw new Error("--size must be small, default, large or a number of countries from 6 to 249");
const duration = Number(opts.duration ?? (opts.size === "small" ? 5 : 10));
const connections = Number(opts.connections);

/**
 * A made-up word of 14 random letters: unlike a counter, it is many typos away from every other
 * one, so the engine's typo tolerance cannot find an earlier edit's word instead.
 */
function randomWord(): string {
  return Array.from(randomBytes(14), (b) => String.fromCharCode(97 + (b % 26))).join("");
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const started = performance.now();
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Runs the load generator in its own process. */
async function load(
  url: string,
  requests: { method?: string; path: string; body?: string; headers?: Record<string, string> }[],
  seconds = duration,
  conns = connections,
): Promise<LoadResult> {
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "bench/load.ts"),
      JSON.stringify({ url, connections: conns, duration: seconds, requests }),
    ],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as LoadResult;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "kb-bench-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const corpusDir = join(dir, "corpus");
  const shape = await writeSyntheticCorpus(join(ROOT, "corpus"), corpusDir, countries);
  log(`synthetic corpus: ${shape.countries} countries, ${shape.sections} article sections`);

  const engine = await launchMeilisearch({ dataDir: join(dir, "engine"), startTimeoutMs: 60_000 });
  cleanups.push(() => engine.stop());
  const connection = await connectEngine({
    meiliHosts: [engine.url],
    meiliMasterKey: engine.masterKey,
    meiliBinary: undefined,
    dataDir: dir,
    startTimeoutMs: 60_000,
    requestTimeoutMs: 30_000,
  });
  const host = connection.hosts[0]!;
  /** Waits until the engine has no task left to process. */
  const idle = async () => {
    for (;;) {
      const pending = await host.admin.tasks.getTasks({
        statuses: ["enqueued", "processing"],
        limit: 1,
      });
      if (pending.total === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  // 1. Full reindex: our indexer (parse, validate, build, publish) vs Meilisearch alone ingesting the
  // same documents. Round 1 starts with an empty parse cache (cold); round 2 follows an edit of one
  // country file, as after a correction: every document is rebuilt and re-sent, but only the edited
  // file is parsed again.
  const cacheDir = join(dir, "parse-cache");
  const editFile = join(corpusDir, "countries", "ge.md");
  const rounds: {
    label: string;
    ours: number;
    parse: number;
    alone: number;
    documents: number;
    settings: unknown;
    documentsSent: KbDocument[];
  }[] = [];
  for (const label of ["cold", "after a one-file edit"]) {
    if (label !== "cold")
      await writeFile(editFile, `${await readFile(editFile, "utf8")}\nEdited for the benchmark.\n`);
    const t0 = performance.now();
    const prepared = await prepare(corpusDir, undefined, cacheDir);
    if (prepared.messages.length > 0)
      throw new Error(`synthetic corpus has problems: ${prepared.messages[0]?.message}`);
    await publishRun(connection.hosts, "bench", prepared, { mode: "full" });
    const ours = performance.now() - t0;
    // Let the engine finish what ours left queued (dropping the old index) before timing the next.
    await idle();

    const settings = indexSettings(buildSynonyms(prepared.corpus));
    const t1 = performance.now();
    const uid = `alone_${rounds.length}`;
    await host.admin
      .createIndex(uid, { primaryKey: "id" })
      .waitTask({ timeout: 600_000, interval: 10 });
    await host.admin
      .index(uid)
      .updateSettings(settings as never)
      .waitTask({ timeout: 600_000, interval: 10 });
    const tasks = [];
    for (let i = 0; i < prepared.documents.length; i += 1000)
      tasks.push(
        await host.admin
          .index(uid)
          .addDocuments(prepared.documents.slice(i, i + 1000), { primaryKey: "id" }),
      );
    for (const task of tasks) {
      const done = await host.admin.tasks.waitForTask(task.taskUid, {
        timeout: 600_000,
        interval: 10,
      });
      if (done.status !== "succeeded") throw new Error(`Meilisearch alone: ${done.error?.message}`);
    }
    const alone = performance.now() - t1;
    await host.admin.deleteIndex(uid).waitTask();
    await idle();
    rounds.push({
      label,
      ours,
      parse: prepared.parseMs,
      alone,
      documents: prepared.documents.length,
      settings,
      documentsSent: prepared.documents,
    });
    log(
      `index (${label}): ours ${(ours / 1000).toFixed(2)} s (parse and validate ${(prepared.parseMs / 1000).toFixed(2)} s), Meilisearch alone ${(alone / 1000).toFixed(2)} s, ${prepared.documents.length} documents`,
    );
  }
  const cold = rounds[0]!;
  const edit = rounds[1]!;
  const documents = edit.documents;

  // 2. The server, as `npm start` runs it, against the same engine and index.
  const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      MEILI_HOST: engine.url,
      MEILI_MASTER_KEY: engine.masterKey,
      MEILI_INDEX: "bench",
      CORPUS_DIR: corpusDir,
      DATA_DIR: join(dir, "server-data"),
      WATCH: "1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(server);
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
  log(`server at ${base}`);

  // Edit to searchable: a save of one analysis section, from the moment the file is written to
  // the first /api/search that finds the new text, through the watching server; beside it,
  // Meilisearch alone applying the same one-document update and answering the same search.
  const EDITS = 24;
  const original = await readFile(editFile, "utf8");
  const heading = original.indexOf("## Article 29");
  const blockEnd = original.indexOf("```\n", original.indexOf("```yaml", heading) + 7) + 4;
  if (heading < 0 || blockEnd < 4) throw new Error("the edited file has no Article 29 section");
  const waitFor = async (find: () => Promise<boolean>) => {
    for (let i = 0; i < 20_000; i++) {
      if (await find()) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error("the edit never became searchable");
  };
  const ours: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const token = randomWord();
    const t0 = performance.now();
    await writeFile(
      editFile,
      `${original.slice(0, blockEnd)}\nBenchmark edit ${token}.\n${original.slice(blockEnd)}`,
    );
    await waitFor(async () => {
      const res = await fetch(`${base}/api/search?q=%22${token}%22&literal=1`);
      return ((await res.json()) as { total: number }).total > 0;
    });
    ours.push(performance.now() - t0);
  }
  const editedDoc = (await prepare(corpusDir)).documents.find((d) => d.id === "analysis-ge-29");
  if (!editedDoc) throw new Error("no analysis-ge-29 document in the synthetic corpus");
  const aloneIndex = host.admin.index("alone_edit");
  await host.admin.createIndex("alone_edit", { primaryKey: "id" }).waitTask();
  await aloneIndex.updateSettings(edit.settings as never).waitTask({ timeout: 600_000 });
  await aloneIndex
    .addDocuments(edit.documentsSent, { primaryKey: "id" })
    .waitTask({ timeout: 600_000 });
  const alone: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const token = randomWord();
    const t0 = performance.now();
    await aloneIndex.addDocuments([
      { ...editedDoc, text: `${editedDoc.text}\n\nBenchmark edit ${token}.` },
    ]);
    await waitFor(async () => {
      const result = await host.read.index("alone_edit").search(`"${token}"`, { limit: 1 });
      return result.hits.length > 0;
    });
    alone.push(performance.now() - t0);
  }
  await host.admin.deleteIndex("alone_edit").waitTask();
  await writeFile(editFile, original);
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  };
  const editToSearchable = {
    samples: ours.length,
    p50: quantile(ours, 0.5),
    p95: quantile(ours, 0.95),
  };
  const editToSearchableAlone = {
    samples: alone.length,
    p50: quantile(alone, 0.5),
    p95: quantile(alone, 0.95),
  };
  log(
    `edit to searchable: ours p50 ${editToSearchable.p50} ms, p95 ${editToSearchable.p95} ms; Meilisearch alone p50 ${editToSearchableAlone.p50} ms, p95 ${editToSearchableAlone.p95} ms`,
  );

  // The query set: what experts type, with and without filters; the same multi-search bodies go to the engine directly.
  const reader = createReader({ hosts: [{ url: host.url, read: host.read }], indexName: "bench" });
  const catalog = await createCatalog(reader).get();
  const queries = [
    "q=art.+29",
    "q=quick+freeze",
    "q=Georgia+subscriber+information",
    "q=central+authority&country=UA&country=MD",
    "q=24%2F7+point+of+contact",
    "q=production+order&kind=analysis",
    "q=dual+criminality&status=partial",
    "q=Moldova",
    "q=extradition&article=24",
    "q=interception&kind=analysis&status=unknown",
    "q=preservation&chapter=III",
    "q=templates",
    "q=Articles+29-31",
    "q=%D1%81%D1%82.+29",
    "q=mutual+legal+assistance&page=2",
  ];
  const readKey = readKeyFor(engine.masterKey);
  const bodies = queries.map((qs) => {
    const params: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(qs)) {
      const prev = params[k];
      params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const plan = planSearch(
      catalog,
      searchRequest(readParams(params, SearchParamsShape, { multi: SEARCH_MULTI }), catalog),
    );
    return JSON.stringify({
      queries: plan.queries.map((q: MultiSearchQuery) => ({ ...q, indexUid: "bench" })),
    });
  });
  const meiliRequests = bodies.map((body) => ({
    method: "POST",
    path: "/multi-search",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${readKey}` },
  }));

  // Warm both up briefly.
  await load(
    base,
    queries.map((q) => ({ path: `/api/search?${q}` })),
    2,
  );
  await load(engine.url, meiliRequests, 2);

  log(`load runs: ${connections} connections × ${duration} s each`);
  const meiliSearch = await load(engine.url, meiliRequests);
  const apiSearch = await load(
    base,
    queries.map((q) => ({ path: `/api/search?${q}` })),
  );
  const pageSearch = await load(
    base,
    queries.map((q) => ({ path: `/search?${q}` })),
  );
  const meiliSearch2 = await load(engine.url, meiliRequests);
  const meiliRps = (meiliSearch.rps + meiliSearch2.rps) / 2;

  // 3. /compare for every country × every article, one request at a time, beside the document
  // reads it needs made directly (the same filters, fields and paging, pages in parallel).
  const allCountries = catalog.countries.map((c) => c.code);
  const comparePath = `/api/compare?countries=${allCountries.join(",")}&articles=1-48`;
  const analysisFilter = [
    `kind = "analysis"`,
    `countries IN [${allCountries.map((c) => `"${c}"`).join(", ")}]`,
    `articles IN [${Array.from({ length: 48 }, (_, i) => `"${i + 1}"`).join(", ")}]`,
  ];
  const fields = [
    "id",
    "kind",
    "title",
    "country",
    "countryName",
    "countries",
    "articles",
    "status",
    "provisions",
    "summary",
    "date",
    "url",
    "order",
    "sources",
    "data",
  ];
  const directCompare = async () => {
    const fetchPage = (body: object) =>
      fetch(`${engine.url}/indexes/bench/documents/fetch`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${readKey}`,
          "accept-encoding": "identity",
        },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ total: number }>);
    const [articles, first] = await Promise.all([
      fetchPage({
        filter: [`kind = "article"`],
        fields: ["id", "kind", "title", "articles", "chapter", "summary", "url", "order", "data"],
        limit: 1000,
      }),
      fetchPage({ filter: analysisFilter, fields, limit: 1000, offset: 0 }),
    ]);
    const rest = [];
    for (let offset = 1000; offset < first.total; offset += 1000)
      rest.push(fetchPage({ filter: analysisFilter, fields, limit: 1000, offset }));
    await Promise.all(rest);
    return articles;
  };
  const timeLoop = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    const until = performance.now() + duration * 1000;
    while (performance.now() < until && times.length < 200) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)] ?? NaN, n: times.length };
  };
  const compare = await timeLoop(async () => {
    const res = await fetch(base + comparePath);
    if (!res.ok) throw new Error(`/api/compare answered ${res.status}`);
    await res.arrayBuffer();
  });
  const meiliCompare = await timeLoop(directCompare);

  // 4. Load: a mix of every page, bounded, must give zero errors.
  const mix = [
    ...queries.slice(0, 5).map((q) => ({ path: `/search?${q}` })),
    ...queries.slice(5, 10).map((q) => ({ path: `/api/search?${q}` })),
    { path: "/" },
    { path: "/articles/29" },
    { path: "/countries/GE" },
    { path: "/compare?articles=29-35" },
    { path: "/recommendations" },
    { path: "/readyz" },
  ];
  const mixed = await load(base, mix, duration, connections * 2);

  const status = await readFile(`/proc/${server.pid}/status`, "utf8").catch(() => "");
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);

  const results = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      meilisearch: "1.21.0",
    },
    corpus: { countries: shape.countries, articleSections: shape.sections, documents },
    settings: { durationSeconds: duration, connections },
    indexWallMs: {
      cold: { ours: cold.ours, meilisearchAlone: cold.alone, parseValidateMs: cold.parse },
      afterOneFileEdit: {
        ours: edit.ours,
        meilisearchAlone: edit.alone,
        parseValidateMs: edit.parse,
      },
    },
    indexWallRatio: edit.ours / edit.alone,
    editToSearchableMs: editToSearchable,
    editToSearchableAloneMs: editToSearchableAlone,
    editToSearchableRatio: editToSearchable.p50 / editToSearchableAlone.p50,
    indexWallRatioCold: cold.ours / cold.alone,
    search: {
      meilisearch: { rps: meiliRps, p50Ms: meiliSearch.p50, p99Ms: meiliSearch.p99 },
      api: {
        rps: apiSearch.rps,
        p50Ms: apiSearch.p50,
        p99Ms: apiSearch.p99,
        errors: apiSearch.errors + apiSearch.non2xx,
      },
      page: {
        rps: pageSearch.rps,
        p50Ms: pageSearch.p50,
        p99Ms: pageSearch.p99,
        errors: pageSearch.errors + pageSearch.non2xx,
      },
    },
    searchApiThroughputRatio: apiSearch.rps / meiliRps,
    searchPageThroughputRatio: pageSearch.rps / meiliRps,
    searchP50Ms: apiSearch.p50,
    compareP50Ms: Math.round(compare.p50),
    compare: {
      p50Ms: Math.round(compare.p50),
      requests: compare.n,
      meilisearchFetchP50Ms: Math.round(meiliCompare.p50),
      cells: allCountries.length * 48,
    },
    load: {
      connections: connections * 2,
      seconds: duration,
      requests: mixed.requests,
      rps: mixed.rps,
      p99Ms: mixed.p99,
      errors: mixed.errors,
      timeouts: mixed.timeouts,
      non2xx: mixed.non2xx,
    },
    serverPeakRssMb: Math.round((peakKb / 1024) * 10) / 10,
    targets: {
      searchApiThroughputRatio: ">= 0.9",
      searchPageThroughputRatio: ">= 0.8",
      indexWallRatio: "<= 1.15",
      editToSearchableRatio: "<= 2",
      editToSearchableMsP50: "<= 1000 at the large size",
    },
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  await writeFile(opts.out, `${JSON.stringify(results, null, 2)}\n`);

  const row = (name: string, value: string, beside: string) =>
    `${name.padEnd(34)}${value.padStart(16)}   ${beside}`;
  const f = (n: number, d = 1) => n.toFixed(d);
  process.stdout.write(
    [
      "",
      `Corpus: ${shape.countries} countries, ${shape.sections} article sections, ${documents} documents · ${results.machine.cpus} CPUs · Node ${process.version}`,
      row("measure", "ours", "Meilisearch alone"),
      row(
        "full reindex, cold (s)",
        f(cold.ours / 1000, 2),
        `${f(cold.alone / 1000, 2)}  (parse+validate ${f(cold.parse / 1000, 2)} s)`,
      ),
      row("  indexWallRatioCold", f(results.indexWallRatioCold, 3), ""),
      row(
        "full reindex after 1-file edit (s)",
        f(edit.ours / 1000, 2),
        `${f(edit.alone / 1000, 2)}  (parse+validate ${f(edit.parse / 1000, 2)} s)`,
      ),
      row("  indexWallRatio", f(results.indexWallRatio, 3), "target ≤ 1.15"),
      row(
        "edit to searchable p50/p95 (ms)",
        `${editToSearchable.p50} / ${editToSearchable.p95}`,
        `Meilisearch alone ${editToSearchableAlone.p50} / ${editToSearchableAlone.p95}`,
      ),
      row("  editToSearchableRatio", f(results.editToSearchableRatio, 3), "target ≤ 2"),
      row(
        "/api/search (req/s)",
        f(apiSearch.rps),
        `${f(meiliRps)}  multi-search with the same queries`,
      ),
      row(
        "  p50 / p99 (ms)",
        `${apiSearch.p50} / ${apiSearch.p99}`,
        `${meiliSearch.p50} / ${meiliSearch.p99}`,
      ),
      row("  searchApiThroughputRatio", f(results.searchApiThroughputRatio, 3), "target ≥ 0.9"),
      row("/search page (req/s)", f(pageSearch.rps), `${f(meiliRps)}`),
      row("  p50 / p99 (ms)", `${pageSearch.p50} / ${pageSearch.p99}`, ""),
      row("  searchPageThroughputRatio", f(results.searchPageThroughputRatio, 3), "target ≥ 0.8"),
      row(
        "/api/compare all × all p50 (ms)",
        f(compare.p50, 0),
        `${f(meiliCompare.p50, 0)}  (the same document reads, direct)`,
      ),
      row(
        `load ${connections * 2} clients × ${duration} s`,
        `${mixed.requests} req`,
        `errors ${mixed.errors + mixed.timeouts + mixed.non2xx}`,
      ),
      row("server peak RSS (MB)", f(results.serverPeakRssMb), ""),
      `written to ${opts.out} in ${results.totalSeconds} s`,
      "",
    ].join("\n"),
  );
}

async function cleanup() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
}

main()
  .then(cleanup)
  .catch(async (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanup();
    process.exitCode = 1;
  });
process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
