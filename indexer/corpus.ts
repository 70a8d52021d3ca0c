/**
 * Reads the whole corpus folder, validates each file and then the corpus as a whole:
 * references resolve, ids are unique, every article of the primary instrument is present.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { CONTRACT_VERSION, type ArticlePlace } from "./contract.js";
import {
  extractFile,
  type AnalysisRecord,
  type ArticleRecord,
  type CountryRecord,
  type FileRecords,
  type FollowupRecord,
  type GuidanceNoteRecord,
  type InstrumentRecord,
  type MeetingRecord,
  type PageRecord,
  type RecommendationRecord,
  type SourceRecord,
  type SynonymGroup,
  type ThesaurusConcept,
} from "./extract.js";
import { CorpusReport } from "./report.js";

export interface CorpusFile {
  /** Path relative to the working directory, with `/` separators, as shown in messages. */
  path: string;
  text: string;
}

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
  thesaurus: ThesaurusConcept[];
  /** Hash of the contract version and every file's path and content. */
  fingerprint: string;
  fileCount: number;
}

export interface LoadResult {
  corpus: Corpus;
  report: CorpusReport;
}

/** Lists the corpus Markdown files in a stable order; README.md files are for authors only. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md") && e.name.toLowerCase() !== "readme.md")
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Reads every corpus file from disk. */
export async function readCorpusFiles(dir: string, cwd = process.cwd()): Promise<CorpusFile[]> {
  const paths = await listCorpusFiles(dir);
  return Promise.all(
    paths.map(async (path) => ({
      path: relative(cwd, path).split(sep).join("/"),
      text: await readFile(path, "utf8"),
    })),
  );
}

