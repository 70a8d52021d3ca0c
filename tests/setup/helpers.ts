/** Shared test helpers: the run's engine, unique index names, fixture corpora, a test app. */
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { inject } from "vitest";
import { connectEngine, type Engine } from "../../engine/connection.js";
import { loadCorpusFromFiles, type CorpusFile } from "../../indexer/corpus/index.js";
import { buildDocuments } from "../../indexer/documents/index.js";
import { prepare, publishRun } from "../../indexer/run.js";
import { createApp } from "../../server/app.js";
import type { AuthSetup } from "../../server/auth/setup.js";
import type { Editing } from "../../server/editing/service.js";
import type { HistoryService } from "../../server/history/service.js";
import { scopedReader } from "../../server/search/access.js";
import { createCatalog } from "../../server/search/catalog.js";
import { createReader, type KbReader } from "../../server/search/reader.js";
import { loadViews } from "../../server/views.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES = join(ROOT, "tests", "fixtures");
export const REAL_CORPUS = join(ROOT, "corpus");

/** The run's read-only index of a shared corpus (published once in the global setup). */
export function sharedIndex(name: "basic" | "real"): string {
  return inject("sharedIndexes")[name];
}

/** The shared index holding `dir`, if `dir` is one of the shared corpora. */
export function sharedIndexFor(dir: string): string | null {
  const normal = dir.replace(/\/+$/, "");
  if (normal === join(FIXTURES, "corpus-basic")) return sharedIndex("basic");
  if (normal === REAL_CORPUS) return sharedIndex("real");
  return null;
}

/** An index name no other test file uses, so files run in parallel. */
export function uniqueIndex(label: string): string {
  return `test_${label.replace(/[^a-z0-9]+/gi, "_")}_${randomBytes(4).toString("hex")}`;
}

/** Engine settings pointing at the run's Meilisearch. */
export function engineConfig() {
  return {
    meiliHosts: [inject("meiliUrl")],
    meiliMasterKey: inject("meiliMasterKey") || undefined,
    meiliBinary: undefined,
    dataDir: join(tmpdir(), "kb-unused"),
    startTimeoutMs: 30_000,
    requestTimeoutMs: 5_000,
  };
}

let shared: Promise<Engine> | undefined;
/** A connection to the run's engine (created once per test file). */
export function testEngine(): Promise<Engine> {
  shared ??= connectEngine(engineConfig(), { requireAll: true });
  return shared;
}

/** Reads every file of a fixture folder as corpus files with paths relative to the repository. */
export async function fixtureFiles(dir: string): Promise<CorpusFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".md"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (path) => ({ path: relative(ROOT, path), text: await readFile(path, "utf8") })),
  );
}

/** Validates and builds documents from a fixture folder, failing loudly on problems. */
export async function fixtureDocuments(dir: string) {
  const { corpus, report } = loadCorpusFromFiles(await fixtureFiles(dir));
  if (!report.ok)
    throw new Error(
      `fixture ${dir} has problems:\n${report.messages.map((m) => `${m.path}:${m.line}:${m.column} ${m.message}`).join("\n")}`,
    );
  return { corpus, documents: buildDocuments(corpus) };
}

/** Publishes a corpus folder to `indexName` on the run's engine. */
export async function publishFolder(dir: string, indexName: string) {
  const engine = await testEngine();
  const run = await prepare(dir);
  if (run.messages.length > 0)
    throw new Error(
      `corpus ${dir} has ${run.messages.length} problems: ${run.messages[0]?.message}`,
    );
  await publishRun(engine.hosts, indexName, run);
  return run;
}

/** Copies a fixture folder to a temporary place so a test may change it. */
export async function copyToTemp(dir: string): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), "kb-corpus-"));
  await cp(dir, target, { recursive: true });
  return target;
}

export async function writeText(path: string, text: string): Promise<void> {
  await writeFile(path, text, "utf8");
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A logger that keeps every line in memory, for tests that read the logs. */
export function memoryLogger() {
  const lines: string[] = [];
  const log = pino(
    { level: "info", base: null },
    { write: (line: string) => void lines.push(line) },
  );
  return { log, lines };
}

/** The app on the run's engine, reading `indexName`. */
export async function testApp(
  indexName: string,
  options: {
    reader?: KbReader;
    log?: pino.Logger;
    now?: () => Date;
    history?: HistoryService | null;
    /** Accounts and sessions (see auth.ts); absent, everyone is anonymous. */
    auth?: AuthSetup | null;
    trustProxy?: boolean;
    /** Proposals and review (see editing.ts); absent, the app is read-only. */
    editing?: Editing;
    /** Cells of a comparison read at a time (see compare/model.ts). */
    compareBatchCells?: number;
  } = {},
) {
  const engine = await testEngine();
  const reader =
    options.reader ??
    createReader({
      hosts: engine.hosts.map((h) => ({ url: h.url, read: h.read })),
      indexName,
      tokenKey: engine.searchKey ?? undefined,
    });
  const catalog = createCatalog(scopedReader(reader), 0);
  const views = await loadViews(join(ROOT, "views"));
  const logger = options.log ?? memoryLogger().log;
  return {
    app: createApp({
      reader,
      catalog,
      views,
      log: logger,
      publicUrl: "http://kb.test",
      history: options.history ?? null,
      auth: options.auth ?? null,
      trustProxy: options.trustProxy ?? false,
      ...(options.editing ? { editing: options.editing } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.compareBatchCells ? { compareBatchCells: options.compareBatchCells } : {}),
    }),
    reader,
    catalog,
  };
}

/** Deletes a test index (best effort). */
export async function dropIndex(indexName: string): Promise<void> {
  const engine = await testEngine();
  await engine.hosts[0]?.admin.deleteIndexIfExists(indexName).catch(() => undefined);
}

/**
 * A message as a page shows it: escaped, and each name between backticks set as code (the views'
 * `ticks` helper), as in "<code>status</code>: expected one of …".
 */
export function asShown(message: string): string {
  return message
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/`([^`\n]+)`/g, "<code>$1</code>");
}
