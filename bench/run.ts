/**
 * `npm run bench`: measures the knowledge base against Meilisearch alone, on the same data, in
 * the same run, and reports ratios. Loopback only; every load run is bounded in time.
 *
 * Search and compare are measured in interleaved rounds — Meilisearch alone, /api/search,
 * /search, then the same three with distinct queries, then /api/compare beside the same
 * document reads made directly — and each ratio is the median of the rounds, with its minimum
 * and maximum: on a shared machine a single run of each side swings too much to compare.
 *
 *   npm run bench -- --size small            # 20 countries, a few minutes
 *   npm run bench -- --size 100 --out r.json # the default
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Command } from "commander";
import { indexSettings, type KbDocument } from "../indexer/contract.js";
import { connectEngine, readKeyFor } from "../engine/connection.js";
import { launchMeilisearch } from "../engine/launch.js";
import { buildSynonyms } from "../indexer/documents/index.js";
import { prepare, publishRun } from "../indexer/run.js";
import { createCatalog } from "../server/search/catalog.js";
import { createReader } from "../server/search/reader.js";
import { COMPARE_ANALYSIS_FIELDS, COMPARE_ARTICLE_FIELDS } from "../server/search/records.js";
import {
  cpuMs,
  load,
  memoryMb,
  round,
  spread,
  runChild,
  type LoadRequest,
  type LoadResult,
} from "./measure.js";
import { FIXED_QUERIES, createDistinctQueries, engineBody, engineHitScreen } from "./queries.js";
import { startServer } from "./server.js";
import { writeSyntheticCorpus } from "./synthetic.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

const program = new Command()
  .option(
    "--size <size>",
    "small (20 countries), default (100), large (249) or a number of countries",
    "default",
  )
  .option("--out <file>", "where to write the JSON results", "bench-results.json")
  .option("--duration <seconds>", "seconds per load run (default: 5 small, 10 otherwise)")
  .option("--connections <n>", "concurrent connections per load run", "8")
  .option("--rounds <n>", "interleaved rounds of the search and compare measurements", "3")
  .option("--seed <n>", "seed of the distinct queries", "17")
  .parse();
const opts = program.opts<{
  size: string;
  out: string;
  duration?: string;
  connections: string;
  rounds: string;
  seed: string;
}>();
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
const rounds = Number(opts.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds must be a whole number");

/**
 * A made-up word of 14 random letters: unlike a counter, it is many typos away from every other
 * one, so the engine's typo tolerance cannot find an earlier edit's word instead.
 */
