/**
 * The index contract: the one place that defines what a search document looks like, how the
 * index is named and configured. The indexer writes documents of this shape; the server reads
 * them. Change this file and both sides change together.
 */
import { z } from "zod";

/** Bump when the document shape or settings change, so `npm start` reindexes. */
export const CONTRACT_VERSION = 10;

/** Default name of the live index; tests and replicas may use another through config. */
export const DEFAULT_INDEX_NAME = "kb";

/** Assessment of how far a country's law implements a Convention article. */
export const ASSESSMENT_STATUSES = [
  "implemented",
  "partial",
  "not-implemented",
  "not-applicable",
  "unknown",
] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Where a country stands on one recommendation, per dated follow-up entry. */
export const FOLLOWUP_STATUSES = [
  "not-started",
  "in-progress",
  "draft-prepared",
  "adopted",
  "implemented",
  "rejected",
] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

/**
 * Kinds of search document. `meta` holds the corpus fingerprint and reference data (meetings);
 * it is never returned by a search.
 */
export const DOCUMENT_KINDS = [
  "article",
  "analysis",
  "profile",
  "recommendation",
  "followup",
  "protocol-article",
  "guidance-note",
  "page",
  "activity",
  "meta",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * Relevance tier per kind, lower first: the Convention's own text; then everything written about it
 * for the countries (analyses, recommendations, profiles, follow-up, pages, the workplan); then the
 * Parties' Guidance Notes, whose short gists repeat a concept's words in their titles and would
 * otherwise tie with, and push down, the six analyses (the article page shows them anyway); then
 * the Second Additional Protocol, which no country in scope has ratified. The search sorts by it
 * after words, typos and proximity (unless the query names the Protocol), so a tier only breaks ties.
 */
export const KIND_RANK: Record<DocumentKind, number> = {
  article: 0,
  analysis: 1,
  recommendation: 1,
  profile: 1,
  followup: 1,
  page: 1,
  activity: 1,
  "guidance-note": 2,
  "protocol-article": 3,
  meta: 9,
};

/** Kinds a user can search and filter on. */
export const SEARCHABLE_KINDS = DOCUMENT_KINDS.filter((kind) => kind !== "meta");

/** A source as shown beside every statement. */
export const SourceRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  publisher: z.string(),
  url: z.string(),
  seen: z.string(),
  official: z.boolean(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** Attributes that can be filtered on, and so faceted. */
export const FILTERABLE_ATTRIBUTES = [
  "kind",
  "access",
  "countries",
  "articles",
  "articleRefs",
  "chapter",
  "status",
  "followup",
  "source",
  "year",
  "recommendations",
  "date",
] as const;

/** Index settings, applied to every fresh index before documents are added. */
export function indexSettings(synonyms: Record<string, string[]>) {
  return {
    // Titles and cited provisions weigh more than prose.
    searchableAttributes: [
      "keywords",
      "title",
      "provisions",
      "articleRefs",
      "countryName",
      "summary",
      "text",
    ],
    filterableAttributes: [
      ...FILTERABLE_ATTRIBUTES.filter((a) => a !== "year" && a !== "articles"),
      {
        attributePatterns: ["year", "articles"],
        features: { facetSearch: false, filter: { equality: true, comparison: true } },
      },
    ],
    sortableAttributes: ["order", "date", "year", "rank"],
    displayedAttributes: ["*"],
    // "sort" right after words and typos: a relevance search sorts by `rank` there, so the
    // Convention article that has the words of a concept comes before the analyses of it.
    rankingRules: ["words", "typo", "sort", "proximity", "attribute", "exactness", "rank:asc"],
    synonyms,
    typoTolerance: {
      enabled: true,
      // Numbers are article and provision references: a typo there is a different article.
      disableOnNumbers: true,
      disableOnAttributes: ["articleRefs", "provisions"],
    },
    faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { "*": "count" as const } },
    pagination: { maxTotalHits: 5000 },
    separatorTokens: [],
    nonSeparatorTokens: [],
    // "24/7" (the network of points of contact) is one word: split, it would also match the
    // "24(7)" of Article 24's declarations, and Extradition would rank among the 24/7 sections.
    dictionary: ["24/7"],
  };
}
export type IndexSettings = ReturnType<typeof indexSettings>;

// ---- kind-specific `data`, parsed by the server before it relies on it ----------------------

const OptionSchema = z.object({ ref: z.string(), text: z.string() });
const PlaceSchema = z.object({
  chapter: z.string(),
  chapterHeading: z.string(),
  section: z.number().nullable(),
  sectionHeading: z.string().nullable(),
  title: z.number().nullable(),
  titleHeading: z.string().nullable(),
});

/** Where an article sits in its instrument: chapter, section and title, with their headings. */
export type ArticlePlace = z.infer<typeof PlaceSchema>;

export const ArticleDataSchema = z.object({
  instrument: z.string(),
  number: z.number(),
  articleTitle: z.string().nullable(),
  titleVerified: z.boolean(),
  place: PlaceSchema.nullable(),
  elements: z.array(OptionSchema),
  declarations: z.array(OptionSchema),
  reservations: z.array(OptionSchema),
  notifications: z.array(OptionSchema),
  /** What the instrument's Explanatory Report says of the article, by paragraph, in our words. */
  explanatoryReport: z.array(z.object({ paragraphs: z.string(), text: z.string() })),
  /** The Report itself (the instrument's `explanatory_report` source), or null. */
  explanatoryReportSource: SourceRefSchema.nullable(),
});
export type ArticleData = z.infer<typeof ArticleDataSchema>;

export const GuidanceNoteDataSchema = z.object({
  /** The instrument the Note interprets. */
  instrument: z.string(),
  /** The body that adopted it, e.g. the T-CY. */
  body: z.string(),
  number: z.number().int(),
  noteTitle: z.string(),
  adopted: z.string(),
  /** The body's document reference, e.g. T-CY(2015)16, when seen. */
  document: z.string().nullable(),
  /** The articles the Note concerns, in its instrument's numbering (`articles` holds only the primary's). */
  concerns: z.array(z.number().int()),
  /** The Note's fragment id on the Guidance Notes page. */
  anchor: z.string(),
});
export type GuidanceNoteData = z.infer<typeof GuidanceNoteDataSchema>;

const TreatySchema = z.object({
  signed: z.string(),
  ratified: z.string(),
  in_force: z.string(),
  note: z.string().optional(),
  sources: z.array(SourceRefSchema),
});
const AuthorityDataSchema = z.object({
  authority: z.string(),
  role: z.string(),
  sources: z.array(SourceRefSchema),
});

export const ProfileDataSchema = z.object({
  code: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  party: z.boolean(),
  asOf: z.string(),
  portal: z.object({ name: z.string(), url: z.string() }),
  budapest: TreatySchema,
  protocol2: TreatySchema,
  declarations: z.array(
    z.object({
      ref: z.string(),
      kind: z.enum(["declaration", "reservation", "notification"]),
      text: z.string(),
      sources: z.array(SourceRefSchema),
    }),
  ),
  centralAuthorities: z.array(AuthorityDataSchema),
  contactPoints: z.array(AuthorityDataSchema),
  laws: z.array(
    z.object({
      title: z.string(),
      number: z.string(),
      date: z.string(),
      url: z.string().optional(),
      note: z.string().optional(),
      sources: z.array(SourceRefSchema),
    }),
  ),
  analysedArticles: z.array(z.number()),
});
export type ProfileData = z.infer<typeof ProfileDataSchema>;

export const AnalysisDataSchema = z.object({
  article: z.number(),
  articleTitle: z.string().nullable(),
  party: z.boolean(),
  gapsHtml: z.string(),
  missing: z.string().nullable(),
});
export type AnalysisData = z.infer<typeof AnalysisDataSchema>;

export const RecommendationDataSchema = z.object({
  id: z.string(),
  recTitle: z.string(),
  report: z.string(),
  numbering: z.enum(["report", "own"]),
  topics: z.array(z.string()),
  target: z.string().nullable(),
});
export type RecommendationData = z.infer<typeof RecommendationDataSchema>;

export const FollowupDataSchema = z.object({
  recommendation: z.string(),
  recTitle: z.string().nullable(),
  sequence: z.number(),
});
export type FollowupData = z.infer<typeof FollowupDataSchema>;

export const PageDataSchema = z.object({ asOf: z.string() });
export type PageData = z.infer<typeof PageDataSchema>;

const MeetingDataSchema = z.object({
  id: z.string(),
  name: z.string(),
  place: z.string(),
  start: z.string(),
  end: z.string(),
  /** True for a meeting only the project's workplan names, with planned dates no source confirms. */
  planned: z.boolean(),
  /** The workplan activity the meeting is, if any. */
  activity: z.string().nullable(),
  sources: z.array(SourceRefSchema),
});

/**
 * Where an activity of a project's workplan stands: `planned` when only the workplan names it,
 * `held` when another public source confirms it took place (or, for a document, was delivered),
 * `cancelled` or `moved` when a source says so.
 */
export const ACTIVITY_STATUSES = ["planned", "held", "cancelled", "moved"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/**
 * What an activity is: a meeting of the project's working groups, an in-country workshop or
 * training, taking part in someone else's event, a piece of work delivered (a template, an
 * analysis, a working group set up), or a line that groups other activities.
 */
export const ACTIVITY_FORMS = [
  "meeting",
  "workshop",
  "participation",
  "output",
  "programme",
] as const;
export type ActivityForm = (typeof ACTIVITY_FORMS)[number];

/** The request drafts an activity leads to (the `type` of /requests/new). */
export const REQUEST_TYPES = ["preservation", "stored-data"] as const;

const PeriodSchema = z.object({
  /** YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source. */
  start: z.string(),
  end: z.string().nullable(),
  /** The dates in words, e.g. "14–16 December 2015"; empty when a source gives none. */
  label: z.string(),
  place: z.string().nullable(),
  note: z.string().nullable(),
});
export type Period = z.infer<typeof PeriodSchema>;

export const ActivityDataSchema = z.object({
  id: z.string(),
  /** The number as the workplan prints it (two activities may share one). */
  number: z.string(),
  activityTitle: z.string(),
  workplan: z.string(),
  result: z.number(),
  resultTitle: z.string(),
  form: z.enum(ACTIVITY_FORMS),
  status: z.enum(ACTIVITY_STATUSES),
  planned: z.array(PeriodSchema),
  /** What another source says happened, with those sources; null while only planned. */
  evidence: PeriodSchema.extend({ sources: z.array(SourceRefSchema) }).nullable(),
  meeting: MeetingDataSchema.omit({ sources: true }).nullable(),
  parent: z.string().nullable(),
  children: z.array(z.string()),
  /** Activities whose dates or content the workplan refers to for this one. */
  see: z.array(z.string()),
  requests: z.array(z.enum(REQUEST_TYPES)),
  /** Whether the country analyses of this knowledge base are what the activity produces. */
  analyses: z.boolean(),
});
export type ActivityData = z.infer<typeof ActivityDataSchema>;

export const INDICATOR_MEASURES = ["request-counts", "followup"] as const;

const IndicatorDataSchema = z.object({
  id: z.string(),
  text: z.string(),
  /** The project month the target falls in, counted from the project's start (month 1). */
  month: z.number(),
  /** That month (YYYY-MM) and its last day: "by month 24" means by the end of that month. */
  targetMonth: z.string(),
  targetDate: z.string(),
  measure: z.enum(INDICATOR_MEASURES),
  /** For `followup`: the recommendations and statuses whose dated entries count as evidence. */
  recommendations: z.array(z.string()),
  statuses: z.array(z.enum(FOLLOWUP_STATUSES)),
  /** For `request-counts`: figures a source gives, per country and period. */
  figures: z.array(
    z.object({
      country: z.string(),
      period: z.string(),
      sent: z.number().nullable(),
      received: z.number().nullable(),
      note: z.string().nullable(),
      sources: z.array(SourceRefSchema),
    }),
  ),
  sources: z.array(SourceRefSchema),
});
export type IndicatorData = z.infer<typeof IndicatorDataSchema>;

/** A project's workplan: its frame, results (with their activities' ids) and outcome indicators. */
export const WorkplanDataSchema = z.object({
  id: z.string(),
  title: z.string(),
  number: z.string(),
  start: z.string(),
  end: z.string(),
  months: z.number(),
  countries: z.array(z.string()),
  implementation: z.string(),
  funding: z.string().nullable(),
  objective: z.string(),
  introHtml: z.string(),
  note: z.string().nullable(),
  sources: z.array(SourceRefSchema),
  results: z.array(
    z.object({
      number: z.number(),
      title: z.string(),
      html: z.string(),
      activities: z.array(z.string()),
      sources: z.array(SourceRefSchema),
    }),
  ),
  indicators: z.array(IndicatorDataSchema),
});
export type WorkplanData = z.infer<typeof WorkplanDataSchema>;

const InstrumentDataSchema = z.object({
  id: z.string(),
  short: z.string(),
  title: z.string(),
  treaty: z.string(),
  primary: z.boolean(),
  opened: z.string().nullable(),
  adopted: z.string().nullable(),
  inForce: z.string().nullable(),
  note: z.string().nullable(),
  articleCount: z.number(),
  structure: z.array(z.unknown()),
  introHtml: z.string(),
  sources: z.array(SourceRefSchema),
});
export type InstrumentData = z.infer<typeof InstrumentDataSchema>;

const GuidanceCollectionDataSchema = z.object({
  instrument: z.string(),
  body: z.string(),
  note: z.string().nullable(),
  introHtml: z.string(),
  sources: z.array(SourceRefSchema),
});
export type GuidanceCollectionData = z.infer<typeof GuidanceCollectionDataSchema>;

/**
 * A concept of the multilingual thesaurus: its English terms and the terms in the users' other
 * languages, by ISO 639-1 code. The search recognises the non-English terms in a query.
 */
export const ThesaurusConceptDataSchema = z.object({
  id: z.string(),
  label: z.string(),
  articles: z.array(z.number().int()),
  terms: z.record(z.string(), z.array(z.string())),
});
export type ThesaurusConceptData = z.infer<typeof ThesaurusConceptDataSchema>;

/** The `meta` document: the corpus fingerprint and reference data every page needs. */
export const MetaDataSchema = z.object({
  fingerprint: z.string(),
  contractVersion: z.number(),
  /** Hash of the index settings the documents were published with (synonyms included). */
  settingsHash: z.string(),
  builtAt: z.string(),
  meetings: z.array(MeetingDataSchema),
  instruments: z.array(InstrumentDataSchema),
  /** Each Guidance Notes file's body and introduction (the notes are their own documents). */
  guidanceCollections: z.array(GuidanceCollectionDataSchema),
  /** The project workplan the corpus holds, if any. */
  workplan: WorkplanDataSchema.nullable(),
  /** The multilingual thesaurus (corpus/thesaurus.md): what the query parser recognises. */
  thesaurus: z.array(ThesaurusConceptDataSchema),
  /** The synonym groups (corpus/synonyms.md), for the search box's suggestions. */
  synonyms: z.array(z.array(z.string())).default([]),
});
export type MetaData = z.infer<typeof MetaDataSchema>;

/** What every document in the index has, whatever its kind. */
const DocumentBaseSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** ISO 3166-1 alpha-2 code of the country the document is about, or null. */
  country: z.string().nullable(),
  countryName: z.string().nullable(),
  /** Every country the document concerns (a recommendation may address several): the facet. */
  countries: z.array(z.string()),
  /** Budapest Convention article numbers the document concerns. */
  articles: z.array(z.number().int()),
  /** The same at paragraph level, normalised: "29", "29.2", "29.2.a". */
  articleRefs: z.array(z.string()),
  chapter: z.string().nullable(),
  status: z.enum(ASSESSMENT_STATUSES).nullable(),
  followup: z.enum(FOLLOWUP_STATUSES).nullable(),
  /** Publishers of the sources cited (the `source` facet). */
  source: z.array(z.string()),
  year: z.number().int().nullable(),
  /** ISO date the statement is valid as of (analysis) or happened (follow-up). */
  date: z.string().nullable(),
  /** National provisions cited. */
  provisions: z.array(z.string()),
  /** Terms a searcher may use for the subject (an analysis inherits its article's). */
  keywords: z.array(z.string()),
  /** Recommendation ids the document concerns. */
  recommendations: z.array(z.string()),
  summary: z.string(),
  text: z.string(),
  html: z.string(),
  url: z.string(),
  /** Natural reading order across the whole corpus (sort key for browsing). */
  order: z.number().int(),
  /** Relevance tier by kind (KIND_RANK): the Convention, then writings about it, then the Protocol. */
  rank: z.number().int(),
  sources: z.array(SourceRefSchema),
  /** Corpus file the document came from, for authors (no line: see originText). */
  origin: z.string(),
  /**
   * Who may read the document: `public`, `members`, or `group:<name>` for each working group
   * allowed. Every read is scoped by this (search through tenant tokens, reads by filter).
   */
  access: z.array(z.string()),
  /**
   * Hash of everything else in the document: a publication compares it with the live index's
   * and sends only the documents whose hash changed.
   */
  hash: z.string(),
});

