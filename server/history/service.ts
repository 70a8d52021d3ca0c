/**
 * What the pages ask of the history: a document's versions with what changed in each, when a
 * section last changed, the knowledge base as it stood on a day (as a reader the page code can
 * use unchanged), and the net changes between two days. Readers of old states are cached by
 * commit, so a point-in-time page costs one corpus build the first time and nothing after.
 */
import type { KbDocument, SharedCorpus } from "../../indexer/index.js";
import { InvalidQueryError } from "../errors.js";
import { calendarDate } from "../http/validators.js";
import { createCatalog, type CatalogSource } from "../search/catalog.js";
import { createMemoryReader } from "../search/memory-reader.js";
import { canRead, scopedReader, type AccessReader } from "../search/access.js";
import { compare, unchanged, type Change } from "./diff.js";
import type { Commit } from "./git.js";
import { createHistory, type HistoryState, type Timeline, type Version } from "./timeline.js";

export interface DatedChange {
  commit: Commit;
  doc: KbDocument | null;
  previous: KbDocument | null;
  change: Change;
}

export interface PointInTime {
  day: string;
  commit: Commit;
  reader: AccessReader;
  catalog: CatalogSource;
}

export interface HistoryService {
  /** Whether history can be read here, and why not. */
  state(): Promise<HistoryState>;
  /** A document's versions, newest first, with what changed; null when history is unavailable. */
  versions(id: string): Promise<DatedChange[] | null>;
  /** The date (YYYY-MM-DD) each document last changed in the record. */
  lastChanged(ids: readonly string[]): Promise<Map<string, string>>;
  /**
   * The date each page last changed, a page being what `pagesOf` names for a document: the last
   * version of any document the caller may read on it, a removal included.
   */
  lastChangedPages(pagesOf: (doc: KbDocument) => string[]): Promise<Map<string, string>>;
  /** The knowledge base at the end of `day`; a 400 for a day outside the record. */
  at(day: string, today: string): Promise<PointInTime>;
  /** Net changes between the end of `from` and the end of `to`, documents in reading order. */
  between(from: string, to: string): Promise<DatedChange[] | null>;
  /** Every version, newest first (for feeds). */
  recent(limit: number, keep: (version: Version) => boolean): Promise<DatedChange[] | null>;
}

const KEEP_STATES = 6;

/**
 * The history service of the corpus in `corpusDir`; `shared` lends it the live publisher's parse
 * cache and published documents, so that it holds only what differs from today.
 */
export function createHistoryService(
  corpusDir: string,
  shared?: () => SharedCorpus | null,
): HistoryService {
  const history = createHistory(corpusDir, process.cwd(), shared);
  const states = new Map<string, Promise<PointInTime>>();

  const timeline = async (): Promise<Timeline | null> => {
    const state = await history.state();
    return state.ok ? state.timeline : null;
  };

  const dated = (v: Version): DatedChange => ({ ...v, change: compare(v.previous, v.doc) });

  const readerAt = (t: Timeline, commit: Commit, day: string): Promise<PointInTime> => {
    const key = `${t.head}:${commit.hash}`;
    let cached = states.get(key);
    if (!cached) {
      cached = t.documentsAt(commit.hash).then((documents) => {
        const reader = scopedReader(createMemoryReader(documents));
        // The catalog of an old state never changes: cache it for good.
        return { day, commit, reader, catalog: createCatalog(reader, Number.POSITIVE_INFINITY) };
      });
      states.set(key, cached);
      while (states.size > KEEP_STATES) states.delete(states.keys().next().value as string);
      cached.catch(() => states.delete(key));
    }
    return cached.then((p) => ({ ...p, day }));
  };

  return {
    state: () => history.state(),

    async versions(id) {
      const t = await timeline();
      if (!t) return null;
      return [...(t.versions.get(id) ?? [])]
        .reverse()
        .filter((v) => canRead((v.doc ?? v.previous)!))
        .map(dated);
    },

    async lastChanged(ids) {
      const t = await timeline();
      const out = new Map<string, string>();
      if (!t) return out;
      for (const id of ids) {
        const last = t.versions.get(id)?.at(-1);
        if (last) out.set(id, last.commit.date.slice(0, 10));
      }
      return out;
    },

    async lastChangedPages(pagesOf) {
      const t = await timeline();
      const out = new Map<string, string>();
      if (!t) return out;
      for (const v of t.all) {
        const doc = (v.doc ?? v.previous)!;
        if (!canRead(doc)) continue;
        const day = v.commit.date.slice(0, 10);
        for (const page of pagesOf(doc)) if ((out.get(page) ?? "") < day) out.set(page, day);
      }
      return out;
    },

    async at(rawDay, today) {
      const day = calendarDate(rawDay, "at");
      const state = await history.state();
      if (!state.ok)
        throw new InvalidQueryError(
          `\`at\`: the knowledge base's history is not available here (${state.message})`,
          { field: "at", value: day },
        );
      const t = state.timeline;
      if (day > today)
        throw new InvalidQueryError(`\`at\`: ${day} is in the future`, { field: "at", value: day });
      const commit = t.commitAt(day);
      const first = t.commits[0]?.date.slice(0, 10) ?? "";
      if (!commit)
        throw new InvalidQueryError(
          `\`at\`: ${day} is before the first version of the knowledge base (${first})`,
          { field: "at", value: day },
        );
      return readerAt(t, commit, day);
    },

    async between(from, to) {
      const t = await timeline();
      if (!t) return null;
      const start = t.commitAt(from);
      const end = t.commitAt(to);
      if (!end) return [];
      const [before, after] = await Promise.all([
        start ? t.documentsAt(start.hash) : Promise.resolve([] as KbDocument[]),
        t.documentsAt(end.hash),
      ]);
      const old = new Map(before.filter((d) => d.kind !== "meta").map((d) => [d.id, d]));
      const now = new Map(after.filter((d) => d.kind !== "meta").map((d) => [d.id, d]));
      const out: DatedChange[] = [];
      const lastVersion = (id: string) =>
        (t.versions.get(id) ?? [])
          .filter((v) => Date.parse(v.commit.date) <= Date.parse(end.date))
          .at(-1);
      for (const [id, doc] of now) {
        if (!canRead(doc)) continue;
        const previous = old.get(id) ?? null;
        const change = compare(previous, doc);
        if (unchanged(change)) continue;
        out.push({ commit: lastVersion(id)?.commit ?? end, doc, previous, change });
      }
      for (const [id, previous] of old) {
        if (now.has(id) || !canRead(previous)) continue;
        out.push({
          commit: lastVersion(id)?.commit ?? end,
          doc: null,
          previous,
          change: compare(previous, null),
        });
      }
      return out.sort((a, b) => (a.doc ?? a.previous)!.order - (b.doc ?? b.previous)!.order);
    },

    async recent(limit, keep) {
      const t = await timeline();
      if (!t) return null;
      const out: DatedChange[] = [];
      for (let i = t.all.length - 1; i >= 0 && out.length < limit; i--) {
        const v = t.all[i]!;
        if (canRead((v.doc ?? v.previous)!) && keep(v)) out.push(dated(v));
      }
      return out;
    },
  };
}
