/**
 * The corpus as it stands at a commit, read from git (never from the work tree, which may hold
 * saves not yet committed): its files, the same check `npm run check` runs, and its documents.
 * Kept for the last few commits; files that did not change between two commits are parsed once.
 */
import { join } from "node:path";
import {
  formatMessage,
  prepareFiles,
  sharing,
  shownPath,
  type CorpusFile,
  type IndexRun,
  type KbDocument,
  type SharedCorpus,
} from "../../indexer/index.js";
import { corpusTree, readBlobs } from "../history/git.js";
import type { EditRepo } from "./git.js";

export interface CorpusState {
  commit: string;
  /** Repository path → text, for every corpus file. */
  files: Map<string, string>;
  run: IndexRun;
  documents: Map<string, KbDocument>;
  /** The problems the corpus already has at this commit (not the proposal's doing). */
  problems: Set<string>;
  /** The repository path of a path in `run` (records and documents name files as the indexer does). */
  repoPath(path: string): string;
}

const KEEP = 4;

/**
 * Reads corpus states by commit, with a small cache. Files are checked under the paths the
 * indexer gives the work tree's files, so that `shared` (the live publisher's parse cache and
 * published documents) serves every file that is the same as on disk: a state holds only what
 * differs from the published corpus. Messages are given back with repository paths.
 */
export function corpusStates(
  repo: EditRepo,
  shared: () => SharedCorpus | null = () => null,
  cwd = process.cwd(),
) {
  const { parseCache, interned, memo, sameText } = sharing(shared);
  const toIndexer = (path: string) => shownPath(join(repo.root, path), cwd);
  const toRepo = new Map<string, string>();
  const repoPath = (path: string) => toRepo.get(path) ?? path;
  const cached = new Map<string, Promise<CorpusState>>();

  const build = async (commit: string): Promise<CorpusState> => {
    const tree = await corpusTree({ root: repo.root, prefix: repo.prefix }, commit);
    const blobs = await readBlobs(repo.root, [...new Set(tree.values())], sameText);
    const files = new Map([...tree].map(([path, id]) => [path, blobs.get(id) ?? ""]));
    const run = check(files);
    return {
      commit,
      files,
      run,
      documents: new Map(run.documents.map((d) => [d.id, d])),
      problems: new Set(run.messages.map(formatMessage)),
      repoPath,
    };
  };

  /** The check of `files` (repository path → text), as `npm run check` runs it. */
  const check = (files: ReadonlyMap<string, string>): IndexRun => {
    const list: CorpusFile[] = [...files]
      .map(([path, text]) => {
        const as = toIndexer(path);
        toRepo.set(as, path);
        return { path: as, text };
      })
      .sort((a, b) => a.path.localeCompare(b.path));
    const run = prepareFiles(list, parseCache, memo());
    parseCache.clear();
    return {
      ...run,
      messages: run.messages.map((m) => ({ ...m, path: repoPath(m.path) })),
      documents: interned(run.documents),
    };
  };

  return {
    at(commit: string): Promise<CorpusState> {
      let state = cached.get(commit);
      if (!state) {
        state = build(commit);
        cached.set(commit, state);
        state.catch(() => cached.delete(commit));
        while (cached.size > KEEP) cached.delete(cached.keys().next().value as string);
      }
      return state;
    },
    /** The check of `state` with `changed` files replaced. */
    withChanges(state: CorpusState, changed: ReadonlyMap<string, string>): IndexRun {
      const files = new Map(state.files);
      for (const [path, text] of changed) files.set(path, text);
      return check(files);
    },
  };
}
export type CorpusStates = ReturnType<typeof corpusStates>;

/** The `type` and, for a country file, the `code` its front matter declares. */
export function declared(text: string): {
  type: string | null;
  code: string | null;
  access: boolean;
} {
  const head = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
  return {
    type: /^type:\s*["']?([a-z-]+)["']?\s*$/m.exec(head)?.[1] ?? null,
    code: /^code:\s*["']?([A-Z]{2})["']?\s*$/m.exec(head)?.[1] ?? null,
    access: /^access:/m.test(head),
  };
}
