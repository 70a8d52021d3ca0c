/**
 * Composition root: read configuration, lock the data folder, listen, start (and supervise) or
 * connect to Meilisearch, publish the corpus if it changed since the last publication, then
 * serve. Ctrl-C and SIGTERM stop the server and the engine it started. Start-up problems end
 * in one plain sentence and exit code 1, never a stack trace.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { ConfigError, loadConfig } from "../config/index.js";
import { connectEngine, EngineError, ensureWritable, lockDataDir } from "../engine/index.js";
import {
  createLivePublisher,
  formatMessage,
  removeLeftoverBuilds,
  type LivePublisher,
} from "../indexer/index.js";
import { createApp } from "./app.js";
import { createAuthSetup } from "./auth/setup.js";
import { createEditing, type Editing } from "./editing/service.js";
import { createHistoryService } from "./history/service.js";
import { answerClientErrors } from "./http/client-error.js";
import { createLogger } from "./logging.js";
import { createCatalog } from "./search/catalog.js";
import { scopedReader } from "./search/access.js";
import { createReader } from "./search/reader.js";
import { loadViews } from "./views.js";

/**
 * A full collection lets the heap grow to 1.8 times what it found alive (unless Node.js was given
 * its own `--heap-growing-percent`). V8's own factor goes up to 4 while the program allocates
 * fast, and gives back little of what it grew to: a start that parses the whole corpus left the
 * heap at about 500 MB with 230 MB alive (249 countries). Measured: RSS at start, 249 countries,
 * 616–677 MB → 484 MB; a comparison of every country (100) peaked at 517 MB → 365–378 MB, for
 * 149–153 ms of server CPU against 123–148 (1.4 times: 337–352 MB, but 176–202 ms).
 */
if (!process.execArgv.some((arg) => arg.startsWith("--heap-growing-percent")))
  setFlagsFromString("--heap-growing-percent=80");

const VIEWS_DIR = fileURLToPath(new URL("../views/", import.meta.url));

