/**
 * The knowledge base through time, rebuilt from the corpus's git history: the corpus at every
 * commit that changed it, turned into the same documents the indexer publishes, and for each
 * document the versions in which what a reader sees changed. Built once per head commit and
 * cached; when new commits arrive only they are read. Parsing reuses a content-addressed cache,
 * so a file that did not change between two commits is parsed once.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  prepareFiles,
  sharing,
  shownPath,
  type CorpusFile,
  type KbDocument,
  type SharedCorpus,
} from "../../indexer/index.js";
import { ownContent } from "./diff.js";
import { corpusCommits, corpusTree, openRepository, readBlobs, type Commit } from "./git.js";

/** One version of a document: the commit that made it, and the document then (null: removed). */
export interface Version {
  commit: Commit;
  doc: KbDocument | null;
  /** The document just before this commit (null: it did not exist). */
  previous: KbDocument | null;
}

export interface Timeline {
  head: string;
  commits: Commit[];
  /** Document id → its versions, oldest first. */
  versions: Map<string, Version[]>;
  /** Every version, oldest first (for changes between two dates and feeds). */
  all: Version[];
  /** The documents as they stood at a commit. */
  documentsAt(commit: string): Promise<KbDocument[]>;
  /** The last commit made on or before the end of `day` (YYYY-MM-DD, UTC), or null. */
  commitAt(day: string): Commit | null;
}

export type HistoryState = { ok: true; timeline: Timeline } | { ok: false; message: string };

/** A short fingerprint of what a reader sees, to tell whether a commit changed a document. */
function fingerprint(doc: KbDocument): string {
  return createHash("sha256").update(ownContent(doc)).digest("base64");
}

/** Keeps the history of `corpusDir`, read lazily and refreshed when the head commit moves. */
export function createHistory(
  corpusDir: string,
  cwd = process.cwd(),
  shared: () => SharedCorpus | null = () => null,
) {
  /**
   * Records of file versions that are not on disk any more are kept while the history is being
   * read (those that are come from the publisher's cache), and dropped after each reading: a
   * point-in-time request parses again only the few files that differ from today's. A document
   * as an old commit made it is very often the one published today: the history then holds
   * today's object instead of a copy.
   */
  const { parseCache, interned, memo, sameText } = sharing(shared);
  const blobs = new Map<string, string>();
  /**
   * Per commit, read after its predecessor: document id → [fingerprint of what a reader sees, the
   * document if this commit changed it, else null]. Only changed documents are kept, so memory
   * grows with the changes, not with commits × documents.
   */
  const snapshots = new Map<string, Map<string, [string, KbDocument | null]>>();
  const trees = new Map<string, Map<string, string>>();
  let current: { head: string; state: Promise<HistoryState> } | null = null;
  let checked = 0;

  const filesAt = async (root: string, commit: string): Promise<CorpusFile[]> => {
    const tree = trees.get(commit);
    if (!tree) throw new Error(`commit ${commit} was not read`);
    return [...tree]
      .map(([path, id]) => ({
        // The same paths the indexer shows for the files on disk.
        path: shownPath(join(root, path), cwd),
        text: blobs.get(id) ?? "",
      }))
      .sort((a, b) => a.path.localeCompare(b.path));
  };

  const build = async (corpusDirNow: string): Promise<HistoryState> => {
    const repo = await openRepository(corpusDirNow);
    if (!repo.ok) return { ok: false, message: repo.message };
    const commits = await corpusCommits(repo, repo.head);
    if (commits.length === 0)
      return { ok: false, message: "No commit has changed the corpus folder yet." };
    const unread = commits.filter((c) => !trees.has(c.hash));
    for (const commit of unread) trees.set(commit.hash, await corpusTree(repo, commit.hash));
    const missing = [...new Set(unread.flatMap((c) => [...trees.get(c.hash)!.values()]))].filter(
      (id) => !blobs.has(id),
    );
    for (const [id, text] of await readBlobs(repo.root, missing, sameText)) blobs.set(id, text);

    const versions = new Map<string, Version[]>();
    const all: Version[] = [];
    const add = (id: string, version: Version) => {
      (versions.get(id) ?? versions.set(id, []).get(id)!).push(version);
      all.push(version);
    };
    /** Each document as its latest version left it: what a reader saw before the next commit. */
    const latest = new Map<string, KbDocument>();
    let before = new Map<string, [string, KbDocument | null]>();
    let predecessor = "";
    for (const commit of commits) {
      const cacheKey = `${predecessor}:${commit.hash}`;
      let now = snapshots.get(cacheKey);
      if (!now) {
        const run = prepareFiles(await filesAt(repo.root, commit.hash), parseCache, memo());
        const made = new Map<string, [string, KbDocument | null]>();
        for (const doc of interned(run.documents)) {
          if (doc.kind === "meta") continue;
          const key = fingerprint(doc);
          made.set(doc.id, [key, before.get(doc.id)?.[0] === key ? null : doc]);
        }
        snapshots.set(cacheKey, made);
        now = made;
      }
      for (const [id, [key, doc]] of now) {
        if (before.get(id)?.[0] === key || doc === null) continue;
        add(id, { commit, doc, previous: latest.get(id) ?? null });
        latest.set(id, doc);
      }
      for (const id of before.keys()) {
        if (now.has(id)) continue;
        add(id, { commit, doc: null, previous: latest.get(id) ?? null });
        latest.delete(id);
      }
      before = now;
      predecessor = commit.hash;
    }
    parseCache.clear();
    const byDate = [...commits].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    return {
      ok: true,
      timeline: {
        head: repo.head,
        commits,
        versions,
        all,
        async documentsAt(hash) {
          const commit = commits.find((c) => c.hash === hash);
          if (!commit) throw new Error(`unknown commit ${hash}`);
          const run = prepareFiles(await filesAt(repo.root, hash), parseCache, memo());
          parseCache.clear();
          return interned(run.documents);
        },
        commitAt(day) {
          const end = Date.parse(`${day}T23:59:59.999Z`);
          return byDate.filter((c) => Date.parse(c.date) <= end).at(-1) ?? null;
        },
      },
    };
  };

  return {
    /** The history as of the current head commit (re-checked at most once a second). */
    async state(): Promise<HistoryState> {
      const nowMs = Date.now();
      if (current && nowMs - checked < 1_000) return current.state;
      checked = nowMs;
      const repo = await openRepository(corpusDir);
      const head = repo.ok ? repo.head : `unavailable:${repo.reason}`;
      if (current?.head !== head) {
        const state = repo.ok
          ? build(corpusDir)
          : Promise.resolve<HistoryState>({ ok: false, message: repo.message });
        current = { head, state };
        // A failure is not cached: the next request tries again.
        state.catch(() => {
          if (current?.state === state) current = null;
        });
      }
      return current.state;
    },
  };
}
export type History = ReturnType<typeof createHistory>;
