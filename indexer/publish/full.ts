/**
 * Atomic publication: build a fresh index on every host (settings, then documents, each task
 * awaited and checked), verify it, then swap it with the live index and delete the old one.
 * Until the swap, the live index is untouched; a failure anywhere leaves it as it was.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Meilisearch, Task } from "meilisearch";
import type { KbDocument } from "../contract.js";
import { describe, type EngineHost } from "../../engine/connection.js";
import { apiErrorCode, EngineTaskError } from "../../engine/errors.js";

export interface PublishProgress {
  stage?(message: string): void;
  documents?(sent: number, total: number): void;
  tasks?(done: number, total: number): void;
}

export interface PublishOptions {
  indexName: string;
  documents: KbDocument[];
  settings: Record<string, unknown>;
  batchSize?: number;
  taskTimeoutMs?: number;
  progress?: PublishProgress;
  /**
   * A file naming the build while it is under way, so that a run that is interrupted (killed,
   * power loss) leaves a note for the next one to remove its build.
   */
  journal?: string;
}

export interface PublishResult {
  hosts: string[];
  documents: number;
  tasks: number;
}

const BUILD_MARKER = "__build_";
/** Builds older than this are leftovers of an interrupted run and are removed. */
const STALE_BUILD_MS = 10 * 60_000;
/**
 * How long a publication waits for one engine task (deleting a large index on a busy engine
 * takes far longer than the client's default of 5 s).
 */
export const TASK_TIMEOUT_MS = 300_000;

