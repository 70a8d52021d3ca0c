/**
 * Publication: incremental by default (only the documents whose content changed, then the
 * deletions), and the atomic full rebuild with swap when the live index cannot be updated in
 * place — no index yet, other settings (synonyms, ranking, filterable attributes), or another
 * version of the document contract — or when asked for (`npm run index -- --full`).
 */
import { CONTRACT_VERSION, type KbDocument } from "../contract.js";
import type { EngineHost } from "../../engine/connection.js";
import { describe } from "../../engine/connection.js";
import { EngineTaskError } from "../../engine/errors.js";
import { publish, type PublishProgress } from "./full.js";
import {
  canUpdateInPlace,
  difference,
  publishDifferences,
  readHostState,
  type HostOutcome,
  type HostState,
  type KnownStates,
} from "./incremental.js";

export { publish, removeLeftoverBuilds, type PublishProgress } from "./full.js";
export {
  alignedDifference,
  difference,
  readHostState,
  type HostOutcome,
  type HostState,
  type KnownStates,
} from "./incremental.js";

export interface PublicationOptions {
  /** `full` forces the atomic rebuild; `auto` (default) updates in place when it can. */
  mode?: "auto" | "full";
  progress?: PublishProgress;
  /** The file naming a full rebuild's build index while it is under way (see full.ts). */
  journal?: string;
  /** The hosts' last known state, kept by a long-running publisher. */
  known?: KnownStates;
}

export interface PublicationResult {
  mode: "full" | "incremental" | "unchanged";
  /** Why a full rebuild was made, when it was. */
  reason: string | null;
  documents: number;
  added: number;
  updated: number;
  deleted: number;
  tasks: number;
  hosts: HostOutcome[];
  /** Hosts that could not be brought in line (the next publication tries again). */
  failed: HostOutcome[];
}

/** Publishes `documents` to every host, in place when possible. */
export async function publishDocuments(
  hosts: EngineHost[],
  indexName: string,
  documents: KbDocument[],
  settings: Record<string, unknown>,
  settingsHash: string,
  options: PublicationOptions = {},
): Promise<PublicationResult> {
  // A corpus that failed its check builds no documents: that must never empty the live index.
  if (documents.length === 0)
    throw new EngineTaskError("refusing to publish a corpus with no documents");
  let reason: string | null = options.mode === "full" ? "a full rebuild was asked for" : null;
  const states = new Map<string, HostState>();
  const unreachable: HostOutcome[] = [];
  if (reason === null) {
    await Promise.all(
      hosts.map(async (host) => {
        try {
          const state = options.known?.get(host.url) ?? (await readHostState(host, indexName));
          if (!canUpdateInPlace(state, settingsHash)) {
            reason ??=
              state === null || state.hashes.size === 0
                ? "no live index yet"
                : state.contractVersion !== CONTRACT_VERSION
                  ? "the document contract changed"
                  : "the index settings changed";
          } else if (state) states.set(host.url, state);
        } catch (error) {
          options.known?.delete(host.url);
          unreachable.push({
            url: host.url,
            added: 0,
            updated: 0,
            deleted: 0,
            tasks: 0,
            error: describe(error),
          });
        }
      }),
    );
  }

  if (reason !== null) {
    const result = await publish(hosts, {
      indexName,
      documents,
      settings,
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
    });
    for (const host of hosts)
      options.known?.set(host.url, {
        hashes: new Map(documents.map((d) => [d.id, d.hash])),
        settingsHash,
        contractVersion: CONTRACT_VERSION,
      });
    const outcomes = hosts.map((h) => ({
      url: h.url,
      added: documents.length,
      updated: 0,
      deleted: 0,
      tasks: result.tasks,
      error: null,
    }));
    return {
      mode: "full",
      reason,
      documents: documents.length,
      added: documents.length,
      updated: 0,
      deleted: 0,
      tasks: result.tasks,
      hosts: outcomes,
      failed: [],
    };
  }

  const reachable = hosts.filter((h) => states.has(h.url));
  const unchanged = reachable.every((h) => {
    const diff = difference(states.get(h.url)!, documents);
    return diff.upserts.length === 0 && diff.deletions.length === 0;
  });
  const outcomes = unchanged
    ? reachable.map((h) => ({
        url: h.url,
        added: 0,
        updated: 0,
        deleted: 0,
        tasks: 0,
        error: null,
      }))
    : await publishDifferences(reachable, indexName, states, documents, settingsHash, {
        ...(options.progress ? { progress: options.progress } : {}),
        ...(options.known ? { known: options.known } : {}),
      });
  const all = [...outcomes, ...unreachable];
  const ok = outcomes.filter((o) => o.error === null);
  const first = ok[0];
  return {
    mode: unchanged && unreachable.length === 0 ? "unchanged" : "incremental",
    reason: null,
    documents: documents.length,
    added: first?.added ?? 0,
    updated: first?.updated ?? 0,
    deleted: first?.deleted ?? 0,
    tasks: outcomes.reduce((sum, o) => sum + o.tasks, 0),
    hosts: all,
    failed: all.filter((o) => o.error !== null),
  };
}

/** One line saying what a publication did, for people. */
export function formatPublication(result: PublicationResult): string {
  if (result.mode === "full")
    return `rebuilt the index with ${result.documents} documents (${result.reason})`;
  if (result.mode === "unchanged") return `nothing to publish: the index already holds the corpus`;
  return `published the changes: ${result.added} added, ${result.updated} updated, ${result.deleted} deleted (${result.documents} documents)`;
}