/** A problem at start that the person starting the app can fix: printed as is, exit code 1. */
class StartError extends Error {
  override name = "StartError";
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Answers while the app is starting: liveness yes, everything else 503 with Retry-After. */
const starting: Handler = (req, res) => {
  const live = req.url === "/healthz";
  res.statusCode = live ? 200 : 503;
  if (!live) res.setHeader("Retry-After", "2");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.end(
    JSON.stringify(
      live
        ? { status: "ok" }
        : {
            error: {
              id: "search_unavailable",
              message: "The knowledge base is starting. Please try again in a few seconds.",
            },
          },
    ),
  );
};

async function main(): Promise<void> {
  const args = parseArgs({ options: { rebuild: { type: "boolean", default: false } } });
  const config = loadConfig();
  const log = createLogger(config.logLevel, { pretty: process.stdout.isTTY === true });
  const started = performance.now();

  const dataDir = await ensureWritable(config.dataDir);
  const lock = await lockDataDir(dataDir);

  // Listen first: a port in use is reported before the engine starts, and the site answers
  // "starting" (503) rather than refusing connections while the engine boots.
  let handler: Handler = starting;
  const server = createServer((req, res) => handler(req, res));
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE")
      throw new StartError(
        `Port ${config.port} on ${config.host} is already in use by another program: stop it, or set PORT to a free port (PORT=0 picks one).`,
      );
    if (error.code === "EACCES")
      throw new StartError(
        `Port ${config.port} on ${config.host} needs privileges this user does not have: set PORT to a number above 1023.`,
      );
    throw error;
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shown = ["0.0.0.0", "::", "127.0.0.1"].includes(config.host) ? "localhost" : config.host;
  const siteUrl = `http://${shown}:${port}/`;
  lock.update({ url: siteUrl });

  if (args.values.rebuild && config.meiliHosts.length === 0) {
    const aside = join(
      dataDir,
      "meili",
      `data.ms.broken-${new Date().toISOString().replace(/[:.]/g, "-")}`,
    );
    const moved = await rename(join(dataDir, "meili", "data.ms"), aside).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    log.warn({ aside: moved ? aside : null }, "rebuilding the engine's data from the corpus");
  }

  const auth = await createAuthSetup({
    dataDir,
    sessionSecret: config.sessionSecret,
    idleMs: config.sessionIdleMs,
    maxMs: config.sessionMaxMs,
    oidc: config.oidc,
  });

  /** What is running, for the shutdown below (which may come while the rest still starts). */
  const running: {
    engine?: Awaited<ReturnType<typeof connectEngine>>;
    live?: LivePublisher;
    catalog?: ReturnType<typeof createCatalog>;
    editing?: Extract<Editing, { enabled: true }>;
  } = {};
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, "shutting down");
    const timer = setTimeout(() => process.exit(code || 1), 10_000);
    timer.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    running.editing?.service.stop();
    await running.live?.stop();
    await running.engine?.stop();
    await lock.release();
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  // npm does not pass SIGTERM on to the script it runs: when our parent goes away, stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown("parent exited");
  }, 500).unref();

  log.info({ hosts: config.meiliHosts.length || "bundled" }, "connecting to Meilisearch");
  const engine = await connectEngine(config, {
    log,
    onFatal: (error) => {
      process.stderr.write(`\n${error.message}\n`);
      void shutdown("the search engine keeps failing", 1);
    },
  });
  running.engine = engine;
  if (engine.supervisor) lock.update({ engineUrl: engine.supervisor.url });
  const hosts = engine.hosts;

  const journal = join(dataDir, "publication.json");
  const publisher: LivePublisher = createLivePublisher({
    hosts,
    indexName: config.indexName,
    corpusDir: config.corpusDir,
    cacheDir: join(dataDir, "cache", "corpus"),
    journal,
    log,
    // The catalog is created after the first publication; later ones refresh it.
    onPublished: (_result, documents) => running.catalog?.published(documents),
  });
  running.live = publisher;

  let editing: Editing = {
    enabled: false,
    reason:
      config.editing === "off"
        ? "EDITING=0: this instance is read-only"
        : "WATCH=0: this instance does not hold the corpus's work tree",
  };
  try {
    // Editing: on the instance that holds the corpus's work tree (see README, "Editing and
    // proposals"). An accept killed half-way is finished or undone before the first publication.
    if (config.editing === "on" || (config.editing === "auto" && config.watch)) {
      const pause = config.editingTestPause;
      editing = await createEditing({
        corpusDir: config.corpusDir,
        dataDir,
        log,
        audit: auth.audit,
        publish: () => publisher.publishNow(),
        shared: () => publisher.shared(),
        pushRemote: config.corpusPushRemote,
        ...(pause
          ? {
              // Tests only: stop here for ever, so that a test can kill the process at this step.
              pauseAt: async (step: string) => {
                if (step !== pause) return;
                process.stdout.write(`editing test pause at ${step}\n`);
                await new Promise(() => undefined);
              },
            }
          : {}),
      });
      if (editing.enabled) {
        running.editing = editing;
        await editing.service.recover();
      } else if (config.editing === "on") {
        throw new StartError(`EDITING=1, but proposals cannot be served: ${editing.reason}`);
      } else {
        log.info({ reason: editing.reason }, "editing in the browser is off");
      }
    }

    // Holding the data folder's lock with the bundled engine, this process is its only writer:
    // any build index there is a leftover of an interrupted run.
    const removed = await removeLeftoverBuilds(hosts, config.indexName, {
      journal,
      all: engine.launched,
    });
    if (removed.length > 0)
      log.warn({ removed }, "removed indexes left by an interrupted publication");
    await publisher.publishNow();
    const status = publisher.status();
    if (status.problems.length > 0) {
      for (const m of status.problems) process.stderr.write(`${formatMessage(m)}\n`);
      if (status.lastPublication === null && !(await indexExists())) {
        throw new StartError(
          `The corpus has ${status.problems.length} problem(s) and no index has been published yet: fix them (npm run check) and start again.`,
        );
      }
    } else if (status.error && status.lastPublication === null) {
      throw new StartError(`The corpus could not be published: ${status.error}`);
    }
    if (config.watch) await publisher.start();
    running.editing?.service.warm();
  } catch (error) {
    running.editing?.service.stop();
    await publisher.stop();
    await engine.stop();
    throw error;
  }

  /** Whether some host already holds a published index (to serve while the corpus is broken). */
  async function indexExists(): Promise<boolean> {
    const first = hosts[0];
    if (!first) return false;
    try {
      await first.read.index(config.indexName).getDocument("meta", { fields: ["id"] });
      return true;
    } catch {
      return false;
    }
  }

  const connected = engine;
  const reader = createReader({
    hosts: hosts.map((h) => ({
      url: h.url,
      read: h.read,
      ensureKeys: () => connected.ensureKeys(h),
    })),
    indexName: config.indexName,
    log,
    available: () => connected.available(),
    tokenKey: connected.searchKey ?? undefined,
  });
  const catalog = createCatalog(scopedReader(reader));
  running.catalog = catalog;
  const history = createHistoryService(config.corpusDir, () => publisher.shared());
  // Read the history in the background, so that the first history page does not wait for it.
  void history.state().then((state) => {
    if (!state.ok) log.info({ reason: state.message }, "the corpus's history is not available");
  });
  const views = await loadViews(VIEWS_DIR);
  const app = createApp({
    auth,
    trustProxy: config.trustProxy,
    reader,
    catalog,
    corpus: config.watch ? publisher : null,
    history,
    editing,
    views,
    log,
    publicUrl: config.publicUrl,
    exposeErrors: !config.production,
  });
  handler = app as unknown as Handler;

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // A first start: say how to sign in (editing, the corpus status, working groups' material).
  const noAccounts =
    !config.oidc &&
    (await auth.accounts.list().then(
      (a) => a.length === 0,
      () => false,
    ));
  process.stdout.write(
    `\nEaP Cyber-MLA Knowledge Base is ready at ${siteUrl} (started in ${seconds} s; Ctrl-C to stop)\n\n${
      noAccounts
        ? "No accounts yet. To sign in (editing, the corpus status, working groups' material), create the first administrator:\n  printf '%s' \"$PASSWORD\" | npm run users -- init you@example.org --password-stdin\n\n"
        : ""
    }`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EngineError || error instanceof StartError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