/** Hash of the corpus as published: changes when any file or the index contract changes. */
export function fingerprint(files: readonly CorpusFile[]): string {
  const hash = createHash("sha256").update(`contract:${CONTRACT_VERSION}\n`);
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${file.path}\n${file.text.length}\n${file.text}\n`);
  }
  return hash.digest("hex");
}

/** A store of per-file results keyed by content, so unchanged files are not parsed again. */
export interface ParseCache {
  get(key: string): FileRecords | undefined;
  set(key: string, records: FileRecords): void;
}

/** Bump when extraction changes what it produces from the same text. */
const EXTRACTOR_VERSION = 2;

/** The cache key of a file: extractor and contract version, path and content. */
export function cacheKey(file: CorpusFile): string {
  return createHash("sha256")
    .update(`${EXTRACTOR_VERSION}:${CONTRACT_VERSION}\n${file.path}\n${file.text}`)
    .digest("hex");
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
      if (cache && fileReport.ok) cache.set(key, records);
    }
    // Follow-up rows are numbered within their file; number them across the corpus here.
    const offset = sequence;
    parts.push({
      ...records,
      followups: records.followups.map((f) => ({ ...f, sequence: offset + f.sequence })),
    });
    sequence += records.followups.length;
    onFile?.(index + 1, files.length);
  });
  const corpus = assemble(parts, report);
  corpus.fingerprint = fingerprint(files);
  corpus.fileCount = files.length;
  return { corpus, report };
}

/** Reads and validates the corpus folder, reusing cached results for unchanged files. */
export async function loadCorpus(
  dir: string,
  onFile?: (done: number, total: number) => void,
  cacheDir?: string,
): Promise<LoadResult> {
  const files = await readCorpusFiles(dir);
  if (!cacheDir) return loadCorpusFromFiles(files, onFile);
  const cache = await openParseCache(cacheDir);
  const result = loadCorpusFromFiles(files, onFile, cache);
  await cache.save(new Set(files.map(cacheKey)));
  return result;
}

/**
 * A parse cache in a folder: one JSON file per file content. Entries not used by the current
 * corpus are removed when it is saved, so the folder never grows beyond one corpus.
 */
export async function openParseCache(
  dir: string,
): Promise<ParseCache & { save(keep: Set<string>): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const existing = new Set(
    (await readdir(dir)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)),
  );
  const loaded = new Map<string, FileRecords>();
  for (const key of existing) {
    try {
      loaded.set(key, JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as FileRecords);
    } catch {
      // A damaged entry is simply parsed again.
    }
  }
  const added = new Map<string, FileRecords>();
  return {
    get: (key) => loaded.get(key),
    set: (key, records) => void added.set(key, records),
    async save(keep) {
      await Promise.all(
        [...added].map(([key, records]) =>
          writeFile(join(dir, `${key}.json`), JSON.stringify(records)),
        ),
      );
      await Promise.all(
        [...existing]
          .filter((key) => !keep.has(key))
          .map((key) => rm(join(dir, `${key}.json`), { force: true })),
      );
    },
  };
}

function assemble(parts: FileRecords[], report: CorpusReport): Corpus {
  const all = <K extends keyof FileRecords>(key: K) =>
    parts.flatMap((p) => p[key] as unknown[]) as FileRecords[K];

  const sources = new Map<string, SourceRecord>();
  for (const source of all("sources")) {
    const first = sources.get(source.id);
    if (first) {
      report.error(
        source.origin.path,
        source.origin.point,
        `duplicate source id \`${source.id}\` (first defined at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    sources.set(source.id, source);
  }
  for (const use of all("sourceUses")) {
    if (!sources.has(use.id)) {
      report.error(
        use.origin.path,
        use.origin.point,
        `unknown source \`${use.id}\`: define it in a sources file`,
        "unknown-source",
      );
    }
  }

  const instruments = uniqueBy(all("instruments"), (i) => i.meta.id, "instrument id", report);
  const primaries = instruments.filter((i) => i.meta.primary);
  if (primaries.length > 1) {
    for (const extra of primaries.slice(1))
      report.error(
        extra.origin.path,
        extra.origin.point,
        "only one instrument may be `primary: true`",
        "instrument",
      );
  }
  for (const instrument of instruments) checkInstrument(instrument, report);
  const primary = primaries[0] ?? null;

  const countries = uniqueBy(all("countries"), (c) => c.meta.code, "country code", report);
  const articleTitles = new Map<number, ArticleRecord>(
    (primary?.articles ?? []).map((a) => [a.number, a]),
  );
  for (const country of countries)
    checkAnalyses(country.analyses, articleTitles, primary !== null, report);
  const codes = new Set([
    ...countries.map((c) => c.meta.code),
    ...parts.flatMap((p) => p.declared.countries),
  ]);
  for (const use of all("countryUses")) {
    if (!codes.has(use.code)) {
      report.error(
        use.origin.path,
        use.origin.point,
        `unknown country \`${use.code}\`: no country file defines it`,
        "unknown-country",
      );
    }
  }

  const recommendations = uniqueBy(
    all("recommendations"),
    (r) => r.id,
    "recommendation id",
    report,
  );
  const byId = new Map(recommendations.map((r) => [r.id, r]));
  const declaredRecommendations = new Set(parts.flatMap((p) => p.declared.recommendations));
  for (const entry of all("followups")) {
    const recommendation = byId.get(entry.row.recommendation);
    if (!recommendation && declaredRecommendations.has(entry.row.recommendation)) continue;
    if (!recommendation) {
      report.error(
        entry.origin.path,
        entry.origin.point,
        `unknown recommendation \`${entry.row.recommendation}\``,
        "unknown-recommendation",
      );
    } else if (!recommendation.block.countries.includes(entry.row.country)) {
      report.error(
        entry.origin.path,
        entry.origin.point,
        `recommendation \`${recommendation.id}\` is not addressed to ${entry.row.country} (it names ${recommendation.block.countries.join(", ")})`,
        "followup",
      );
    }
  }
  for (const rec of recommendations) {
    for (const article of rec.block.articles) {
      if (primary && !articleTitles.has(article)) {
        report.error(
          rec.origin.path,
          rec.origin.point,
          `article ${article} is not in ${primary.meta.short}`,
          "unknown-article",
        );
      }
    }
  }

  const meetings = uniqueBy(all("meetings"), (m) => m.row.id, "meeting id", report);
  const pages = uniqueBy(all("pages"), (p) => p.id, "page id", report);

  for (const instrument of instruments) {
    if (instrument.meta.explanatory_report) continue;
    for (const article of instrument.articles) {
      if (article.block.explanatory_report?.length)
        report.error(
          article.origin.path,
          article.origin.point,
          `article ${article.number} cites the Explanatory Report, but ${instrument.meta.id} names none: add \`explanatory_report: <source id>\` to its front matter`,
          "instrument",
        );
    }
  }

  const guidanceNotes = uniqueBy(
    all("guidanceNotes"),
    (g) => `${g.instrument}:${g.number}`,
    "guidance note",
    report,
  );
  for (const note of guidanceNotes) {
    const instrument = instruments.find((i) => i.meta.id === note.instrument);
    if (!instrument) {
      report.error(
        note.origin.path,
        note.origin.point,
        `unknown instrument \`${note.instrument}\``,
        "guidance",
      );
      continue;
    }
    const known = new Set(instrument.articles.map((a) => a.number));
    for (const article of note.block.articles)
      if (!known.has(article))
        report.error(
          note.origin.path,
          note.origin.point,
          `article ${article} is not in ${instrument.meta.short}`,
          "unknown-article",
        );
  }

  const thesaurus = uniqueBy(all("thesaurus"), (c) => c.block.id, "concept id", report);
  const termOwner = new Map<string, ThesaurusConcept>();
  for (const concept of thesaurus) {
    for (const [key, point] of Object.entries(concept.termPoints)) {
      const term = key.slice(key.indexOf(":") + 1).toLocaleLowerCase();
      const owner = termOwner.get(term);
      if (owner && owner !== concept) {
        report.error(
          concept.origin.path,
          point,
          `the term \`${term}\` is already in concept \`${owner.block.id}\` (${at(owner.origin)}); a term belongs to one concept`,
          "thesaurus",
        );
      } else termOwner.set(term, concept);
    }
    for (const article of concept.block.articles)
      if (primary && !articleTitles.has(article))
        report.error(
          concept.origin.path,
          concept.origin.point,
          `article ${article} is not in ${primary.meta.short}`,
          "unknown-article",
        );
  }

  return {
    sources,
    instruments,
    primary,
    countries: [...countries].sort((a, b) => a.meta.name.localeCompare(b.meta.name, "en")),
    recommendations,
    followups: all("followups"),
    meetings: [...meetings].sort((a, b) => a.row.start.localeCompare(b.row.start)),
    synonyms: all("synonyms"),
    pages,
    guidanceNotes: [...guidanceNotes].sort((a, b) => a.number - b.number),
    thesaurus,
    fingerprint: "",
    fileCount: 0,
  };
}

