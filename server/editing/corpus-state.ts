/**
 * The corpus as it stands at a commit, read from git (never from the work tree, which may hold
 * saves not yet committed): its files, the same check `npm run check` runs, and its documents.
 * Kept for the last few commits; files that did not change between two commits are parsed once.
 */
import {
  formatMessage,
  memoryParseCache,
  prepareFiles,
  type CorpusFile,
  type IndexRun,
  type KbDocument,
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
}

const KEEP = 4;

/** Reads corpus states by commit, with a small cache. */
export function corpusStates(repo: EditRepo) {
  const parseCache = memoryParseCache();
  const cached = new Map<string, Promise<CorpusState>>();

  const build = async (commit: string): Promise<CorpusState> => {
    const tree = await corpusTree({ root: repo.root, prefix: repo.prefix }, commit);
    const blobs = await readBlobs(repo.root, [...new Set(tree.values())]);
    const files = new Map([...tree].map(([path, id]) => [path, blobs.get(id) ?? ""]));
    const run = check(files);
    return {
      commit,
      files,
      run,
      documents: new Map(run.documents.map((d) => [d.id, d])),
      problems: new Set(run.messages.map(formatMessage)),
    };
  };

  /** The check of `files` (repository path → text), as `npm run check` runs it. */
  const check = (files: ReadonlyMap<string, string>): IndexRun => {
    const list: CorpusFile[] = [...files]
      .map(([path, text]) => ({ path, text }))
      .sort((a, b) => a.path.localeCompare(b.path));
    return prepareFiles(list, parseCache);
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