function randomWord(): string {
  return Array.from(randomBytes(14), (b) => String.fromCharCode(97 + (b % 26))).join("");
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const started = performance.now();
// Other work on a shared machine moves every figure: the run says how busy the machine was.
const loadAtStart = loadavg()[0] ?? NaN;
const stops: (() => Promise<void>)[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** One edit's time split at the engine's task times (see the edit measurement). */
interface EditPhases {
  toEnqueued: number;
  task: number;
  finishedToSeen: number;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "kb-bench-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const corpusDir = join(dir, "corpus");
  const shape = await writeSyntheticCorpus(join(ROOT, "corpus"), corpusDir, countries);
  log(`synthetic corpus: ${shape.countries} countries, ${shape.sections} article sections`);
  // The corpus as a git work tree with three dated commits, so that the server reads its history
  // as it does in production: the history and point-in-time pages are measured below.
  const historyArticle = await corpusHistory(corpusDir);

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
  // same documents. The cold round starts with an empty parse cache; the second follows an edit of
  // one country file, as after a correction: every document is rebuilt and re-sent, but only the
  // edited file is parsed again. Each is measured twice per side in the order ours, alone, alone,
  // ours, so that a machine getting busier or quieter during the run weighs on both sides alike.
  const cacheDir = join(dir, "parse-cache");
  const editFile = join(corpusDir, "countries", "ge.md");
  const editOnce = async () =>
    writeFile(editFile, `${await readFile(editFile, "utf8")}\nEdited for the benchmark.\n`);
  const oursOnce = async (cache: string) => {
    const t0 = performance.now();
    const prepared = await prepare(corpusDir, undefined, cache);
    if (prepared.messages.length > 0)
      throw new Error(`synthetic corpus has problems: ${prepared.messages[0]?.message}`);
    await publishRun(connection.hosts, "bench", prepared, { mode: "full" });
    const ms = performance.now() - t0;
    // Let the engine finish what ours left queued (dropping the old index) before timing more.
    await idle();
    return { ms, prepared };
  };
  let aloneRuns = 0;
  const aloneOnce = async (documents: KbDocument[], settings: unknown) => {
    const uid = `alone_${(aloneRuns += 1)}`;
    const t1 = performance.now();
    await host.admin
      .createIndex(uid, { primaryKey: "id" })
      .waitTask({ timeout: 600_000, interval: 10 });
    await host.admin
      .index(uid)
      .updateSettings(settings as never)
      .waitTask({ timeout: 600_000, interval: 10 });
    const tasks = [];
    for (let i = 0; i < documents.length; i += 1000)
      tasks.push(
        await host.admin
          .index(uid)
          .addDocuments(documents.slice(i, i + 1000), { primaryKey: "id" }),
      );
    for (const task of tasks) {
      const done = await host.admin.tasks.waitForTask(task.taskUid, {
        timeout: 600_000,
        interval: 10,
      });
      if (done.status !== "succeeded") throw new Error(`Meilisearch alone: ${done.error?.message}`);
    }
    const ms = performance.now() - t1;
    await host.admin.deleteIndex(uid).waitTask({ timeout: 300_000 });
    await idle();
    return ms;
  };
  const indexRounds: {
    label: string;
    ours: number;
    parse: number;
    alone: number;
    documents: number;
    settings: unknown;
    documentsSent: KbDocument[];
  }[] = [];
  for (const label of ["cold", "after a one-file edit"]) {
    const cold = label === "cold";
    if (!cold) await editOnce();
    // Cold: the first round's cache is thrown away; the second's (empty until then) is the one the
    // edit rounds start from.
    const first = await oursOnce(cold ? join(dir, "parse-cache-first") : cacheDir);
    const settings = indexSettings(buildSynonyms(first.prepared.corpus));
    const alone = [
      await aloneOnce(first.prepared.documents, settings),
      await aloneOnce(first.prepared.documents, settings),
    ];
    if (!cold) await editOnce();
    const second = await oursOnce(cacheDir);
    const mean = (a: number, b: number) => (a + b) / 2;
    indexRounds.push({
      label,
      ours: mean(first.ms, second.ms),
      parse: mean(first.prepared.parseMs, second.prepared.parseMs),
      alone: mean(alone[0]!, alone[1]!),
      documents: second.prepared.documents.length,
      settings,
      documentsSent: second.prepared.documents,
    });
    log(
      `index (${label}): ours ${(first.ms / 1000).toFixed(2)} and ${(second.ms / 1000).toFixed(2)} s (parse and validate ${(first.prepared.parseMs / 1000).toFixed(2)} and ${(second.prepared.parseMs / 1000).toFixed(2)} s), Meilisearch alone ${(alone[0]! / 1000).toFixed(2)} and ${(alone[1]! / 1000).toFixed(2)} s, ${second.prepared.documents.length} documents`,
    );
  }
  const cold = indexRounds[0]!;
  const edit = indexRounds[1]!;
  const documents = edit.documents;

  // 2. The server, as `npm start` runs it, against the same engine and index.
  const server = await startServer({
    engineUrl: engine.url,
    masterKey: engine.masterKey,
    indexName: "bench",
    corpusDir,
    dataDir: join(dir, "server-data"),
  });
  stops.push(server.stop);
  const base = server.base;
  const rss: Record<string, number> = { started: (await memoryMb(server.pid)).now };
  log(`server at ${base}`);

  // Edit to searchable: a save of one analysis section, from the moment the file is written to
  // the first /api/search that finds the new text, through the watching server; beside it,
  // Meilisearch alone applying the same one-document update and answering the same search: the
  // multi-search the server sends the engine for it, uncompressed as the server asks for it (as
  // the search rows below compare). One plain query is timed too, for reference: it is what
  // earlier runs compared with.
  const reader = createReader({ hosts: [{ url: host.url, read: host.read }], indexName: "bench" });
  const catalog = await createCatalog(reader).get();
  const readKey = readKeyFor(engine.masterKey);
  const EDITS = 24;
  // The server reads the corpus's history in the background after it starts; the edits are
  // timed once that is done (a history page waits for it), as on a server that has been up.
  const historyReady = await fetch(
    `${base}/countries/${HISTORY_COUNTRY}/articles/${historyArticle}/history`,
  );
  if (!historyReady.ok) throw new Error(`the history page answered ${historyReady.status}`);
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
  const editedDoc = (await prepare(corpusDir)).documents.find((d) => d.id === "analysis-ge-29");
  if (!editedDoc) throw new Error("no analysis-ge-29 document in the synthetic corpus");
  const aloneIndex = host.admin.index("alone_edit");
  await host.admin.createIndex("alone_edit", { primaryKey: "id" }).waitTask({ timeout: 300_000 });
  await aloneIndex.updateSettings(edit.settings as never).waitTask({ timeout: 600_000 });
  await aloneIndex
    .addDocuments(edit.documentsSent, { primaryKey: "id" })
    .waitTask({ timeout: 600_000 });
  await idle();
  // The two sides take turns, edit by edit: the engine's own pace (it is slower for a while after
  // a large indexing, while the machine writes its files out) falls on both alike.
  const ours: number[] = [];
  const alone: number[] = [];
  const aloneOneQuery: number[] = [];
  const aloneFinds = async (token: string) => {
    const res = await fetch(`${engine.url}/multi-search`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${readKey}`,
        // fetch asks for a compressed answer by default; the engine then took about 45 ms more to
        // send the answer that has the hit (its own processing time 1 ms).
        "accept-encoding": "identity",
      },
      body: engineBody(catalog, `q=%22${token}%22&literal=1`, "alone_edit"),
    });
    if (!res.ok) throw new Error(`the engine's multi-search answered ${res.status}`);
    const { results } = (await res.json()) as {
      results: { totalHits?: number; estimatedTotalHits?: number }[];
    };
    return results.some((r) => (r.totalHits ?? r.estimatedTotalHits ?? 0) > 0);
  };
  // Where each side's time went, from the engine's own times for the update task (its clock is
  // this machine's): write (or request) to enqueued, the task itself, finished to seen.
  const phases = { ours: [] as EditPhases[], alone: [] as EditPhases[] };
  const phaseOf = async (indexUid: string, start: number, seen: number) => {
    const { results } = await host.admin.tasks.getTasks({
      indexUids: [indexUid],
      types: ["documentAdditionOrUpdate"],
      limit: 1,
    });
    const task = results[0];
    const at = (time: unknown) =>
      new Date(String(time)).getTime() - (performance.timeOrigin + start);
    if (!task?.startedAt || !task.finishedAt) return null;
    return {
      toEnqueued: at(task.enqueuedAt),
      task: at(task.finishedAt) - at(task.startedAt),
      finishedToSeen: seen - at(task.finishedAt),
    };
  };
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
    const oursPhases = await phaseOf("bench", t0, ours.at(-1)!);
    if (oursPhases) phases.ours.push(oursPhases);

    const other = randomWord();
    const t1 = performance.now();
    await aloneIndex.addDocuments([
      { ...editedDoc, text: `${editedDoc.text}\n\nBenchmark edit ${other}.` },
    ]);
    await waitFor(() => aloneFinds(other));
    alone.push(performance.now() - t1);
    const alonePhases = await phaseOf("alone_edit", t1, alone.at(-1)!);
    if (alonePhases) phases.alone.push(alonePhases);

    const plain = randomWord();
    const t2 = performance.now();
    await aloneIndex.addDocuments([
      { ...editedDoc, text: `${editedDoc.text}\n\nBenchmark edit ${plain}.` },
    ]);
    await waitFor(async () => {
      const result = await host.read.index("alone_edit").search(`"${plain}"`, { limit: 1 });
      return result.hits.length > 0;
    });
    aloneOneQuery.push(performance.now() - t2);
  }
  await host.admin.deleteIndex("alone_edit").waitTask({ timeout: 300_000 });
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
  const editToSearchableAloneOneQuery = {
    samples: aloneOneQuery.length,
    p50: quantile(aloneOneQuery, 0.5),
    p95: quantile(aloneOneQuery, 0.95),
  };
  log(
    `edit to searchable: ours p50 ${editToSearchable.p50} ms, p95 ${editToSearchable.p95} ms; Meilisearch alone p50 ${editToSearchableAlone.p50} ms, p95 ${editToSearchableAlone.p95} ms (the server's multi-search), p50 ${editToSearchableAloneOneQuery.p50} ms, p95 ${editToSearchableAloneOneQuery.p95} ms (one plain query)`,
  );
  const phaseMedians = (list: EditPhases[]) => ({
    samples: list.length,
    toEnqueued: quantile(
      list.map((p) => p.toEnqueued),
      0.5,
    ),
    task: quantile(
      list.map((p) => p.task),
      0.5,
    ),
    finishedToSeen: quantile(
      list.map((p) => p.finishedToSeen),
      0.5,
    ),
  });
  const editPhases = { ours: phaseMedians(phases.ours), alone: phaseMedians(phases.alone) };
  log(
    `edit to searchable, medians from the engine's task times: ours ${editPhases.ours.toEnqueued} ms to the engine's queue, task ${editPhases.ours.task} ms, seen ${editPhases.ours.finishedToSeen} ms after it finished; Meilisearch alone ${editPhases.alone.toEnqueued}, ${editPhases.alone.task}, ${editPhases.alone.finishedToSeen} ms`,
  );

  rss.afterEdits = (await memoryMb(server.pid)).now;

  // 3. Search and compare, in interleaved rounds. The fixed query set is what experts type,
  // repeated by every connection; the distinct set never sends a query twice in the whole run
  // (each load run draws fresh ones), so no cache on either side can help. The engine alone
  // receives the same multi-search bodies the server sends it.
  const engineRequest = (body: string): LoadRequest => ({
    method: "POST",
    path: "/multi-search",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${readKey}` },
  });
  const fixedEngine = FIXED_QUERIES.map((qs) => engineRequest(engineBody(catalog, qs, "bench")));
  const fixedApi = FIXED_QUERIES.map((qs) => ({ path: `/api/search?${qs}` }));
  const fixedPage = FIXED_QUERIES.map((qs) => ({ path: `/search?${qs}` }));
  const distinct = createDistinctQueries(catalog, "bench", Number(opts.seed));
  const hasHits = engineHitScreen(host.read);
  const distinctExamples: string[] = [];
  const serverWatch = { server: server.pid, engine: engine.pid };
  const engineWatch = { engine: engine.pid };

  /** A run on distinct queries: enough fresh ones for the expected rate, again if they ran out. */
  const loadDistinct = async (
    side: "meilisearch" | "api" | "page",
    expectedRps: number,
  ): Promise<LoadResult> => {
    // Distinct queries are often cheaper than the fixed set: room for twice the rate.
    let count = Math.max(1500, Math.ceil(expectedRps * duration * 2));
    for (;;) {
      const queries = await distinct.take(count, hasHits);
      if (distinctExamples.length < 10)
        distinctExamples.push(...queries.slice(0, 4).map((q) => q.qs));
      const result = await load({
        url: side === "meilisearch" ? engine.url : base,
        requests: queries.map((q) =>
          side === "meilisearch"
            ? engineRequest(q.body)
            : { path: `${side === "api" ? "/api/search" : "/search"}?${q.qs}` },
        ),
        seconds: duration,
        connections,
        mode: "once",
        watch: side === "meilisearch" ? engineWatch : serverWatch,
      });
      if (!result.wrapped) return result;
      log(`${side}: ${count} distinct queries were not enough; again with twice as many`);
      count *= 2;
    }
  };

  // /api/compare for every country × every article, one request at a time, beside the documents
  // it needs read directly: the same fields, in pages of 1,000 of one filter, the pages after the
  // first in parallel (the server reads the same documents a batch of articles at a time, see
  // server/routes/compare/model.ts).
  const allCountries = catalog.countries.map((c) => c.code);
  // No `countries`: the matrix then has every country (a list is capped at 100 items).
  const comparePath = "/api/compare?articles=1-48";
  // The same filters and fields the server's reads use (server/search/records.ts).
  const articleFilter = `articles IN [${Array.from({ length: 48 }, (_, i) => `"${i + 1}"`).join(", ")}]`;
  const analysisFilter = [
    `kind = "analysis"`,
    `countries IN [${allCountries.map((c) => `"${c}"`).join(", ")}]`,
    articleFilter,
  ];
  /**
   * One side of the comparison's timing, in a client process of its own (bench/compare-client.ts):
   * p50 and the CPU each process spent per request.
   */
  const compareLoop = async (side: "ours" | "direct") => {
    const out = await runChild<{
      times: number[];
      cpuMs: number;
      watchedCpuMs: Record<string, number>;
    }>("compare-client.ts", {
      side,
      seconds: duration,
      url: base + comparePath,
      engineUrl: engine.url,
      readKey,
      articles: {
        filter: [`kind = "article"`, articleFilter],
        fields: COMPARE_ARTICLE_FIELDS,
        limit: 1000,
      },
      analyses: { filter: analysisFilter, fields: COMPARE_ANALYSIS_FIELDS },
      watch: { server: server.pid, engine: engine.pid },
    });
    const per = (ms: number) => round(ms / Math.max(1, out.times.length), 1);
    return {
      p50: spread(out.times).median,
      n: out.times.length,
      cpuMsPerRequest: {
        server: per(out.watchedCpuMs["server"] ?? NaN),
        engine: per(out.watchedCpuMs["engine"] ?? NaN),
        client: per(out.cpuMs),
      },
    };
  };
  /** One request at a time for `duration`; p50 and the CPU each process spent per request. */
  const timeLoop = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    const until = performance.now() + duration * 1000;
    const before = { server: await cpuMs(server.pid), engine: await cpuMs(engine.pid) };
    const client = process.cpuUsage();
    while (performance.now() < until && times.length < 100) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(client);
    const per = (ms: number) => round(ms / Math.max(1, times.length), 1);
    return {
      p50: spread(times).median,
      n: times.length,
      cpuMsPerRequest: {
        server: per((await cpuMs(server.pid)) - before.server),
        engine: per((await cpuMs(engine.pid)) - before.engine),
        client: per((used.user + used.system) / 1000),
      },
    };
  };
  // Warm both up briefly.
  await load({ url: base, requests: fixedApi, seconds: 2, connections });
  await load({ url: base, requests: fixedPage, seconds: 2, connections });
  await load({ url: engine.url, requests: fixedEngine, seconds: 2, connections });
  // (The comparison's client warms both sides up itself.)

  log(`${rounds} rounds of load runs: ${connections} connections × ${duration} s each`);
  const searchRounds: {
    meilisearch: LoadResult;
    api: LoadResult;
    page: LoadResult;
    distinct: { meilisearch: LoadResult; api: LoadResult; page: LoadResult };
    compare: {
      oursP50Ms: number;
      directP50Ms: number;
      requests: number;
      cpu: { ours: Record<string, number>; direct: Record<string, number> };
    };
  }[] = [];
  for (let r = 1; r <= rounds; r++) {
    const fixedRun = (url: string, requests: LoadRequest[], watch: Record<string, number>) =>
      load({ url, requests, seconds: duration, connections, watch });
    const meilisearch = await fixedRun(engine.url, fixedEngine, engineWatch);
    const api = await fixedRun(base, fixedApi, serverWatch);
    const page = await fixedRun(base, fixedPage, serverWatch);
    const distinctRuns = {
      meilisearch: await loadDistinct("meilisearch", meilisearch.rps),
      api: await loadDistinct("api", Math.max(api.rps, meilisearch.rps)),
      page: await loadDistinct("page", Math.max(page.rps, api.rps)),
    };
    const ours = await compareLoop("ours");
    const direct = await compareLoop("direct");
    searchRounds.push({
      meilisearch,
      api,
      page,
      distinct: distinctRuns,
      compare: {
        oursP50Ms: ours.p50,
        directP50Ms: direct.p50,
        requests: ours.n,
        cpu: { ours: ours.cpuMsPerRequest, direct: direct.cpuMsPerRequest },
      },
    });
    const ratio = (a: LoadResult, b: LoadResult) => (a.rps / b.rps).toFixed(3);
    log(
      `round ${r}: Meilisearch alone ${meilisearch.rps.toFixed(0)} req/s, /api/search ${api.rps.toFixed(0)} (${ratio(api, meilisearch)}), /search ${page.rps.toFixed(0)} (${ratio(page, meilisearch)}); distinct: ${distinctRuns.meilisearch.rps.toFixed(0)}, ${distinctRuns.api.rps.toFixed(0)} (${ratio(distinctRuns.api, distinctRuns.meilisearch)}), ${distinctRuns.page.rps.toFixed(0)} (${ratio(distinctRuns.page, distinctRuns.meilisearch)}); compare ${ours.p50.toFixed(0)} ms vs ${direct.p50.toFixed(0)} ms`,
    );
  }
  rss.afterSearchAndCompare = (await memoryMb(server.pid)).now;

  // 4. Load: a mix of every page, bounded, must give zero errors.
  const mix = [
    ...FIXED_QUERIES.slice(0, 5).map((q) => ({ path: `/search?${q}` })),
    ...FIXED_QUERIES.slice(5, 10).map((q) => ({ path: `/api/search?${q}` })),
    { path: "/" },
    { path: "/articles/29" },
    { path: "/countries/GE" },
    { path: "/compare?articles=29-35" },
    { path: "/recommendations" },
    { path: "/readyz" },
  ];
  const mixed = await load({
    url: base,
    requests: mix,
    seconds: duration,
    connections: connections * 2,
  });
  rss.afterMixedLoad = (await memoryMb(server.pid)).now;

  // 5. History. A country's history page (its changes across the commits) and the comparison
  // of every country as it stood before the last two commits (`at=`), beside today's. The first
  // point-in-time request rebuilds the corpus at that commit; later ones read it from the cache.
  const historyPath = `/countries/${HISTORY_COUNTRY}/articles/${historyArticle}/history`;
  const atPath = `${comparePath}&at=${HISTORY_AT}`;
  const fetchOk = async (path: string) => {
    const res = await fetch(base + path);
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return res.text();
  };
  const historyPage = await fetchOk(historyPath);
  if (!historyPage.includes(HISTORY_MARK))
    throw new Error(`${historyPath} does not show the benchmark's last commit`);
  const t0 = performance.now();
  await fetchOk(atPath);
  const pointInTimeColdMs = round(performance.now() - t0, 0);
  const historyLoop = await timeLoop(() => fetchOk(historyPath));
  const pointInTimeLoop = await timeLoop(() => fetchOk(atPath));
  log(
    `history: ${historyPath} p50 ${round(historyLoop.p50, 0)} ms; ${atPath} first ${pointInTimeColdMs} ms, then p50 ${round(pointInTimeLoop.p50, 0)} ms`,
  );
  rss.afterHistory = (await memoryMb(server.pid)).now;
  const peakRss = (await memoryMb(server.pid)).peak;

  // Medians over the rounds, with their minimum and maximum.
  const over = (pick: (r: (typeof searchRounds)[number]) => number) =>
    spread(searchRounds.map(pick));
  const withRange = (name: string, s: { median: number; min: number; max: number }, d = 3) => ({
    [name]: round(s.median, d),
    [`${name}Min`]: round(s.min, d),
    [`${name}Max`]: round(s.max, d),
  });
  const side = (pick: (r: (typeof searchRounds)[number]) => LoadResult) => {
    const cpuNames = Object.keys(pick(searchRounds[0]!).cpuMsPerRequest);
    return {
      rps: round(over((r) => pick(r).rps).median, 1),
      rpsMin: round(over((r) => pick(r).rps).min, 1),
      rpsMax: round(over((r) => pick(r).rps).max, 1),
      p50Ms: over((r) => pick(r).p50).median,
      p99Ms: over((r) => pick(r).p99).median,
      errors: searchRounds.reduce(
        (n, r) => n + pick(r).errors + pick(r).timeouts + pick(r).non2xx,
        0,
      ),
      cpuMsPerRequest: Object.fromEntries(
        cpuNames.map((name) => [
          name,
          round(over((r) => pick(r).cpuMsPerRequest[name] ?? NaN).median),
        ]),
      ),
    };
  };
  const apiRatio = over((r) => r.api.rps / r.meilisearch.rps);
  const pageRatio = over((r) => r.page.rps / r.meilisearch.rps);
  const apiRatioDistinct = over((r) => r.distinct.api.rps / r.distinct.meilisearch.rps);
  const pageRatioDistinct = over((r) => r.distinct.page.rps / r.distinct.meilisearch.rps);
  const compareRatio = over((r) => r.compare.oursP50Ms / r.compare.directP50Ms);
  const compareCpu = (which: "ours" | "direct") =>
    Object.fromEntries(
      Object.keys(searchRounds[0]!.compare.cpu[which]).map((name) => [
        name,
        round(over((r) => r.compare.cpu[which][name] ?? NaN).median, 1),
      ]),
    );
  const compareOurs = over((r) => r.compare.oursP50Ms);
  const compareDirect = over((r) => r.compare.directP50Ms);
  const distinctSent = searchRounds.reduce(
    (n, r) =>
      n + r.distinct.meilisearch.requests + r.distinct.api.requests + r.distinct.page.requests,
    0,
  );
  const search = {
    meilisearch: side((r) => r.meilisearch),
    api: side((r) => r.api),
    page: side((r) => r.page),
    distinct: {
      meilisearch: side((r) => r.distinct.meilisearch),
      api: side((r) => r.distinct.api),
      page: side((r) => r.distinct.page),
    },
  };

  const results = {
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      meilisearch: "1.21.0",
      loadAverage: { start: round(loadAtStart, 1), end: round(loadavg()[0] ?? NaN, 1) },
    },
    corpus: { countries: shape.countries, articleSections: shape.sections, documents },
    settings: { durationSeconds: duration, connections, rounds, seed: Number(opts.seed) },
    queries: {
      fixed: [...FIXED_QUERIES],
      distinct: {
        description:
          "one or two legal terms, sometimes a country (by name in the text or as a filter), an article reference, a type, status or chapter filter, a sort or page 2; each with at least one hit, like the fixed set (screened beforehand with a count-only search); none sent twice in the run, to either side",
        sent: distinctSent,
        generated: distinct.size(),
        examples: distinctExamples.slice(0, 10),
      },
    },
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
    editToSearchableAloneOneQueryMs: editToSearchableAloneOneQuery,
    editToSearchableRatio: editToSearchable.p50 / editToSearchableAlone.p50,
    editToSearchablePhasesMs: editPhases,
    indexWallRatioCold: cold.ours / cold.alone,
    search: {
      ...search,
      rounds: searchRounds.map((r) => ({
        meilisearchRps: round(r.meilisearch.rps, 1),
        apiRps: round(r.api.rps, 1),
        pageRps: round(r.page.rps, 1),
        distinct: {
          meilisearchRps: round(r.distinct.meilisearch.rps, 1),
          apiRps: round(r.distinct.api.rps, 1),
          pageRps: round(r.distinct.page.rps, 1),
        },
        compareP50Ms: round(r.compare.oursP50Ms, 1),
        compareDirectP50Ms: round(r.compare.directP50Ms, 1),
      })),
    },
    ...withRange("searchApiThroughputRatio", apiRatio),
    ...withRange("searchPageThroughputRatio", pageRatio),
    ...withRange("searchApiThroughputRatioDistinct", apiRatioDistinct),
    ...withRange("searchPageThroughputRatioDistinct", pageRatioDistinct),
    searchP50Ms: search.api.p50Ms,
    ...withRange("compareP50Ms", compareOurs, 0),
    ...withRange("compareRatio", compareRatio),
    compare: {
      p50Ms: round(compareOurs.median, 0),
      requestsPerRound: searchRounds.map((r) => r.compare.requests),
      meilisearchFetchP50Ms: round(compareDirect.median, 0),
      cells: allCountries.length * 48,
      cpuMsPerRequest: {
        ours: compareCpu("ours"),
        direct: compareCpu("direct"),
      },
    },
    historyP50Ms: round(historyLoop.p50, 0),
    pointInTimeCompareP50Ms: round(pointInTimeLoop.p50, 0),
    pointInTimeCompareColdMs: pointInTimeColdMs,
    history: {
      commits: 3,
      historyPath,
      pointInTimePath: atPath,
      requests: { history: historyLoop.n, pointInTime: pointInTimeLoop.n },
      cpuMsPerRequest: {
        history: historyLoop.cpuMsPerRequest,
        pointInTime: pointInTimeLoop.cpuMsPerRequest,
      },
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
    serverPeakRssMb: peakRss,
    serverRssMb: rss,
    targets: {
      searchApiThroughputRatio: ">= 0.9",
      searchPageThroughputRatio: ">= 0.8",
      compareRatio: "<= 1.1",
      indexWallRatio: "<= 1.15",
      editToSearchableRatio: "<= 2",
      editToSearchableMsP50: "<= 1000 at the large size",
      serverPeakRssMb: "< 300 at the large size",
    },
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  await writeFile(opts.out, `${JSON.stringify(results, null, 2)}\n`);

  const row = (name: string, value: string, beside: string) =>
    `${name.padEnd(36)}${value.padStart(22)}   ${beside}`;
  const f = (n: number, d = 1) => n.toFixed(d);
  const range = (s: { median: number; min: number; max: number }, d = 3) =>
    `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`;
  const cpu = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${f(v, 2)}`)
      .join(", ");
  process.stdout.write(
    [
      "",
      `Corpus: ${shape.countries} countries, ${shape.sections} article sections, ${documents} documents · ${results.machine.cpus} CPUs, load average ${results.machine.loadAverage.start} at the start and ${results.machine.loadAverage.end} at the end · Node ${process.version} · ${rounds} rounds × ${duration} s, ${connections} connections`,
      `Fixed queries: ${FIXED_QUERIES.join("  ")}`,
      `Distinct queries: ${distinctSent} sent, none twice, e.g. ${distinctExamples.slice(0, 3).join("  ")}`,
      row("measure", "ours (median, min–max)", "Meilisearch alone"),
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
        `Meilisearch alone ${editToSearchableAlone.p50} / ${editToSearchableAlone.p95} (one plain query ${editToSearchableAloneOneQuery.p50} / ${editToSearchableAloneOneQuery.p95})`,
      ),
      row("  editToSearchableRatio", f(results.editToSearchableRatio, 3), "target ≤ 2"),
      row(
        "/api/search (req/s)",
        f(search.api.rps),
        `${f(search.meilisearch.rps)}  multi-search with the same queries`,
      ),
      row(
        "  p50 / p99 (ms)",
        `${search.api.p50Ms} / ${search.api.p99Ms}`,
        `${search.meilisearch.p50Ms} / ${search.meilisearch.p99Ms}`,
      ),
      row("  searchApiThroughputRatio", range(apiRatio), "target ≥ 0.9"),
      row("  … distinct queries", range(apiRatioDistinct), ""),
      row("/search page (req/s)", f(search.page.rps), f(search.meilisearch.rps)),
      row("  p50 / p99 (ms)", `${search.page.p50Ms} / ${search.page.p99Ms}`, ""),
      row("  searchPageThroughputRatio", range(pageRatio), "target ≥ 0.8"),
      row("  … distinct queries", range(pageRatioDistinct), ""),
      row("CPU ms per request", "", `alone: ${cpu(search.meilisearch.cpuMsPerRequest)}`),
      row("", "", `/api/search: ${cpu(search.api.cpuMsPerRequest)}`),
      row("", "", `/search: ${cpu(search.page.cpuMsPerRequest)}`),
      row(
        "/api/compare all × all p50 (ms)",
        range(compareOurs, 0),
        `${range(compareDirect, 0)}  (the same document reads, direct)`,
      ),
      row("  compareRatio", range(compareRatio), "target ≤ 1.1"),
      row(
        "  CPU ms per request",
        "",
        `ours: ${cpu(results.compare.cpuMsPerRequest.ours)}; direct: ${cpu(results.compare.cpuMsPerRequest.direct)}`,
      ),
      row("history page p50 (ms)", f(results.historyP50Ms, 0), historyPath),
      row(
        "/api/compare at an earlier commit (ms)",
        `${results.pointInTimeCompareColdMs} first, p50 ${results.pointInTimeCompareP50Ms}`,
        `today's compareP50Ms ${f(compareOurs.median, 0)}`,
      ),
      row(
        `load ${connections * 2} clients × ${duration} s`,
        `${mixed.requests} req`,
        `errors ${mixed.errors + mixed.timeouts + mixed.non2xx}`,
      ),
      row("server peak RSS (MB)", f(results.serverPeakRssMb), `at stages: ${JSON.stringify(rss)}`),
      `written to ${opts.out} in ${results.totalSeconds} s`,
      "",
      "The README's table (Performance), from this run:",
      "",
      readmeTable(results),
      "",
    ].join("\n"),
  );
}

const execFileAsync = promisify(execFile);
const HISTORY_COUNTRY = "AM";
const HISTORY_AT = "2025-03-01";
// The history page dates each version; the last commit's date in its English form.
const HISTORY_MARK = "15 January 2026";

/**
 * Makes the synthetic corpus a git repository with three dated commits: everything (January
 * 2025), then a sentence added to Armenia's last article section (July 2025) and another
 * (January 2026). Returns that article's number.
 */
async function corpusHistory(corpusDir: string): Promise<number> {
  const git = (args: string[], date?: string) =>
    execFileAsync("git", ["-C", corpusDir, ...args], {
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Benchmark",
        GIT_AUTHOR_EMAIL: "bench@example.org",
        GIT_COMMITTER_NAME: "Benchmark",
        GIT_COMMITTER_EMAIL: "bench@example.org",
        ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
      },
    });
  const file = join(corpusDir, "countries", `${HISTORY_COUNTRY.toLowerCase()}.md`);
  await git(["init", "-q", "-b", "main"]);
  await git(["add", "-A"]);
  await git(["commit", "-q", "-m", "Synthetic corpus"], "2025-01-15T12:00:00Z");
  for (const [date, text] of [
    ["2025-07-01T12:00:00Z", "First benchmark revision."],
    ["2026-01-15T12:00:00Z", "Second benchmark revision."],
  ] as const) {
    await writeFile(file, `${await readFile(file, "utf8")}\n${text}\n`);
    await git(["commit", "-q", "-am", text], date);
  }
  const headings = [...(await readFile(file, "utf8")).matchAll(/^## Article (\d+)/gm)];
  const last = headings.at(-1)?.[1];
  if (!last) throw new Error(`${file} has no article section`);
  return Number(last);
}

/** The Performance table of the README, regenerated from a run's results. */
function readmeTable(r: {
  indexWallMs: {
    cold: { ours: number; meilisearchAlone: number; parseValidateMs: number };
    afterOneFileEdit: { ours: number; meilisearchAlone: number; parseValidateMs: number };
  };
  indexWallRatio: number;
  indexWallRatioCold: number;
  editToSearchableMs: { p50: number; p95: number };
  editToSearchableAloneMs: { p50: number; p95: number };
  editToSearchableAloneOneQueryMs: { p50: number; p95: number };
  editToSearchableRatio: number;
  search: Record<
    "meilisearch" | "api" | "page",
    { rps: number; p50Ms: number; p99Ms: number; cpuMsPerRequest: Record<string, number> }
  > & { distinct: Record<"meilisearch" | "api" | "page", { rps: number }> };
  compare: {
    p50Ms: number;
    meilisearchFetchP50Ms: number;
    cells: number;
    cpuMsPerRequest: Record<"ours" | "direct", Record<string, number>>;
  };
  load: {
    connections: number;
    seconds: number;
    requests: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  serverPeakRssMb: number;
  historyP50Ms: number;
  pointInTimeCompareP50Ms: number;
  pointInTimeCompareColdMs: number;
  [ratio: string]: unknown;
}): string {
  const n = (x: number, d = 0) =>
    x.toLocaleString("en-GB", { minimumFractionDigits: d, maximumFractionDigits: d });
  const ratio = (name: string) =>
    `\`${name}\` ${n(r[name] as number, 2)} (${n(r[`${name}Min`] as number, 2)}–${n(r[`${name}Max`] as number, 2)})`;
  const met = (name: string, ok: (x: number) => boolean) =>
    ok(r[name] as number) ? "met" : "not met";
  const s = r.search;
  const cpu = (c: Record<string, number>) =>
    Object.entries(c)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k === "loadGenerator" ? "load generator" : k} ${n(v, 2)}`)
      .join(", ");
  const sec = (ms: number) => `${n(ms / 1000, 2)} s`;
  const lines = [
    "| measure | ours | Meilisearch alone | ratio (median of the rounds, min–max) | target |",
    "| --- | --- | --- | --- | --- |",
    `| full reindex after a one-file edit | ${sec(r.indexWallMs.afterOneFileEdit.ours)} (parse and validate ${sec(r.indexWallMs.afterOneFileEdit.parseValidateMs)}) | ${sec(r.indexWallMs.afterOneFileEdit.meilisearchAlone)} | \`indexWallRatio\` ${n(r.indexWallRatio, 2)} | ≤ 1.15 ${r.indexWallRatio <= 1.15 ? "met" : "not met"} |`,
    `| full reindex, cold (empty parse cache) | ${sec(r.indexWallMs.cold.ours)} (parse and validate ${sec(r.indexWallMs.cold.parseValidateMs)}) | ${sec(r.indexWallMs.cold.meilisearchAlone)} | \`indexWallRatioCold\` ${n(r.indexWallRatioCold, 2)} | — |`,
    `| edit to searchable, p50 / p95 | ${n(r.editToSearchableMs.p50)} / ${n(r.editToSearchableMs.p95)} ms | ${n(r.editToSearchableAloneMs.p50)} / ${n(r.editToSearchableAloneMs.p95)} ms (the server's multi-search; one plain query ${n(r.editToSearchableAloneOneQueryMs.p50)} / ${n(r.editToSearchableAloneOneQueryMs.p95)} ms) | \`editToSearchableRatio\` ${n(r.editToSearchableRatio, 2)} | ≤ 2 ${r.editToSearchableRatio <= 2 ? "met" : "not met"} |`,
    `| \`/api/search\` throughput, fixed queries | ${n(s.api.rps)} req/s, p50 ${n(s.api.p50Ms)} ms, p99 ${n(s.api.p99Ms)} ms | ${n(s.meilisearch.rps)} req/s, p50 ${n(s.meilisearch.p50Ms)} ms | ${ratio("searchApiThroughputRatio")} | ≥ 0.9 ${met("searchApiThroughputRatio", (x) => x >= 0.9)} |`,
    `| … distinct queries | ${n(s.distinct.api.rps)} req/s | ${n(s.distinct.meilisearch.rps)} req/s | ${ratio("searchApiThroughputRatioDistinct")} | |`,
    `| \`/search\` page throughput, fixed queries | ${n(s.page.rps)} req/s, p50 ${n(s.page.p50Ms)} ms, p99 ${n(s.page.p99Ms)} ms | ${n(s.meilisearch.rps)} req/s | ${ratio("searchPageThroughputRatio")} | ≥ 0.8 ${met("searchPageThroughputRatio", (x) => x >= 0.8)} |`,
    `| … distinct queries | ${n(s.distinct.page.rps)} req/s | ${n(s.distinct.meilisearch.rps)} req/s | ${ratio("searchPageThroughputRatioDistinct")} | |`,
    `| CPU ms per search (fixed queries) | \`/api/search\`: ${cpu(s.api.cpuMsPerRequest)}; \`/search\`: ${cpu(s.page.cpuMsPerRequest)} | ${cpu(s.meilisearch.cpuMsPerRequest)} | | |`,
    `| \`/api/compare\`, every country × 48 articles (${n(r.compare.cells)} cells) | p50 ${n(r.compare.p50Ms)} ms; CPU ms: ${cpu(r.compare.cpuMsPerRequest.ours)} | p50 ${n(r.compare.meilisearchFetchP50Ms)} ms (the same document reads); CPU ms: ${cpu(r.compare.cpuMsPerRequest.direct)} | ${ratio("compareRatio")} | ≤ 1.1 ${met("compareRatio", (x) => x <= 1.1)} |`,
    `| an article section's history page (3 commits) | p50 ${n(r.historyP50Ms)} ms | | | |`,
    `| \`/api/compare\` of every country at an earlier commit (\`at=\`) | first ${n(r.pointInTimeCompareColdMs)} ms (rebuilds that commit's corpus), then p50 ${n(r.pointInTimeCompareP50Ms)} ms | | today's \`compareP50Ms\` ${n(r.compare.p50Ms)} | |`,
    `| load: ${r.load.connections} clients × ${r.load.seconds} s, mixed pages | ${n(r.load.requests)} requests, ${n(r.load.errors + r.load.timeouts + r.load.non2xx)} errors | | | |`,
    `| server peak RSS | ${n(r.serverPeakRssMb)} MB | | | < 300 MB at the large size |`,
  ];
  return lines.join("\n");
}

async function cleanup() {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
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
