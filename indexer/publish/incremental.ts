/**
 * Incremental publication: compare the documents the corpus produces now with the live index's
 * (each document carries a hash of its content) and send only the difference — added and
 * changed documents in one update, then the deletions. A search never sees a section missing
 * while its new version is on the way. Each host is brought in line on its own; a host that
 * fails is reported and re-read from scratch by the next publication.
 */
import type { Task } from "meilisearch";
import { CONTRACT_VERSION, MetaDataSchema, type KbDocument } from "../contract.js";
import { describe, type EngineHost } from "../../engine/connection.js";
import { apiErrorCode, EngineTaskError } from "../../engine/errors.js";
import { TASK_TIMEOUT_MS, type PublishProgress } from "./full.js";

/** What a host's live index holds, as far as publication needs to know. */
export interface HostState {
  /** Document id → content hash. */
  hashes: Map<string, string>;
  settingsHash: string | null;
  contractVersion: number | null;
  /**
   * The documents the host was last brought in line with, in their order, when known (see
   * `alignedDifference`).
   */
  basis?: readonly KbDocument[];
}

/**
 * The last known state of each host's live index, kept by a long-running publisher (the
 * watcher) so that it need not read every hash back after each save.
 */
export type KnownStates = Map<string, HostState>;

const PAGE = 5_000;

/** Reads the ids and hashes of a host's live index; null when there is no live index. */
export async function readHostState(
  host: EngineHost,
  indexName: string,
): Promise<HostState | null> {
  const index = host.admin.index<KbDocument>(indexName);
  try {
    const meta = await index.getDocument("meta").catch((error: unknown) => {
      if (apiErrorCode(error) === "document_not_found") return null;
      throw error;
    });
    const parsed = meta ? MetaDataSchema.safeParse(meta.data) : null;
    const hashes = new Map<string, string>();
    const page = (offset: number) =>
      index.getDocuments({ fields: ["id", "hash"], limit: PAGE, offset });
    const first = await page(0);
    const rest = [];
    for (let offset = PAGE; offset < first.total; offset += PAGE) rest.push(page(offset));
    for (const result of [first, ...(await Promise.all(rest))])
      for (const doc of result.results)
        hashes.set(doc.id, typeof doc.hash === "string" ? doc.hash : "");
    return {
      hashes,
      settingsHash: parsed?.success ? parsed.data.settingsHash : null,
      contractVersion: parsed?.success ? parsed.data.contractVersion : null,
    };
  } catch (error) {
    if (apiErrorCode(error) === "index_not_found") return null;
    throw error;
  }
}

/** Whether a live index can be updated in place with documents of this contract and settings. */
export function canUpdateInPlace(state: HostState | null, settingsHash: string): boolean {
  return (
    state !== null &&
    state.contractVersion === CONTRACT_VERSION &&
    state.settingsHash === settingsHash &&
    state.hashes.size > 0
  );
}

/** What changed between a live index and the documents of the corpus. */
export interface Difference {
  /** New or changed documents (replacing the live version of the same id). */
  upserts: KbDocument[];
  added: number;
  updated: number;
  /** Ids in the live index that the corpus no longer produces. */
  deletions: string[];
}

const differences = new WeakMap<
  HostState,
  { documents: readonly KbDocument[]; diff: Difference }
>();

/**
 * The difference between a host's state and `documents`, kept for the last `documents` of each
 * state: the live publisher works it out while it waits for the corpus folder to be quiet, and
 * the publication then finds it ready. A publication gives the host a new state (whose map of
 * hashes is the old one's, patched: see `afterDifference`), and the old one's difference goes.
 */
export function difference(state: HostState, documents: readonly KbDocument[]): Difference {
  const kept = differences.get(state);
  if (kept?.documents === documents) return kept.diff;
  const diff = computeDifference(state, documents);
  differences.set(state, { documents, diff });
  return diff;
}

function computeDifference(state: HostState, documents: readonly KbDocument[]): Difference {
  const aligned = state.basis && alignedDifference(state.basis, documents);
  if (aligned) return { upserts: aligned, added: 0, updated: aligned.length, deletions: [] };
  const upserts: KbDocument[] = [];
  let added = 0;
  for (const doc of documents) {
    const live = state.hashes.get(doc.id);
    if (live === doc.hash) continue;
    upserts.push(doc);
    if (live === undefined) added += 1;
  }
  // Ids are unique: when every live id is among the documents, nothing is to be deleted.
  const kept = documents.length - added;
  if (kept === state.hashes.size)
    return { upserts, added, updated: upserts.length - added, deletions: [] };
  const ids = new Set(documents.map((d) => d.id));
  const deletions = [...state.hashes.keys()].filter((id) => !ids.has(id));
  return { upserts, added, updated: upserts.length - added, deletions };
}

