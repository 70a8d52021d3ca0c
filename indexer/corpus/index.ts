/**
 * Reads the whole corpus folder, validates each file (reusing the parse cache) and then the
 * corpus as a whole.
 */
import type {
  CountryRecord,
  FileRecords,
  FollowupRecord,
  GuidanceCollectionRecord,
  GuidanceNoteRecord,
  InstrumentRecord,
  MeetingRecord,
  PageRecord,
  RecommendationRecord,
  SourceRecord,
  SynonymGroup,
  ThesaurusConcept,
  WorkplanRecord,
} from "../extract/index.js";
import { extractFile } from "../extract/index.js";
import { CorpusReport } from "../report.js";
import { assemble } from "./assemble.js";
import {
  cacheKey,
  openParseCache,
  sharePaths,
  type ParseCache,
  type ParseCacheStore,
} from "./cache.js";
import { fingerprint, readCorpusFiles, type CorpusFile, type FileMemo } from "./files.js";
import { checkRules } from "./rules.js";

export {
  cacheKey,
  openParseCache,
  type ParseCache,
  type ParseCacheStore,
} from "./cache.js";
export {
  fingerprint,
  isCorpusFileName,
  listCorpusFiles,
  readCorpusFiles,
  shownPath,
  type CorpusFile,
  type FileMemo,
} from "./files.js";
export { compactRanges, structureArticles, type ArticlePlace } from "./structure.js";

/** The validated corpus, ready to become documents. */
export interface Corpus {
  sources: Map<string, SourceRecord>;
  instruments: InstrumentRecord[];
  /** The instrument whose article numbers analyses refer to (the Budapest Convention). */
  primary: InstrumentRecord | null;
  countries: CountryRecord[];
  recommendations: RecommendationRecord[];
  followups: FollowupRecord[];
  meetings: MeetingRecord[];
  synonyms: SynonymGroup[];
  pages: PageRecord[];
  guidanceNotes: GuidanceNoteRecord[];
  /** Each Guidance Notes file's issuing body and introduction. */
  guidanceCollections: GuidanceCollectionRecord[];
  thesaurus: ThesaurusConcept[];
  /** The project's summary and workplan, if the corpus has one. */
  workplan: WorkplanRecord | null;
  /** Hash of the contract version and every file's path and content. */
  fingerprint: string;
  fileCount: number;
}

export interface LoadResult {
  corpus: Corpus;
  report: CorpusReport;
}

const numberedRows = new WeakMap<FollowupRecord[], { offset: number; rows: FollowupRecord[] }>();

/**
 * A file's follow-up rows numbered from `offset`: the same objects as last time while the file
 * and its place did not change (documents built from them are then kept, see DocumentMemo).
 */
function numbered(rows: FollowupRecord[], offset: number): FollowupRecord[] {
  const kept = numberedRows.get(rows);
  if (kept?.offset === offset) return kept.rows;
  const fresh = rows.map((f) => ({ ...f, sequence: offset + f.sequence }));
  numberedRows.set(rows, { offset, rows: fresh });
  return fresh;
}

/** Validates files already in memory (tests use this with fixtures). */
export function loadCorpusFromFiles(
  files: readonly CorpusFile[],
  onFile?: (done: number, total: number) => void,
  cache?: ParseCache,
): LoadResult {
  const report = new CorpusReport();
  const parts: FileRecords[] = [];
  let sequence = 0;
  files.forEach((file, index) => {
    const key = cache ? cacheKey(file) : "";
    let records = cache?.get(key);
    if (!records) {
      const fileReport = new CorpusReport();
      records = extractFile(file.path, file.text, fileReport);
      report.messages.push(...fileReport.messages);
      // Only clean files are cached: a file with problems is read again until it is fixed.
      if (cache && fileReport.ok) {
        // A long-running publisher keeps cached records in memory. The parser's strings are
        // slices of the file's text, two bytes a character as soon as the file holds one
        // character beyond Latin-1; a JSON copy (what the cache on disk holds anyway) has flat
        // strings, one byte a character where the text allows: a third of the memory. Its origins
        // then name the file with the file's own string again.
        records = sharePaths(
          JSON.parse(JSON.stringify(records)) as FileRecords,
          new Map([[file.path, file.path]]),
        );
        cache.set(key, records);
      }
    }
    // Follow-up rows are numbered within their file; number them across the corpus here.
    parts.push({ ...records, followups: numbered(records.followups, sequence) });
    sequence += records.followups.length;
    onFile?.(index + 1, files.length);
  });
  const corpus = assemble(parts, report);
  checkRules(
    files.map((file, i) => ({ ...file, type: parts[i]?.type ?? null })),
    { sources: corpus.sources, followups: corpus.followups },
    report,
  );
  corpus.fingerprint = fingerprint(files);
  corpus.fileCount = files.length;
  return { corpus, report };
}

/** Reads and validates the corpus folder, reusing cached results for unchanged files. */
export async function loadCorpus(
  dir: string,
  onFile?: (done: number, total: number) => void,
  cacheStore?: string | ParseCacheStore,
  memo?: FileMemo,
  options: {
    /** False when the caller saves the cache store itself, later (the live publisher). */
    saveCache?: boolean;
    /** See `readCorpusFiles`. */
    changed?: ReadonlySet<string>;
  } = {},
): Promise<LoadResult> {
  const files = await readCorpusFiles(dir, process.cwd(), memo, options.changed);
  if (!cacheStore) return loadCorpusFromFiles(files, onFile);
  const cache =
    typeof cacheStore === "string" ? await openParseCache(cacheStore) : cacheStore;
  const result = loadCorpusFromFiles(files, onFile, cache);
  if (options.saveCache !== false) await cache.save(new Set(files.map(cacheKey)));
  return result;
}