/** Publishes `documents` to every host; throws EngineTaskError (live index untouched) on failure. */
export async function publish(
  hosts: EngineHost[],
  options: PublishOptions,
): Promise<PublishResult> {
  const { indexName, documents } = options;
  const buildName = `${indexName}${BUILD_MARKER}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const batchSize = options.batchSize ?? 1000;
  // Poll often: every wait sits on the critical path of a publication.
  const wait = { timeout: options.taskTimeoutMs ?? TASK_TIMEOUT_MS, interval: 10 };
  const progress = options.progress ?? {};
  const batches = Math.ceil(documents.length / batchSize);
  const totalTasks = hosts.length * (batches + 2);
  let tasksDone = 0;
  let sent = 0;

  const check = (task: Task, what: string, host: EngineHost) => {
    tasksDone += 1;
    progress.tasks?.(tasksDone, totalTasks);
    if (task.status !== "succeeded") {
      throw new EngineTaskError(
        `${host.url}: ${what} ${task.status}: ${task.error?.message ?? "no reason given"}`,
      );
    }
  };

  if (options.journal) {
    await removeLeftoverBuilds(hosts, indexName, { journal: options.journal });
    await mkdir(dirname(options.journal), { recursive: true });
    await writeFile(
      options.journal,
      JSON.stringify({
        build: buildName,
        hosts: hosts.map((h) => h.url),
        at: new Date().toISOString(),
      }),
    );
  }
  const build = async (host: EngineHost) => {
    const client = host.admin;
    await removeStaleBuilds(client, indexName, wait);
    progress.stage?.(`${host.url}: creating ${buildName}`);
    check(
      await client.createIndex(buildName, { primaryKey: "id" }).waitTask(wait),
      "index creation",
      host,
    );
    const index = client.index<KbDocument>(buildName);
    check(
      await index.updateSettings(options.settings as never).waitTask(wait),
      "settings update",
      host,
    );
    const enqueued = [];
    for (let start = 0; start < documents.length; start += batchSize) {
      const batch = documents.slice(start, start + batchSize);
      enqueued.push(await index.addDocuments(batch, { primaryKey: "id" }));
      sent += batch.length;
      progress.documents?.(sent, documents.length * hosts.length);
    }
    for (const task of enqueued) {
      check(await client.tasks.waitForTask(task.taskUid, wait), "document addition", host);
    }
    const stats = await index.getStats();
    if (stats.numberOfDocuments !== documents.length) {
      throw new EngineTaskError(
        `${host.url}: ${buildName} holds ${stats.numberOfDocuments} documents, expected ${documents.length}`,
      );
    }
  };

  try {
    await Promise.all(hosts.map(build));
  } catch (error) {
    await Promise.allSettled(hosts.map((h) => h.admin.deleteIndexIfExists(buildName)));
    if (error instanceof EngineTaskError) throw error;
    throw new EngineTaskError(`publication failed: ${describe(error)}`, { cause: error });
  }

  // Every host has a complete build: switch each live index in one atomic step.
  for (const host of hosts) {
    const client = host.admin;
    try {
      const exists = await indexExists(client, indexName);
      progress.stage?.(`${host.url}: swapping ${buildName} with ${indexName}`);
      // On first publication the live index does not exist: rename the build instead of swapping.
      const swap = exists
        ? { indexes: [indexName, buildName] as [string, string], rename: false }
        : { indexes: [buildName, indexName] as [string, string], rename: true };
      const task = await client.swapIndexes([swap]).waitTask(wait);
      if (task.status !== "succeeded") {
        throw new EngineTaskError(
          `${host.url}: swap ${task.status}: ${task.error?.message ?? "no reason given"}`,
        );
      }
      // The old index (now under the build's name) is dropped in the background: the swap is done
      // and nothing waits for it. An interrupted deletion is cleaned up by a later run.
      if (exists) await client.deleteIndex(buildName);
    } catch (error) {
      await client.deleteIndexIfExists(buildName).catch(() => undefined);
      if (error instanceof EngineTaskError) throw error;
      throw new EngineTaskError(`${host.url}: swap failed: ${describe(error)}`, { cause: error });
    }
  }
  if (options.journal) await rm(options.journal, { force: true });
  return { hosts: hosts.map((h) => h.url), documents: documents.length, tasks: tasksDone };
}

/**
 * Removes builds an interrupted publication left behind: the one its journal names, or, with
 * `all` (the caller is the only writer, e.g. it holds the bundled engine's data folder), every
 * build of `indexName`. Returns the names removed.
 */
export async function removeLeftoverBuilds(
  hosts: EngineHost[],
  indexName: string,
  options: { journal?: string; all?: boolean },
): Promise<string[]> {
  const removed: string[] = [];
  let named: string | null = null;
  if (options.journal) {
    try {
      const note = JSON.parse(await readFile(options.journal, "utf8")) as { build?: unknown };
      if (typeof note.build === "string" && note.build.startsWith(`${indexName}${BUILD_MARKER}`))
        named = note.build;
    } catch {
      // No journal: nothing was interrupted.
    }
  }
  for (const host of hosts) {
    const { results } = await host.admin.getRawIndexes({ limit: 1000 });
    for (const index of results) {
      const isBuild = index.uid.startsWith(`${indexName}${BUILD_MARKER}`);
      if (isBuild && (options.all || index.uid === named)) {
        await host.admin
          .deleteIndex(index.uid)
          .waitTask({ timeout: TASK_TIMEOUT_MS, interval: 10 });
        removed.push(index.uid);
      }
    }
  }
  if (options.journal) await rm(options.journal, { force: true });
  return removed;
}

async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getRawIndex(uid);
    return true;
  } catch (error) {
    if (apiErrorCode(error) === "index_not_found") return false;
    throw error;
  }
}

/** Deletes builds that an interrupted run left behind (older than a few minutes). */
async function removeStaleBuilds(
  client: Meilisearch,
  indexName: string,
  wait: { timeout: number; interval: number },
): Promise<void> {
  const { results } = await client.getRawIndexes({ limit: 1000 });
  const prefix = `${indexName}${BUILD_MARKER}`;
  const now = Date.now();
  for (const index of results) {
    if (index.uid.startsWith(prefix) && now - Date.parse(index.createdAt) > STALE_BUILD_MS) {
      await client.deleteIndex(index.uid).waitTask(wait);
    }
  }
}