function at(origin: { path: string; point: { line: number; column: number } }): string {
  return `${origin.path}:${origin.point.line}:${origin.point.column}`;
}

function uniqueBy<T extends { origin: { path: string; point: { line: number; column: number } } }>(
  items: T[],
  key: (item: T) => string,
  what: string,
  report: CorpusReport,
): T[] {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first) {
      report.error(
        item.origin.path,
        item.origin.point,
        `duplicate ${what} \`${k}\` (first defined at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    seen.set(k, item);
  }
  return [...seen.values()];
}

/** Every article from 1 to article_count appears once, and once in the structure. */
function checkInstrument(instrument: InstrumentRecord, report: CorpusReport): void {
  const { meta, articles, origin } = instrument;
  const seen = new Map<number, ArticleRecord>();
  for (const article of articles) {
    if (article.number < 1 || article.number > meta.article_count) {
      report.error(
        article.origin.path,
        article.origin.point,
        `article ${article.number} is outside 1–${meta.article_count}`,
        "unknown-article",
      );
      continue;
    }
    const first = seen.get(article.number);
    if (first) {
      report.error(
        article.origin.path,
        article.origin.point,
        `duplicate article ${article.number} (first at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    seen.set(article.number, article);
    if (article.title === null && article.block.title_verified) {
      report.error(
        article.origin.path,
        article.origin.point,
        `article ${article.number} has no title: write it after a dash, or set title_verified: false`,
        "instrument",
      );
    }
  }
  const missing: number[] = [];
  for (let n = 1; n <= meta.article_count; n++) if (!seen.has(n)) missing.push(n);
  if (missing.length > 0) {
    report.error(
      origin.path,
      origin.point,
      `${meta.id}: missing article${missing.length > 1 ? "s" : ""} ${compactRanges(missing)}`,
      "instrument",
    );
  }
  const placed = new Map<number, number>();
  for (const n of structureArticles(meta.structure).keys()) placed.set(n, (placed.get(n) ?? 0) + 1);
  const unplaced: number[] = [];
  for (let n = 1; n <= meta.article_count; n++) if (!placed.has(n)) unplaced.push(n);
  if (unplaced.length > 0) {
    report.error(
      origin.path,
      origin.point,
      `${meta.id}: structure does not place article${unplaced.length > 1 ? "s" : ""} ${compactRanges(unplaced)}`,
      "instrument",
    );
  }
}

export type { ArticlePlace };

/** Maps each article number to its place in an instrument's structure. */
export function structureArticles(
  structure: InstrumentRecord["meta"]["structure"],
): Map<number, ArticlePlace> {
  const places = new Map<number, ArticlePlace>();
  const put = (range: string | number | undefined, place: ArticlePlace) => {
    for (const n of expandRange(range)) places.set(n, place);
  };
  for (const chapter of structure) {
    const base = {
      chapter: chapter.chapter,
      chapterHeading: chapter.heading,
      section: null,
      sectionHeading: null,
      title: null,
      titleHeading: null,
    };
    put(chapter.articles, base);
    for (const section of chapter.sections ?? []) {
      const inSection = { ...base, section: section.section, sectionHeading: section.heading };
      put(section.articles, inSection);
      for (const title of section.titles ?? []) {
        put(title.articles, { ...inSection, title: title.title, titleHeading: title.heading });
      }
    }
  }
  return places;
}

function expandRange(range: string | number | undefined): number[] {
  if (range === undefined) return [];
  if (typeof range === "number") return [range];
  const [from, to] = range.split("-").map((s) => Number(s.trim()));
  if (from === undefined) return [];
  const end = to ?? from;
  const out: number[] = [];
  for (let n = from; n <= end; n++) out.push(n);
  return out;
}

/** `1-3, 7, 9-10`. */
export function compactRanges(numbers: number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const n of [...sorted.slice(1), Number.NaN]) {
    if (start === undefined || prev === undefined) break;
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return parts.join(", ");
}

function checkAnalyses(
  analyses: AnalysisRecord[],
  articles: Map<number, ArticleRecord>,
  havePrimary: boolean,
  report: CorpusReport,
): void {
  const seen = new Map<number, AnalysisRecord>();
  for (const analysis of analyses) {
    const { path, point } = analysis.origin;
    if (analysis.article < 1 || analysis.article > 48) {
      report.error(path, point, `article ${analysis.article} is outside 1–48`, "unknown-article");
      continue;
    }
    const first = seen.get(analysis.article);
    if (first) {
      report.error(
        path,
        point,
        `duplicate section for article ${analysis.article} (first at ${at(first.origin)})`,
        "duplicate-id",
      );
      continue;
    }
    seen.set(analysis.article, analysis);
    const official = articles.get(analysis.article)?.title;
    if (
      havePrimary &&
      analysis.headingTitle !== null &&
      official &&
      normalise(analysis.headingTitle) !== normalise(official)
    ) {
      report.error(
        path,
        point,
        `heading title differs from the Convention's: \`${official}\``,
        "article-title",
      );
    }
  }
}

function normalise(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