const kindOf = <K extends DocumentKind, D extends z.ZodType>(kind: K, data: D) =>
  DocumentBaseSchema.extend({ kind: z.literal(kind), data });

/** A document in the index: the common fields, and `data` typed by its kind. */
export const KbDocumentSchema = z.discriminatedUnion("kind", [
  kindOf("article", ArticleDataSchema),
  kindOf("protocol-article", ArticleDataSchema),
  kindOf("guidance-note", GuidanceNoteDataSchema),
  kindOf("analysis", AnalysisDataSchema),
  kindOf("profile", ProfileDataSchema),
  kindOf("recommendation", RecommendationDataSchema),
  kindOf("followup", FollowupDataSchema),
  kindOf("page", PageDataSchema),
  kindOf("activity", ActivityDataSchema),
  kindOf("meta", MetaDataSchema),
]);
export type KbDocument = z.infer<typeof KbDocumentSchema>;

/** The document of one kind. */
export type DocumentOf<K extends DocumentKind> = Extract<KbDocument, { kind: K }>;

/** Each kind's `data` schema, for a reader that relies on it. */
export const DATA_SCHEMAS = {
  article: ArticleDataSchema,
  "protocol-article": ArticleDataSchema,
  "guidance-note": GuidanceNoteDataSchema,
  analysis: AnalysisDataSchema,
  profile: ProfileDataSchema,
  recommendation: RecommendationDataSchema,
  followup: FollowupDataSchema,
  page: PageDataSchema,
  activity: ActivityDataSchema,
  meta: MetaDataSchema,
} satisfies Record<DocumentKind, z.ZodType>;
