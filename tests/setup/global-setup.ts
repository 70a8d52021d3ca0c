/**
 * Starts the bundled Meilisearch once per test run, in a temporary folder on a free port, and
 * publishes the two read-only corpora the tests share (the fixture corpus and the real one)
 * once, so that test files only publish what they change. With TEST_MEILI_HOST (and
 * TEST_MEILI_MASTER_KEY) set, an already running engine is used instead.
 *
 * Several projects (http, integration, e2e) list this setup; the engine and the shared indexes
 * are made once for the whole run and stopped after the last project is done.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { connectEngine } from "../../engine/connection.js";
import { launchMeilisearch, type LaunchedEngine } from "../../engine/launch.js";
import { prepare, publishRun } from "../../indexer/run.js";

declare module "vitest" {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliMasterKey: string;
    /** Read-only indexes published once per run: the fixture corpus and the real one. */
    sharedIndexes: { basic: string; real: string };
  }
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SHARED_CORPORA = {
  basic: join(ROOT, "tests", "fixtures", "corpus-basic"),
  real: join(ROOT, "corpus"),
};

interface Shared {
  url: string;
  masterKey: string;
  indexes: { basic: string; real: string };
  users: number;
  stop(): Promise<void>;
}

const KEY = Symbol.for("eap-kb.test-engine");
type Holder = { [KEY]?: Promise<Shared> };

async function start(): Promise<Shared> {
  let engine: LaunchedEngine | undefined;
  let dir: string | undefined;
  let url = process.env["TEST_MEILI_HOST"] ?? "";
  let masterKey = process.env["TEST_MEILI_MASTER_KEY"] ?? "";
  if (!url) {
    dir = await mkdtemp(join(tmpdir(), "kb-test-engine-"));
    try {
      engine = await launchMeilisearch({
        dataDir: dir,
        startTimeoutMs: 60_000,
        extraArgs: ["--max-indexing-threads", "1", "--max-indexing-memory", "2GiB"],
      });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    url = engine.url;
    masterKey = engine.masterKey;
  }
  const suffix = randomBytes(4).toString("hex");
  const indexes = { basic: `shared_basic_${suffix}`, real: `shared_real_${suffix}` };
  const connection = await connectEngine(
    {
      meiliHosts: [url],
      meiliMasterKey: masterKey || undefined,
      meiliBinary: undefined,
      dataDir: join(tmpdir(), "kb-unused"),
      startTimeoutMs: 30_000,
      requestTimeoutMs: 5_000,
    },
    { requireAll: true },
  );
  await Promise.all(
    (Object.keys(indexes) as (keyof typeof indexes)[]).map(async (name) => {
      const run = await prepare(SHARED_CORPORA[name]);
      if (run.messages.length > 0)
        throw new Error(`the ${name} corpus has problems: ${run.messages[0]?.message}`);
      await publishRun(connection.hosts, indexes[name], run);
    }),
  );
  return {
    url,
    masterKey,
    indexes,
    users: 0,
    async stop() {
      const admin = connection.hosts[0]?.admin;
      await Promise.all(
        Object.values(indexes).map((uid) => admin?.deleteIndexIfExists(uid).catch(() => undefined)),
      );
      await engine?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const holder = globalThis as Holder;
  holder[KEY] ??= start();
  const shared = await holder[KEY];
  shared.users += 1;
  project.provide("meiliUrl", shared.url);
  project.provide("meiliMasterKey", shared.masterKey);
  project.provide("sharedIndexes", shared.indexes);
  return async () => {
    shared.users -= 1;
    if (shared.users === 0) {
      delete holder[KEY];
      await shared.stop();
    }
  };
}
