/**
 * The indexer's pipeline as functions: read → validate → build documents → publish. Used by the
 * `npm run index` command, by `npm start` at start, and by the watcher after every save.
 */
import { createHash } from "node:crypto";
import { indexSettings, MetaDataSchema, type KbDocument } from "./contract.js";
import {
  loadCorpus,
  loadCorpusFromFiles,
  type Corpus,
  type CorpusFile,
  type FileMemo,
  type ParseCache,
  type ParseCacheStore,
} from "./corpus/index.js";
import { buildDocuments, buildSynonyms, type DocumentMemo } from "./documents/index.js";
import type { EngineHost } from "../engine/connection.js";
import { apiErrorCode } from "../engine/errors.js";
import {
  publishDocuments,
  type PublicationOptions,
  type PublicationResult,
  type PublishProgress,
} from "./publish/index.js";
import type { CorpusMessage } from "./report.js";

export interface IndexRun {
  corpus: Corpus;
  messages: CorpusMessage[];
  documents: KbDocument[];
  settings: ReturnType<typeof indexSettings>;
  /** Hash of the settings: a change means the live index must be rebuilt, not updated. */
  settingsHash: string;
  parseMs: number;
}

/**
 * Reads and validates the corpus and builds its documents; no engine needed. `cache` is a parse
 * cache folder, or a store kept open by a long-running process.
 */
export async function prepare(
  corpusDir: string,
  onFile?: (done: number, total: number) => void,
  cache?: string | ParseCacheStore,
  memo?: PrepareMemo,
): Promise<IndexRun> {
  const started = performance.now();
  const { corpus, report } = await loadCorpus(corpusDir, onFile, cache, memo?.files, {
    saveCache: !memo?.saveCacheLater,
    ...(memo?.changed ? { changed: memo.changed } : {}),
  });
  const settings = indexSettings(report.ok ? buildSynonyms(corpus) : {});
  const settingsHash = createHash("sha256")
    .update(JSON.stringify(settings))
    .digest("base64url")
    .slice(0, 22);
  const documents = report.ok
    ? buildDocuments(corpus, undefined, settingsHash, memo?.documents)
    : [];
  return {
    corpus,
    messages: report.sorted(),
    documents,
    settings,
    settingsHash,
    parseMs: performance.now() - started,
  };
}

/** What a long-running process keeps from one `prepare` to the next. */
export interface PrepareMemo {
  files?: FileMemo;
  documents?: DocumentMemo;
  /**
   * The caller saves the parse cache store itself once it has published (writing the changed
   * files' entries is then off the path from a save to the index).
   */
  saveCacheLater?: boolean;
  /** The only files that may have changed since the last read (see `readCorpusFiles`). */
  changed?: ReadonlySet<string> | undefined;
}

/**
 * The same as `prepare`, for files already in memory (a corpus as it was at an earlier commit);
 * `cache` lets the files that did not change between two versions be parsed once, and `memo`
 * (a live publisher's, only read) the documents it holds for this version not be built again.
 */
export function prepareFiles(
  files: readonly CorpusFile[],
  cache?: ParseCache,
  memo?: DocumentMemo,
): IndexRun {
  const started = performance.now();
  const { corpus, report } = loadCorpusFromFiles(files, undefined, cache);
  const settings = indexSettings(buildSynonyms(corpus));
  const settingsHash = createHash("sha256")
    .update(JSON.stringify(settings))
    .digest("base64url")
    .slice(0, 22);
  // An old version may not pass today's checks: its documents are built from what does.
  const documents = corpus.primary
    ? buildDocuments(corpus, undefined, settingsHash, memo, "read")
    : [];
  return {
    corpus,
    messages: report.sorted(),
    documents,
    settings,
    settingsHash,
    parseMs: performance.now() - started,
  };
}

/** A parse cache in memory only, for a long-running reader of many versions. */
export function memoryParseCache(): ParseCache & { size(): number; clear(): void } {
  const entries = new Map<string, ReturnType<ParseCache["get"]>>();
  return {
    get: (key) => entries.get(key),
    set: (key, records) => void entries.set(key, records),
    size: () => entries.size,
    clear: () => entries.clear(),
  };
}

/** Publishes a prepared run to every host: in place when possible, else the atomic rebuild. */
export async function publishRun(
  hosts: EngineHost[],
  indexName: string,
  run: IndexRun,
  options: PublicationOptions & { progress?: PublishProgress } = {},
): Promise<PublicationResult> {
  return publishDocuments(hosts, indexName, run.documents, run.settings, run.settingsHash, options);
}

/** The fingerprint of the corpus published in the live index, or null if there is none. */
export async function liveFingerprint(host: EngineHost, indexName: string): Promise<string | null> {
  try {
    const meta = await host.admin.index<KbDocument>(indexName).getDocument("meta");
    const parsed = MetaDataSchema.safeParse(meta.data);
    return parsed.success ? parsed.data.fingerprint : null;
  } catch (error) {
    const code = apiErrorCode(error);
    if (code === "index_not_found" || code === "document_not_found") {
      return null;
    }
    throw error;
  }
}
