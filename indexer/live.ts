/**
 * The live corpus: watches the corpus folder and, a moment after a save, checks the corpus again
 * (parsing only the files that changed) and publishes only the documents that changed. A corpus
 * with problems publishes nothing: the live index keeps the last good version, and each problem
 * is logged once as `path:line:column message [rule]`. A burst of changes (a `git checkout`)
 * becomes one or two publications, never one per file.
 *
 * The check starts at the first change event, while the editor may still be writing; what it
 * found is published (or reported) only once the corpus folder has been quiet for the debounce
 * time and the changed files are still as the check read them — otherwise it checks again. The
 * quiet time thus overlaps the check instead of coming before it.
 */
import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import type { EngineHost } from "../engine/connection.js";
import type { KbDocument } from "./contract.js";
import {
  cacheKey,
  isCorpusFileName,
  openParseCache,
  type FileMemo,
  type ParseCache,
  type ParseCacheStore,
} from "./corpus/index.js";
import { createDocumentMemo, type DocumentMemo } from "./documents/index.js";
import {
  alignedDifference,
  difference,
  formatPublication,
  type KnownStates,
  type PublicationResult,
} from "./publish/index.js";
import { formatMessage, type CorpusMessage } from "./report.js";
import { memoryParseCache, prepare, publishRun, type IndexRun } from "./run.js";

/** The part of a logger the live publisher uses (pino's shape). */
export interface LiveLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What `/api/corpus/status` shows: the last publication, what is going on, what is wrong. */
export interface CorpusStatus {
  watching: boolean;
  publishing: boolean;
  lastPublication: {
    /** The published corpus's fingerprint (its first 12 characters): the same corpus, the same id. */
    id: string;
    at: string;
    mode: PublicationResult["mode"];
    documents: number;
    added: number;
    updated: number;
    deleted: number;
    /** Hosts that could not be brought in line; the next publication tries again. */
    failedHosts: string[];
  } | null;
  /** Documents in the live index after the last publication. */
  documents: number | null;
  /** The corpus's current problems; empty when it is clean. */
  problems: CorpusMessage[];
  /** When the corpus was last read and checked. */
  checkedAt: string | null;
  /** Why the last attempt to publish failed (engine unreachable…), or null. */
  error: string | null;
}

export interface LivePublisher {
  /** Checks and publishes the corpus as it is now (also what a save triggers). */
  publishNow(): Promise<void>;
  /** Starts watching the corpus folder. */
  start(): Promise<void>;
  /** Resolves once no check or publication is running or waiting. */
  settled(): Promise<void>;
  status(): CorpusStatus;
  /**
   * What other readers of the corpus (the history) can share instead of holding copies: the
   * parse cache (records by file content) and the documents of the last publication by id.
   */
  shared(): SharedCorpus;
  stop(): Promise<void>;
}

/** A document a publication changed: its version before (none: added) and now (none: deleted). */
export interface DocumentChange {
  before: KbDocument | undefined;
  now: KbDocument | undefined;
}

/**
 * Brings `published` (documents by id) in line with `documents`, in place, and says what changed
 * (same id, another hash; added; deleted). `previous`, the documents it was last brought in line
 * with, lets it look only where the objects differ (see alignedDifference); at 249 countries a new
 * map took 3–5 ms, and going through every document about as long, just when the saved text
 * becomes searchable.
 */
export function updatePublished(
  published: Map<string, KbDocument>,
  documents: readonly KbDocument[],
  previous: readonly KbDocument[] = [],
): DocumentChange[] {
  const changes: DocumentChange[] = [];
  if (previous.length === published.size && alignedDifference(previous, documents)) {
    for (let i = 0; i < documents.length; i++) {
      const now = documents[i]!;
      const before = previous[i]!;
      if (now === before) continue;
      if (now.hash !== before.hash) changes.push({ before, now });
      published.set(now.id, now);
    }
    return changes;
  }
  let kept = 0;
  for (const doc of documents) {
    const before = published.get(doc.id);
    if (before === doc) {
      kept += 1;
      continue;
    }
    if (before === undefined) changes.push({ before, now: doc });
    else {
      kept += 1;
      if (before.hash !== doc.hash) changes.push({ before, now: doc });
    }
    published.set(doc.id, doc);
  }
  // Ids are unique: when every published id is among the documents, none was deleted.
  if (kept < published.size - (documents.length - kept)) {
    const ids = new Set(documents.map((doc) => doc.id));
    for (const [id, before] of published)
      if (!ids.has(id)) {
        changes.push({ before, now: undefined });
        published.delete(id);
      }
  }
  return changes;
}

