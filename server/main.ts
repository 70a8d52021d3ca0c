/**
 * Composition root: read configuration, start or connect to Meilisearch, publish the corpus if
 * it changed since the last publication, then serve. Ctrl-C and SIGTERM stop the server and the
 * engine it started.
 */
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { ConfigError, loadConfig } from "../config/index.js";
import { connectEngine } from "../engine/index.js";
import { EngineError } from "../engine/index.js";
import { formatMessage } from "../indexer/index.js";
import { liveFingerprint, prepare, publishRun } from "../indexer/index.js";
import { createApp } from "./app.js";
import { createCatalog } from "./search/catalog.js";
import { createReader } from "./search/reader.js";
import { loadViews } from "./views.js";

const VIEWS_DIR = fileURLToPath(new URL("../views/", import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({
    level: config.logLevel,
    base: null,
    redact: ["req.headers.authorization", "apiKey", "key"],
  });
  const started = performance.now();

  log.info({ hosts: config.meiliHosts.length || "bundled" }, "connecting to Meilisearch");
  const engine = await connectEngine(config);
  let stopping = false;
  const shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(code || 1), 10_000);
    timer.unref();
    const server = http.server;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    await engine.stop();
    process.exit(code);
  };
  const http: { server?: Server } = {};
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // npm does not pass SIGTERM on to the script it runs: when our parent goes away, stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("parent exited");
  }, 500).unref();

  try {
    await publishIfChanged();
  } catch (error) {
    await engine.stop();
    throw error;
  }

  async function publishIfChanged(): Promise<void> {
    const run = await prepare(config.corpusDir, undefined, join(config.dataDir, "cache", "corpus"));
    const first = engine.hosts[0];
    const live = first ? await liveFingerprint(first, config.indexName).catch(() => null) : null;
    if (run.messages.length > 0) {
      for (const m of run.messages) process.stderr.write(`${formatMessage(m)}\n`);
      if (live === null) {
        throw new Error(
          `the corpus has ${run.messages.length} problem(s) and no index has been published yet; fix them (npm run check) and start again`,
        );
      }
      log.warn(
        { problems: run.messages.length },
        "the corpus has problems; serving the previously published index",
      );
      return;
    }
    if (live === run.corpus.fingerprint) {
      log.info({ documents: run.documents.length }, "index is up to date with the corpus");
      return;
    }
    log.info(
      {
        documents: run.documents.length,
        reason: live === null ? "no index yet" : "corpus changed",
      },
      "publishing the corpus",
    );
    const result = await publishRun(engine.hosts, config.indexName, run);
    log.info({ documents: result.documents, hosts: result.hosts.length }, "published");
  }

  const reader = createReader({
    hosts: engine.hosts.map((h) => ({
      url: h.url,
      read: h.read,
      ensureKeys: () => engine.ensureKeys(h),
    })),
    indexName: config.indexName,
    log,
  });
  const catalog = createCatalog(reader);
  const views = await loadViews(VIEWS_DIR);
  const app = createApp({
    reader,
    catalog,
    views,
    log,
    publicUrl: config.publicUrl,
    exposeErrors: !config.production,
  });

  const server = app.listen(config.port, config.host);
  http.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  }).catch(async (error: unknown) => {
    await engine.stop();
    throw error;
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shown =
    config.host === "0.0.0.0" || config.host === "::"
      ? "localhost"
      : config.host === "127.0.0.1"
        ? "localhost"
        : config.host;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\nEaP Cyber-MLA Knowledge Base is ready at http://${shown}:${port}/ (started in ${seconds} s; Ctrl-C to stop)\n\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EngineError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
