/**
 * Command line of the indexer: `check` validates the corpus (no engine needed); `index` also
 * publishes it atomically to Meilisearch. Problems print as `path:line:column message [rule]`.
 */
import { join } from "node:path";
import { Command } from "commander";
import { loadConfig, ConfigError } from "../config/index.js";
import { formatCoverage } from "./coverage.js";
import { connectEngine } from "../engine/connection.js";
import { ensureWritable } from "../engine/data-dir.js";
import { EngineError } from "../engine/errors.js";
import { lockDataDir } from "../engine/lock.js";
import { formatPublication, removeLeftoverBuilds } from "./publish/index.js";
import { prepare, publishRun } from "./run.js";
import { formatMessage } from "./report.js";

/** A progress line that redraws itself on a terminal and prints plain lines otherwise. */
function progressLine(stream: NodeJS.WriteStream) {
  const tty = stream.isTTY === true;
  let last = "";
  let lastPlain = 0;
  return {
    update(text: string, force = false) {
      if (text === last) return;
      last = text;
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
      } else if (force || Date.now() - lastPlain > 1000) {
        lastPlain = Date.now();
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (tty && last) stream.write("\n");
      last = "";
    },
  };
}

/** Where parsed files are kept between runs, so only changed files are parsed again. */
const cacheDir = () => join(loadConfig().dataDir, "cache", "corpus");

async function check(corpusDir: string): Promise<number> {
  const line = progressLine(process.stderr);
  const run = await prepare(
    corpusDir,
    (done, total) => line.update(`parsed ${done}/${total} files`, done === total),
    cacheDir(),
  );
  line.done();
  for (const message of run.messages) process.stdout.write(`${formatMessage(message)}\n`);
  if (run.messages.length > 0) {
    process.stdout.write(
      `\n${run.messages.length} problem${run.messages.length === 1 ? "" : "s"} in the corpus; nothing published.\n`,
    );
    return 1;
  }
  process.stdout.write(`${formatCoverage(run.corpus)}\n`);
  process.stdout.write(
    `corpus OK: ${run.corpus.fileCount} files, ${run.documents.length} documents (${run.parseMs.toFixed(0)} ms)\n`,
  );
  return 0;
}

async function index(corpusDir: string, full: boolean): Promise<number> {
  const config = loadConfig();
  const line = progressLine(process.stderr);
  const started = performance.now();
  const run = await prepare(
    corpusDir,
    (done, total) => line.update(`parsed ${done}/${total} files`, done === total),
    cacheDir(),
  );
  line.done();
  if (run.messages.length > 0) {
    for (const message of run.messages) process.stdout.write(`${formatMessage(message)}\n`);
    process.stdout.write(
      `\n${run.messages.length} problem(s) in the corpus; the live index was not touched.\n`,
    );
    return 1;
  }
  // The bundled engine's data folder has one user at a time: refuse while `npm start` runs there.
  const lock =
    config.meiliHosts.length === 0 ? await lockDataDir(await ensureWritable(config.dataDir)) : null;
  const engine = await connectEngine(config, { requireAll: true });
  const journal = join(config.dataDir, "publication.json");
  try {
    const removed = await removeLeftoverBuilds(engine.hosts, config.indexName, {
      journal,
      all: engine.launched,
    });
    if (removed.length > 0)
      process.stderr.write(
        `removed ${removed.length} index(es) left by an interrupted publication\n`,
      );
    let docs = 0;
    let tasks = 0;
    let total = 0;
    let taskTotal = 0;
    const show = () =>
      line.update(`documents sent ${docs}/${total} · tasks done ${tasks}/${taskTotal}`);
    const result = await publishRun(engine.hosts, config.indexName, run, {
      mode: full ? "full" : "auto",
      journal,
      progress: {
        stage: (message) => {
          line.done();
          process.stderr.write(`${message}\n`);
        },
        documents: (sent, all) => {
          docs = sent;
          total = all;
          show();
        },
        tasks: (done, all) => {
          tasks = done;
          taskTotal = all;
          show();
        },
      },
    });
    line.done();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${formatPublication(result)} to index "${config.indexName}" on ${result.hosts.length} host(s) in ${seconds} s (parse and validate ${run.parseMs.toFixed(0)} ms)\n`,
    );
    for (const failed of result.failed)
      process.stderr.write(`${failed.url}: not brought in line: ${failed.error}\n`);
    if (result.failed.length > 0) return 1;
    return 0;
  } finally {
    await engine.stop();
    await lock?.release();
  }
}

const program = new Command()
  .name("kb-indexer")
  .description("Validate the corpus and publish it to Meilisearch")
  .option("--corpus <dir>", "corpus folder (default: CORPUS_DIR or ./corpus)");

program
  .command("check")
  .description("validate the corpus and print its coverage; needs no engine")
  .action(async () => {
    process.exitCode = await check(
      program.opts<{ corpus?: string }>().corpus ?? loadConfig().corpusDir,
    );
  });

program
  .command("index")
  .description(
    "validate the corpus and publish what changed to the live index (--full: rebuild it atomically)",
  )
  .option("--full", "rebuild the whole index and swap it in, instead of sending only the changes")
  .action(async (options: { full?: boolean }) => {
    process.exitCode = await index(
      program.opts<{ corpus?: string }>().corpus ?? loadConfig().corpusDir,
      options.full === true,
    );
  });

const interrupt = () => {
  process.stderr.write("\ninterrupted; the live index keeps its previous documents\n");
  process.exit(130);
};
process.once("SIGINT", interrupt);
process.once("SIGTERM", interrupt);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EngineError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
});