/** See `LivePublisher.shared`. */
export interface SharedCorpus {
  parseCache: ParseCache | null;
  published: ReadonlyMap<string, KbDocument>;
  /** The publisher's documents kept between builds (see DocumentMemo). */
  documentMemo?: DocumentMemo;
  /**
   * The publisher's own string for a text equal to that of a corpus file it read from disk (else
   * the text given): a reader of the same file from git (the history, the editing service) then
   * holds the one copy instead of its own — at 249 countries each copy of the texts is 38 MB.
   */
  sameText?: (text: string) => string;
}

/**
 * For another reader of the corpus (at a commit, or with a proposal applied): a parse cache that
 * takes what the live publisher has parsed and keeps only the rest — until `clear()`, called once
 * a reading is done — `interned`, which gives back, for each document the same (same hash) as
 * the published one, that object instead of a copy, and `memo`, the publisher's documents kept
 * between builds, so that a version whose country files are today's builds none of their
 * documents again; `sameText`, the publisher's string for a file text equal to one on disk.
 */
export function sharing(shared: () => SharedCorpus | null) {
  const own = memoryParseCache();
  const parseCache: ParseCache & { clear(): void } = {
    get: (key) => shared()?.parseCache?.get(key) ?? own.get(key),
    set: (key, records) => {
      if (!shared()?.parseCache?.get(key)) own.set(key, records);
    },
    clear: () => own.clear(),
  };
  const interned = (documents: KbDocument[]): KbDocument[] => {
    const published = shared()?.published;
    if (!published) return documents;
    return documents.map((doc) => {
      const live = published.get(doc.id);
      return live && live.hash === doc.hash ? live : doc;
    });
  };
  const memo = () => shared()?.documentMemo;
  const sameText = (text: string) => shared()?.sameText?.(text) ?? text;
  return { parseCache, interned, memo, sameText };
}

export interface LiveOptions {
  hosts: EngineHost[];
  indexName: string;
  corpusDir: string;
  /** Parse cache folder (kept in memory between runs as well). */
  cacheDir: string;
  /** See publish/full.ts: names a full rebuild's build index while it runs. */
  journal?: string;
  log: LiveLog;
  /**
   * Quiet time after the last change before a check is published or reported (editors save in
   * several steps). A step the watcher drops (it passes one change of a file per 50 ms) is caught
   * by the look at the changed files' times and sizes before publishing and after every check.
   */
  debounceMs?: number;
  /**
   * Called after every publication that changed the index (e.g. to refresh cached pages), with
   * the documents it changed (see `updatePublished`) and all it published, by id.
   */
  onPublished?: (
    result: PublicationResult,
    documents: { changes: readonly DocumentChange[]; now: ReadonlyMap<string, KbDocument> },
  ) => void;
}

/** How long after the last publication the parse cache is written (see `saveCacheSoon`). */
const CACHE_SAVE_DELAY_MS = 1_000;

/** How long the watcher drops further change events of a file after passing one (chokidar). */
const WATCHER_WINDOW_MS = 60;

/**
 * The quiet time for a check that read a changed file empty: Node's `writeFile` and editors that
 * save in place empty the file first and write it in a later step, which a busy machine may hold
 * up for longer than the debounce. An emptied file is reported only after this long.
 */
const EMPTY_FILE_QUIET_MS = 250;

/** Files editors and tools write beside the real ones, which never hold corpus content. */
function ignored(path: string): boolean {
  const name = basename(path);
  return (
    (name.startsWith(".") && name !== ".") ||
    name.endsWith("~") ||
    /\.(swp|swx|tmp|bak)$/i.test(name) ||
    name === "node_modules"
  );
}