/**
 * The documents of `now` whose hash differs from the one at the same place in `before`, when both
 * hold the same ids in the same order (else null). A long-running publisher builds again only
 * what changed and keeps the other documents as the same objects, so this compares two arrays
 * of references and looks into a document only where they differ: at 249 countries, going
 * through every document's id and hash took about 3 ms.
 */
export function alignedDifference(
  before: readonly KbDocument[],
  now: readonly KbDocument[],
): KbDocument[] | null {
  if (before.length !== now.length) return null;
  const changed: KbDocument[] = [];
  for (let i = 0; i < now.length; i++) {
    const doc = now[i]!;
    const was = before[i]!;
    if (doc === was) continue;
    if (doc.id !== was.id) return null;
    if (doc.hash !== was.hash) changed.push(doc);
  }
  return changed;
}

/** Maps of hashes built from the documents themselves (see `afterDifference`). */
const builtFromDocuments = new WeakSet<Map<string, string>>();

/**
 * A host's state once `diff` is applied to bring it in line with `documents`. The first time, its
 * map of hashes is built from the documents, so that it holds their very id and hash strings (one
 * read back from the engine holds copies, and comparing with those took twice as long); after
 * that it is patched: at 249 countries building it again took 5–7 ms, just when the saved text
 * becomes searchable. The old state, whose map that was, is dropped (nothing reads it again).
 */
function afterDifference(
  state: HostState,
  diff: Difference,
  documents: readonly KbDocument[],
  settingsHash: string,
): HostState {
  differences.delete(state);
  let { hashes } = state;
  if (builtFromDocuments.has(hashes)) {
    for (const doc of diff.upserts) hashes.set(doc.id, doc.hash);
    for (const id of diff.deletions) hashes.delete(id);
  } else {
    hashes = new Map(documents.map((d) => [d.id, d.hash]));
    builtFromDocuments.add(hashes);
  }
  return { hashes, settingsHash, contractVersion: CONTRACT_VERSION, basis: documents };
}

export interface HostOutcome {
  url: string;
  added: number;
  updated: number;
  deleted: number;
  tasks: number;
  error: string | null;
}

/**
 * Applies the difference to one host: the upserts (in batches, every task awaited and checked),
 * then the deletions. Returns the host's new state.
 */
export async function applyDifference(
  host: EngineHost,
  indexName: string,
  diff: Difference,
  options: { batchSize?: number; taskTimeoutMs?: number; progress?: PublishProgress } = {},
): Promise<number> {
  const index = host.admin.index<KbDocument>(indexName);
  const wait = { timeout: options.taskTimeoutMs ?? TASK_TIMEOUT_MS, interval: 5 };
  const batchSize = options.batchSize ?? 1000;
  const check = (task: Task, what: string) => {
    if (task.status !== "succeeded")
      throw new EngineTaskError(
        `${host.url}: ${what} ${task.status}: ${task.error?.message ?? "no reason given"}`,
      );
  };
  let tasks = 0;
  const enqueued = [];
  for (let start = 0; start < diff.upserts.length; start += batchSize) {
    enqueued.push(
      await index.addDocuments(diff.upserts.slice(start, start + batchSize), { primaryKey: "id" }),
    );
  }
  for (const task of enqueued) {
    check(await host.admin.tasks.waitForTask(task.taskUid, wait), "document update");
    tasks += 1;
  }
  // Every new version is live before anything is removed.
  options.progress?.stage?.(`${host.url}: ${diff.upserts.length} document(s) added or updated`);
  if (diff.deletions.length > 0) {
    check(await index.deleteDocuments(diff.deletions).waitTask(wait), "document deletion");
    tasks += 1;
    options.progress?.stage?.(`${host.url}: ${diff.deletions.length} document(s) deleted`);
  }
  return tasks;
}

/**
 * Publishes the difference to every host (each from its state in `states`); a failing host is
 * reported, not fatal to the others.
 */
export async function publishDifferences(
  hosts: EngineHost[],
  indexName: string,
  states: ReadonlyMap<string, HostState>,
  documents: readonly KbDocument[],
  settingsHash: string,
  options: { progress?: PublishProgress; known?: KnownStates } = {},
): Promise<HostOutcome[]> {
  return Promise.all(
    hosts.map(async (host): Promise<HostOutcome> => {
      const state = states.get(host.url);
      if (!state) throw new Error(`no known state for ${host.url}`);
      const diff = difference(state, documents);
      try {
        const tasks = await applyDifference(host, indexName, diff, options);
        options.known?.set(host.url, afterDifference(state, diff, documents, settingsHash));
        return {
          url: host.url,
          added: diff.added,
          updated: diff.updated,
          deleted: diff.deletions.length,
          tasks,
          error: null,
        };
      } catch (error) {
        // What this host holds is no longer known: the next publication reads it again.
        options.known?.delete(host.url);
        return {
          url: host.url,
          added: 0,
          updated: 0,
          deleted: 0,
          tasks: 0,
          error: error instanceof EngineTaskError ? error.message : describe(error),
        };
      }
    }),
  );
}
