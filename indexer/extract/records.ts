/** What extraction produces: one record type per kind of thing a corpus file holds. */
import type {
  Access,
  ActivityBlock,
  AnalysisBlock,
  ArticleBlock,
  CountryFile,
  FileType,
  FollowupRow,
  GuidanceNoteBlock,
  InstrumentFile,
  MeetingRow,
  RecommendationBlock,
  Source,
  ThesaurusBlock,
  WorkplanFile,
} from "../corpus-schema.js";
import type { Point } from "../yaml-block.js";

/** Where a record came from, for messages and for authors. */
export interface Origin {
  path: string;
  point: Point;
}

/** A reference to a source id, kept with its position so a dangling one can be reported. */
export interface SourceUse {
  id: string;
  origin: Origin;
}

export interface SourceRecord extends Source {
  origin: Origin;
}

export interface ArticleRecord {
  instrument: string;
  number: number;
  /** The title from the heading; null when the heading gives none. */
  title: string | null;
  block: ArticleBlock;
  html: string;
  text: string;
  origin: Origin;
}

export interface InstrumentRecord {
  meta: InstrumentFile;
  introHtml: string;
  introText: string;
  articles: ArticleRecord[];
  origin: Origin;
}

export interface AnalysisRecord {
  country: string;
  article: number;
  headingTitle: string | null;
  block: AnalysisBlock;
  analysisHtml: string;
  gapsHtml: string;
  analysisText: string;
  gapsText: string;
  origin: Origin;
}

export interface CountryRecord {
  meta: CountryFile;
  introHtml: string;
  introText: string;
  analyses: AnalysisRecord[];
  origin: Origin;
}

export interface RecommendationRecord {
  id: string;
  title: string;
  report: string;
  numbering: "report" | "own";
  block: RecommendationBlock;
  html: string;
  text: string;
  /** Who may read it (from its block or its file); absent: everyone. */
  access?: Access | undefined;
  origin: Origin;
  /** Where each of `block.articles` is written, for messages about it. */
  articlePoints: Point[];
}

export interface FollowupRecord {
  row: FollowupRow;
  eventHtml: string;
  /** Who may read it (from its block or its file); absent: everyone. */
  access?: Access | undefined;
  origin: Origin;
  /** Position in reading order across files (set when the corpus is assembled), used to break ties between entries of one day. */
  sequence: number;
}

export interface MeetingRecord {
  row: MeetingRow;
  origin: Origin;
}

export interface SynonymGroup {
  terms: string[];
  origin: Origin;
}

export interface PageRecord {
  id: string;
  title: string;
  asOf: string;
  sources: string[];
  html: string;
  text: string;
  /** Who may read it (from its block or its file); absent: everyone. */
  access?: Access | undefined;
  origin: Origin;
}

export interface GuidanceNoteRecord {
  /** The instrument the note interprets. */
  instrument: string;
  body: string;
  number: number;
  title: string;
  block: GuidanceNoteBlock;
  html: string;
  text: string;
  origin: Origin;
  /** Where each of `block.articles` is written, for messages about it. */
  articlePoints: Point[];
}

/** A file of Guidance Notes as a whole: who issues them and the introduction authors wrote. */
export interface GuidanceCollectionRecord {
  instrument: string;
  body: string;
  note: string | null;
  sources: string[];
  introHtml: string;
  introText: string;
  origin: Origin;
}

export interface ThesaurusConcept {
  label: string;
  block: ThesaurusBlock;
  html: string;
  text: string;
  origin: Origin;
  /** Where each of `block.articles` is written, for messages about it. */
  articlePoints: Point[];
  /** Position of each term, for duplicate reports: `lang:term` → point. */
  termPoints: Record<string, Point>;
}

export interface ActivityRecord {
  /** The stable id: the number, or the block's `id` where the workplan prints a number twice. */
  id: string;
  /** The number as the workplan prints it. */
  number: string;
  title: string;
  result: number;
  block: ActivityBlock;
  html: string;
  text: string;
  origin: Origin;
  /** Where each reference in the block is written, for messages about it. */
  points: {
    see: Point[];
    recommendations: Point[];
    articles: Point[];
    meeting: Point | null;
  };
}

export interface ResultRecord {
  number: number;
  title: string;
  html: string;
  text: string;
  sources: string[];
  activities: ActivityRecord[];
  origin: Origin;
}

export interface WorkplanRecord {
  meta: WorkplanFile;
  introHtml: string;
  results: ResultRecord[];
  origin: Origin;
  /** Where each indicator's recommendations are written, for messages about them. */
  indicatorPoints: Point[][];
}

/** Everything one file contributed. */
export interface FileRecords {
  type: FileType | null;
  sources: SourceRecord[];
  instruments: InstrumentRecord[];
  countries: CountryRecord[];
  recommendations: RecommendationRecord[];
  followups: FollowupRecord[];
  meetings: MeetingRecord[];
  synonyms: SynonymGroup[];
  pages: PageRecord[];
  guidanceNotes: GuidanceNoteRecord[];
  guidanceCollections: GuidanceCollectionRecord[];
  thesaurus: ThesaurusConcept[];
  workplans: WorkplanRecord[];
  sourceUses: SourceUse[];
  /** Country codes referenced, with positions, checked against the country files. */
  countryUses: { code: string; origin: Origin }[];
  /**
   * Ids a file declares even when its record failed validation, so that one broken record
   * does not also produce an "unknown" error at every reference to it.
   */
  declared: { countries: string[]; recommendations: string[] };
}

/** A file that contributed nothing (yet). */
export function emptyRecords(type: FileType | null): FileRecords {
  return {
    type,
    sources: [],
    instruments: [],
    countries: [],
    recommendations: [],
    followups: [],
    meetings: [],
    synonyms: [],
    pages: [],
    guidanceNotes: [],
    guidanceCollections: [],
    thesaurus: [],
    workplans: [],
    sourceUses: [],
    countryUses: [],
    declared: { countries: [], recommendations: [] },
  };
}