/** Creates the live publisher; nothing runs until `publishNow()` or `start()`. */
export function createLivePublisher(options: LiveOptions): LivePublisher {
  const { hosts, indexName, log } = options;
  // Absolute, so that the watcher's paths and the listing's are spelled alike.
  const corpusDir = resolve(options.corpusDir);
  const debounceMs = options.debounceMs ?? 10;
  const known: KnownStates = new Map();
  const memo = {
    documents: createDocumentMemo(),
    files: new Map() as FileMemo,
    saveCacheLater: true,
    changed: undefined as Set<string> | undefined,
  };
  let cache: ParseCacheStore | null = null;
  const published = new Map<string, KbDocument>();
  /** The documents `published` was last brought in line with, in their order. */
  let publishedInOrder: readonly KbDocument[] = [];
  let watcher: FSWatcher | null = null;
  let retry: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let dirty = false;
  let stopped = false;
  let reported = new Set<string>();
  const state: CorpusStatus = {
    watching: false,
    publishing: false,
    lastPublication: null,
    documents: null,
    problems: [],
    checkedAt: null,
    error: null,
  };

  /** Files with a change event since the last look, and when the last event came. */
  const touched = new Set<string>();
  let lastEventAt = -Infinity;
  /**
   * Files changed since the last check that read them all as they are now — or null when a file
   * or folder was added or removed (or a caller asked), and the whole folder must be listed.
   */
  let changed: Set<string> | null = null;

  /** The time, size and presence of a file on disk (at once: see readCorpusFiles). */
  const look = (path: string): string => {
    const info = statSync(path, { bigint: true, throwIfNoEntry: false });
    return info?.isFile() ? `${info.mtimeNs}:${info.size}` : "absent";
  };

  /** The time and size a file had when the last check read it (as `look` gives them). */
  const whenRead = (path: string): string | undefined => {
    const read = memo.files.get(path);
    return read && `${read.mtimeNs}:${read.size}`;
  };

  /**
   * Whether a check read `path` as it is now: a file the check read is compared with the time and
   * size it had when read; any other with how it was when the check began (`before`).
   */
  const asRead = (path: string, before: string): boolean =>
    look(path) === (whenRead(path) ?? before);

  const once = async (): Promise<void> => {
    cache ??= await openParseCache(options.cacheDir);
    const startedAt = performance.now();
    const paths = [...touched];
    const before = paths.map(look);
    memo.changed = changed ?? undefined;
    const run = await prepare(corpusDir, undefined, cache, memo);
    // What each host lacks is worked out now, while the quiet time runs (see `difference`).
    if (run.documents.length > 0)
      for (const state of known.values()) difference(state, run.documents);
    // Nothing is published or reported before the folder has been quiet for the debounce time,
    // and what was read is still what is on disk; else the check is done again. Quiet also means
    // no write to the changed files for that long, by their times as read: the watcher drops a
    // file's events for a moment after passing one, so a write may have come with no event.
    const lastWrite = Math.max(
      ...paths.map((path) => Number((memo.files.get(path)?.mtimeNs ?? 0n) / 1_000_000n)),
    );
    // A changed file read empty is given a longer quiet time (see EMPTY_FILE_QUIET_MS).
    const emptied =
      EMPTY_FILE_QUIET_MS > debounceMs && paths.some((path) => memo.files.get(path)?.size === 0n);
    const quietMs = emptied ? EMPTY_FILE_QUIET_MS : debounceMs;
    // File times are on the wall clock, which may be set back: never later than the window.
    const writesQuietAt =
      performance.now() + Math.min(lastWrite + debounceMs - Date.now(), WATCHER_WINDOW_MS);
    const quietIn = () => Math.max(lastEventAt + quietMs, writesQuietAt) - performance.now();
    for (let wait = quietIn(); wait > 0; wait = quietIn()) {
      // An emptied file is looked at every few milliseconds: its writer's next step (which may
      // bring no event of its own) ends the wait, and the check is done again at once.
      if (emptied && !paths.every((path, i) => asRead(path, before[i]!))) break;
      await new Promise((resolve) => setTimeout(resolve, emptied ? Math.min(wait, 5) : wait));
    }
    if (lastEventAt >= startedAt || !paths.every((path, i) => asRead(path, before[i]!))) {
      dirty = true;
      return;
    }
    changed = new Set();
    try {
      await publish(run);
    } finally {
      saveCacheSoon();
    }
  };

  /**
   * The parse cache's new entries are written once the index has what they hold, a moment after
   * the last publication (not while the saved text is on its way to the searches), and on stop.
   */
  let cacheSave: NodeJS.Timeout | null = null;
  const saveCache = async () => {
    if (!cache) return;
    const keep = new Set([...memo.files.values()].map((entry) => cacheKey(entry.file)));
    await cache
      .save(keep)
      .catch((error: unknown) =>
        log.warn(
          { reason: error instanceof Error ? error.message : String(error) },
          "the parse cache could not be saved; changed files will be parsed again after a restart",
        ),
      );
  };
  const saveCacheSoon = () => {
    if (cacheSave) clearTimeout(cacheSave);
    cacheSave = setTimeout(() => {
      cacheSave = null;
      if (running) saveCacheSoon();
      else void saveCache();
    }, CACHE_SAVE_DELAY_MS);
    cacheSave.unref();
  };

  const publish = async (run: IndexRun): Promise<void> => {
    state.checkedAt = new Date().toISOString();
    state.problems = run.messages;
    if (run.messages.length > 0) {
      const now = new Set(run.messages.map(formatMessage));
      for (const line of now)
        if (!reported.has(line)) log.warn({ problem: line }, "corpus problem");
      if (now.size > 0 && [...now].some((l) => !reported.has(l)))
        log.warn(
          { problems: now.size },
          "the corpus has problems; the live index keeps its last good version",
        );
      reported = now;
      return;
    }
    if (reported.size > 0) log.info({}, "the corpus problems are fixed");
    reported = new Set();
    state.publishing = true;
    try {
      const result = await publishRun(hosts, indexName, run, {
        known,
        ...(options.journal ? { journal: options.journal } : {}),
      });
      state.error =
        result.failed.length > 0
          ? result.failed.map((f) => `${f.url}: ${f.error ?? "failed"}`).join("; ")
          : null;
      if (result.mode !== "unchanged" || state.lastPublication === null) {
        state.lastPublication = {
          id: run.corpus.fingerprint.slice(0, 12),
          at: new Date().toISOString(),
          mode: result.mode,
          documents: result.documents,
          added: result.added,
          updated: result.updated,
          deleted: result.deleted,
          failedHosts: result.failed.map((f) => f.url),
        };
      }
      state.documents = result.documents;
      let changes: DocumentChange[] = [];
      if (result.failed.length < hosts.length) {
        changes = updatePublished(published, run.documents, publishedInOrder);
        publishedInOrder = run.documents;
      }
      if (result.mode !== "unchanged") {
        log.info({ mode: result.mode, id: state.lastPublication.id }, formatPublication(result));
        options.onPublished?.(result, { changes, now: published });
      }
      for (const failed of result.failed)
        log.error(
          { host: failed.url, reason: failed.error },
          "a search host was not brought in line",
        );
      if (result.failed.length > 0) scheduleRetry();
    } finally {
      state.publishing = false;
    }
  };

  /** After a failure (an engine down), try again a little later even without a new save. */
  const scheduleRetry = () => {
    if (retry || stopped) return;
    retry = setTimeout(() => {
      retry = null;
      void trigger();
    }, 2_000);
    retry.unref();
  };

  const trigger = (): Promise<void> => {
    if (running) {
      dirty = true;
      return running;
    }
    running = (async () => {
      do {
        dirty = false;
        try {
          await once();
        } catch (error) {
          state.error =
            error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
          log.error({ reason: state.error }, "publication failed; the live index is unchanged");
          // The retry reads the changed files again; looking at them sooner would only fail again.
          touched.clear();
          scheduleRetry();
        }
      } while (dirty && !stopped);
    })().finally(() => {
      running = null;
      lookAgain();
    });
    return running;
  };

  let recheck: NodeJS.Timeout | null = null;

  /**
   * The watcher passes one change event per file in 50 ms and drops the others: a save in two
   * steps 30 ms apart may show only its first. Once that window has passed, the files that had
   * events are compared with what the last check read (time and size); a difference checks again.
   */
  const lookAgain = () => {
    if (recheck || stopped || touched.size === 0) return;
    recheck = setTimeout(
      () => {
        recheck = null;
        if (running) return; // a check is going on, and looks again after it
        const differ = [...touched].filter((path) => {
          const now = look(path);
          if (now === "absent") return whenRead(path) !== undefined;
          return isCorpusFileName(basename(path)) && now !== whenRead(path);
        });
        touched.clear();
        if (differ.length === 0) return;
        // They stay touched: the check they start must also find them, once the folder is
        // quiet, as it read them (a writer may still be at work, its events dropped).
        for (const path of differ) {
          touched.add(path);
          changed?.add(path);
        }
        void trigger();
      },
      Math.max(0, lastEventAt + WATCHER_WINDOW_MS - performance.now()),
    );
    recheck.unref();
  };

  const schedule = (event: string, path: string) => {
    if (stopped) return;
    touched.add(path);
    if (event === "change") changed?.add(path);
    else changed = null;
    lastEventAt = performance.now();
    void trigger();
  };

  return {
    publishNow: () => {
      changed = null; // the caller may know of changes the watcher has not reported yet
      return trigger();
    },
    async start() {
      if (watcher) return;
      watcher = watch(corpusDir, { ignoreInitial: true, ignored, persistent: true });
      watcher.on("all", schedule);
      watcher.on("error", (error) =>
        log.error(
          { reason: error instanceof Error ? error.message : String(error) },
          "watching the corpus failed",
        ),
      );
      await new Promise<void>((resolve) => watcher?.once("ready", () => resolve()));
      state.watching = true;
    },
    async settled() {
      // A change may arrive while a run finishes: wait until nothing is pending at all.
      for (;;) {
        if (running) await running;
        else if (recheck) await new Promise((r) => setTimeout(r, WATCHER_WINDOW_MS + 10));
        else return;
      }
    },
    status: () => structuredClone(state),
    shared: () => ({
      parseCache: cache,
      published,
      documentMemo: memo.documents,
      sameText: (text) => {
        // A few hundred files: a look at each length is cheaper than keeping a map up to date.
        for (const { file } of memo.files.values())
          if (file.text.length === text.length && file.text === text) return file.text;
        return text;
      },
    }),
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (recheck) clearTimeout(recheck);
      await watcher?.close();
      watcher = null;
      state.watching = false;
      await running;
      if (cacheSave) {
        clearTimeout(cacheSave);
        cacheSave = null;
        await saveCache();
      }
    },
  };
}
