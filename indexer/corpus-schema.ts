/**
 * zod schemas for what authors write in corpus/: front matter of each file type and the YAML
 * block under each section heading. corpus/README.md documents the same shapes in prose.
 */
import { z } from "zod";
import {
  ACTIVITY_FORMS,
  ACTIVITY_STATUSES,
  ASSESSMENT_STATUSES,
  FOLLOWUP_STATUSES,
  INDICATOR_MEASURES,
  REQUEST_TYPES,
} from "./contract.js";
import { ISO_COUNTRY_CODES } from "./iso-countries.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A full calendar date, YYYY-MM-DD. */
export const DateSchema = z
  .string({ error: "expected a date written YYYY-MM-DD" })
  .refine(isCalendarDate, { error: "expected a real date written YYYY-MM-DD" });

/** A date known to the year or month only, a full date, or `unknown`. */
export const PartialDateSchema = z
  .string({ error: "expected YYYY, YYYY-MM, YYYY-MM-DD or unknown" })
  .refine(
    (v) =>
      v === "unknown" ||
      /^\d{4}$/.test(v) ||
      (/^\d{4}-\d{2}$/.test(v) && isCalendarDate(`${v}-01`)) ||
      isCalendarDate(v),
    { error: "expected YYYY, YYYY-MM, YYYY-MM-DD or unknown" },
  );

/** A date or `unknown` (a fact we could not establish) or `no` (it did not happen). */
export const EventDateSchema = z.union([z.literal("no"), PartialDateSchema]);

export const UrlSchema = z.string({ error: "expected a URL" }).refine(
  (v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
    } catch {
      return false;
    }
  },
  { error: "expected a well-formed http(s) URL" },
);

export const CountryCodeSchema = z
  .string({ error: "expected an ISO 3166-1 alpha-2 country code" })
  .refine((v) => ISO_COUNTRY_CODES.has(v), { error: "not an ISO 3166-1 alpha-2 country code" });

export const ArticleNumberSchema = z
  .number({ error: "expected an article number" })
  .int({ error: "expected a whole article number" })
  .min(1, { error: "article numbers start at 1" });

/** A paragraph-level reference: "29", "29.2", "29.2.a", "6.1.a.ii". */
export const ArticleRefSchema = z
  .string({ error: "expected a reference such as 29.2.a" })
  .regex(/^\d{1,2}(\.\d{1,2})?(\.[a-z])?(\.[ivx]+)?$/, {
    error: "expected a reference such as 29, 29.2 or 29.2.a",
  });

const SourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "source ids are lower-case words joined by -" });

const SourceIdsSchema = z.array(SourceIdSchema).min(1, { error: "name at least one source" });

const Text = z.string().trim().min(1, { error: "must not be empty" });

/**
 * Who may read a file or a section: `members` (anyone signed in as a member or above) or a list
 * of working groups. Without it, everyone may.
 */
export const AccessSchema = z.union(
  [
    z.literal("members"),
    z
      .array(
        z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
          error: "group names are lower-case words joined by -",
        }),
      )
      .min(1, { error: "name at least one group" }),
  ],
  { error: "expected members, or a list of groups such as [wg-moldova]" },
);
export type Access = z.infer<typeof AccessSchema>;

// ---- sources.md -------------------------------------------------------------------------

export const SourceSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "source ids are lower-case words joined by -" }),
  title: Text,
  publisher: Text,
  url: UrlSchema,
  seen: z.union([z.literal("unknown"), DateSchema], {
    error: "expected the date the source was consulted (YYYY-MM-DD) or unknown",
  }),
  official: z.boolean({ error: "expected true (official text or register) or false" }),
  note: Text.optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const SourcesFileSchema = z.strictObject({
  type: z.literal("sources"),
  sources: z.array(SourceSchema).min(1),
});

// ---- instruments ---------------------------------------------------------------------------

/** "2-6", "23" or 23. */
const ArticleRangeSchema = z.union([
  z.number().int().min(1),
  z
    .string()
    .regex(/^\d+(\s*-\s*\d+)?$/, { error: "expected an article number or a range such as 2-6" }),
]);

const StructureTitleSchema = z.strictObject({
  title: z.number().int().min(1),
  heading: Text,
  articles: ArticleRangeSchema,
});
const StructureSectionSchema = z.strictObject({
  section: z.number().int().min(1),
  heading: Text,
  titles: z.array(StructureTitleSchema).min(1).optional(),
  articles: ArticleRangeSchema.optional(),
});
const StructureChapterSchema = z.strictObject({
  chapter: z.string().regex(/^[IVX]+$/, { error: "chapters are numbered in Roman numerals" }),
  heading: Text,
  sections: z.array(StructureSectionSchema).min(1).optional(),
  articles: ArticleRangeSchema.optional(),
});

export const InstrumentFileSchema = z.strictObject({
  type: z.literal("instrument"),
  id: z.string().regex(/^[a-z0-9]+$/, { error: "instrument ids are short lower-case words" }),
  short: Text,
  title: Text,
  treaty: Text,
  opened: EventDateSchema.optional(),
  adopted: EventDateSchema.optional(),
  in_force: EventDateSchema.optional(),
  article_count: z.number().int().min(1),
  /** Whether article pages and country analyses refer to this instrument's numbering. */
  primary: z.boolean().default(false),
  sources: SourceIdsSchema,
  structure: z.array(StructureChapterSchema).min(1),
  note: Text.optional(),
  /** Source id of the instrument's Explanatory Report, cited by the articles' summaries of it. */
  explanatory_report: SourceIdSchema.optional(),
});
export type InstrumentFile = z.infer<typeof InstrumentFileSchema>;

const AllowedOptionSchema = z.strictObject({
  ref: ArticleRefSchema,
  text: Text,
});

/** Paragraph numbers of an explanatory report: "171", "171-174" or "171-174, 180". */
export const ParagraphListSchema = z
  .string({ error: 'expected paragraph numbers such as "171-174" (in quotes)' })
  .regex(/^\d{1,3}(\s*-\s*\d{1,3})?(\s*,\s*\d{1,3}(\s*-\s*\d{1,3})?)*$/, {
    error: "expected paragraph numbers such as 171, 171-174 or 171-174, 180",
  });

export const ArticleBlockSchema = z.strictObject({
  sources: SourceIdsSchema,
  /** Whether the heading's title was checked against an official text. */
  title_verified: z.boolean().default(true),
  elements: z.array(z.strictObject({ ref: ArticleRefSchema, text: Text })).optional(),
  declarations: z.array(AllowedOptionSchema).optional(),
  reservations: z.array(AllowedOptionSchema).optional(),
  notifications: z.array(AllowedOptionSchema).optional(),
  keywords: z.array(Text).optional(),
  /** What the Explanatory Report says of the article, by paragraph, in our own words. */
  explanatory_report: z
    .array(z.strictObject({ paragraphs: ParagraphListSchema, text: Text }))
    .optional(),
});
export type ArticleBlock = z.infer<typeof ArticleBlockSchema>;

// ---- countries -----------------------------------------------------------------------------

const TreatyStatusSchema = z.strictObject({
  signed: EventDateSchema,
  ratified: EventDateSchema,
  in_force: EventDateSchema,
  note: Text.optional(),
  sources: SourceIdsSchema,
});

const DeclarationSchema = z.strictObject({
  ref: ArticleRefSchema,
  kind: z.enum(["declaration", "reservation", "notification"]),
  text: Text,
  sources: SourceIdsSchema,
});

export const AuthoritySchema = z.strictObject({
  authority: Text,
  role: Text,
  sources: SourceIdsSchema,
});

export const LawSchema = z.strictObject({
  title: Text,
  number: Text,
  date: PartialDateSchema,
  url: UrlSchema.optional(),
  note: Text.optional(),
  sources: SourceIdsSchema,
});

export const CountryFileSchema = z.strictObject({
  type: z.literal("country"),
  code: CountryCodeSchema,
  name: Text,
  /** Other names and spellings a searcher may type (any script). */
  aliases: z.array(Text).default([]),
  as_of: DateSchema,
  party: z.boolean({ error: "expected true if the country is a Party to the Convention" }),
  portal: z.strictObject({ name: Text, url: UrlSchema }),
  budapest: TreatyStatusSchema,
  protocol2: TreatyStatusSchema,
  declarations: z.array(DeclarationSchema).default([]),
  central_authorities: z.array(AuthoritySchema).min(1),
  contact_points: z.array(AuthoritySchema).min(1),
  laws: z.array(LawSchema).min(1),
  access: AccessSchema.optional(),
  sources: SourceIdsSchema,
});
export type CountryFile = z.infer<typeof CountryFileSchema>;

export const AnalysisBlockSchema = z
  .strictObject({
    access: AccessSchema.optional(),
    status: z.enum(ASSESSMENT_STATUSES, {
      error: `expected one of ${ASSESSMENT_STATUSES.join(", ")}`,
    }),
    provisions: z.array(Text).default([]),
    as_of: DateSchema,
    sources: SourceIdsSchema,
    /** What is missing to assess the article, required when the status is unknown. */
    missing: Text.optional(),
  })
  .refine((b) => b.status !== "unknown" || b.missing !== undefined, {
    error: "a section with status unknown must say what is missing (missing: …)",
    path: ["status"],
  });
export type AnalysisBlock = z.infer<typeof AnalysisBlockSchema>;

// ---- recommendations, follow-up, meetings, synonyms, pages ---------------------------------

export const RecommendationsFileSchema = z.strictObject({
  type: z.literal("recommendations"),
  /** Source id of the report the recommendations come from. */
  report: z.string(),
  /** `report` when the ids follow the report's own numbering, `own` when they are ours. */
  numbering: z.enum(["report", "own"]),
  access: AccessSchema.optional(),
  note: Text.optional(),
});

export const RecommendationBlockSchema = z.strictObject({
  articles: z.array(ArticleNumberSchema).min(1, { error: "name at least one article" }),
  countries: z.array(CountryCodeSchema).min(1, { error: "name at least one country" }),
  topics: z.array(z.enum(["mla", "preservation", "24/7", "other"])).min(1),
  target: DateSchema.optional(),
  access: AccessSchema.optional(),
  sources: SourceIdsSchema,
});
export type RecommendationBlock = z.infer<typeof RecommendationBlockSchema>;

export const FollowupFileSchema = z.strictObject({
  type: z.literal("followup"),
  access: AccessSchema.optional(),
  note: Text.optional(),
});

export const FollowupRowSchema = z.strictObject({
  date: DateSchema,
  recommendation: z
    .string()
    .regex(/^[A-Z0-9][A-Z0-9.-]*$/, { error: "expected a recommendation id" }),
  country: CountryCodeSchema,
  status: z.enum(FOLLOWUP_STATUSES, { error: `expected one of ${FOLLOWUP_STATUSES.join(", ")}` }),
  event: Text,
  sources: SourceIdsSchema,
});
export type FollowupRow = z.infer<typeof FollowupRowSchema>;

export const MeetingsFileSchema = z.strictObject({
  type: z.literal("meetings"),
  note: Text.optional(),
});
export const MeetingRowSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/, { error: "meeting ids are lower-case words joined by -" }),
    name: Text,
    place: Text,
    start: DateSchema,
    end: DateSchema,
    sources: SourceIdsSchema,
  })
  .refine((m) => m.end >= m.start, { error: "the meeting ends before it starts", path: ["end"] });
export type MeetingRow = z.infer<typeof MeetingRowSchema>;

export const SynonymsFileSchema = z.strictObject({
  type: z.literal("synonyms"),
  note: Text.optional(),
});
export const SynonymRowSchema = z.strictObject({
  terms: z.array(Text).min(2, { error: "a synonym group needs at least two terms" }),
  note: z.string().default(""),
});

export const PageFileSchema = z.strictObject({
  type: z.literal("page"),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: Text,
  as_of: DateSchema,
  access: AccessSchema.optional(),
  sources: SourceIdsSchema.optional(),
});

// ---- T-CY Guidance Notes ------------------------------------------------------------------

export const GuidanceNotesFileSchema = z.strictObject({
  type: z.literal("guidance-notes"),
  /** The instrument the notes interpret (its `id`). */
  instrument: z.string().regex(/^[a-z0-9]+$/, { error: "expected an instrument id" }),
  body: Text,
  sources: SourceIdsSchema,
  note: Text.optional(),
});

export const GuidanceNoteBlockSchema = z.strictObject({
  adopted: DateSchema,
  articles: z.array(ArticleNumberSchema).min(1, { error: "name at least one article" }),
  /** The body's document reference, e.g. T-CY(2015)16. */
  document: Text.optional(),
  sources: SourceIdsSchema,
});
export type GuidanceNoteBlock = z.infer<typeof GuidanceNoteBlockSchema>;

// ---- multilingual thesaurus ---------------------------------------------------------------

/** Languages of the users: English, Russian, Ukrainian, Romanian, Georgian, Armenian, Azerbaijani. */
export const THESAURUS_LANGUAGES = ["en", "ru", "uk", "ro", "ka", "hy", "az"] as const;
export type ThesaurusLanguage = (typeof THESAURUS_LANGUAGES)[number];

export const ThesaurusFileSchema = z.strictObject({
  type: z.literal("thesaurus"),
  note: Text.optional(),
});

const perLanguage = <T extends z.ZodType>(value: T) =>
  z.partialRecord(
    z.enum(THESAURUS_LANGUAGES, {
      error: `expected a language code: ${THESAURUS_LANGUAGES.join(", ")}`,
    }),
    value,
  );

export const ThesaurusBlockSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "concept ids are lower-case words joined by -" }),
    articles: z.array(ArticleNumberSchema).default([]),
    terms: perLanguage(z.array(Text).min(1, { error: "list at least one term" })),
    sources: perLanguage(SourceIdsSchema),
    notes: perLanguage(Text).optional(),
  })
  .superRefine((block, ctx) => {
    for (const lang of Object.keys(block.terms)) {
      if (!block.sources[lang as ThesaurusLanguage])
        ctx.addIssue({
          code: "custom",
          path: ["terms", lang],
          message: `the ${lang} terms need sources (sources: { ${lang}: [...] })`,
        });
    }
    for (const lang of Object.keys(block.sources)) {
      if (!block.terms[lang as ThesaurusLanguage])
        ctx.addIssue({
          code: "custom",
          path: ["sources", lang],
          message: `sources for ${lang} but no ${lang} terms`,
        });
    }
  });
export type ThesaurusBlock = z.infer<typeof ThesaurusBlockSchema>;

// ---- a project's workplan -----------------------------------------------------------------

/** A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD (never `unknown`). */
export const KnownPartialDateSchema = z.preprocess(
  // A year written without quotes reads as a number.
  (v) => (typeof v === "number" && Number.isInteger(v) ? String(v) : v),
  z
    .string({ error: "expected YYYY, YYYY-MM or YYYY-MM-DD" })
    .refine(
      (v) =>
        /^\d{4}$/.test(v) ||
        (/^\d{4}-\d{2}$/.test(v) && isCalendarDate(`${v}-01`)) ||
        isCalendarDate(v),
      { error: "expected YYYY, YYYY-MM or YYYY-MM-DD (a real date)" },
    ),
);

/** Whether a period written with partial dates ends before it starts. */
export function endsBeforeStart(start: string, end: string): boolean {
  // The earliest the start can be against the latest the end can be.
  const early = (d: string) => `${d}-00-00`.slice(0, 10);
  const late = (d: string) => `${d}-99-99`.slice(0, 10);
  return late(end) < early(start);
}

/** An activity id: the workplan's number, with a suffix where the workplan prints a number twice. */
export const ActivityIdSchema = z
  .string({
    error: 'expected an activity number such as 1.2.1 (in quotes when it has one dot: "1.2")',
  })
  .regex(/^\d{1,2}(\.\d{1,2}){0,4}(-[a-z]{1,12})?$/, {
    error: "activity ids are numbers such as 1.2.1, with an optional suffix such as 1.3.4.4-ge",
  });

const RecommendationIdSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9.-]*$/, { error: "expected a recommendation id" });

const PeriodSchema = z
  .strictObject({
    start: KnownPartialDateSchema,
    end: KnownPartialDateSchema.optional(),
    place: Text.optional(),
    note: Text.optional(),
  })
  .refine((p) => p.end === undefined || !endsBeforeStart(p.start, p.end), {
    error: "the period ends before it starts",
    path: ["end"],
  });

const EvidenceSchema = z
  .strictObject({
    start: KnownPartialDateSchema.optional(),
    end: KnownPartialDateSchema.optional(),
    place: Text.optional(),
    note: Text.optional(),
    sources: SourceIdsSchema,
  })
  .refine((p) => !p.start || !p.end || !endsBeforeStart(p.start, p.end), {
    error: "the period ends before it starts",
    path: ["end"],
  });

const FigureSchema = z
  .strictObject({
    country: CountryCodeSchema,
    period: z
      .string()
      .regex(/^\d{4}(-\d{2})?$/, { error: "expected a year (YYYY) or a month (YYYY-MM)" }),
    sent: z.number().int().min(0).optional(),
    received: z.number().int().min(0).optional(),
    note: Text.optional(),
    sources: SourceIdsSchema,
  })
  .refine((f) => f.sent !== undefined || f.received !== undefined, {
    error: "a figure gives `sent`, `received` or both",
    path: ["sent"],
  });

const IndicatorSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
      error: "indicator ids are lower-case words joined by -",
    }),
    text: Text,
    month: z.number().int({ error: "expected a whole project month" }).min(1, {
      error: "project months start at 1",
    }),
    measure: z.enum(INDICATOR_MEASURES, {
      error: `expected one of ${INDICATOR_MEASURES.join(", ")}`,
    }),
    recommendations: z.array(RecommendationIdSchema).default([]),
    statuses: z
      .array(
        z.enum(FOLLOWUP_STATUSES, { error: `expected one of ${FOLLOWUP_STATUSES.join(", ")}` }),
      )
      .default([]),
    figures: z.array(FigureSchema).default([]),
    sources: SourceIdsSchema,
  })
  .superRefine((indicator, ctx) => {
    if (indicator.measure === "followup") {
      if (indicator.recommendations.length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["measure"],
          message: "a followup indicator names the recommendations whose entries count",
        });
      if (indicator.statuses.length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["measure"],
          message: "a followup indicator names the follow-up statuses that count",
        });
      if (indicator.figures.length > 0)
        ctx.addIssue({
          code: "custom",
          path: ["figures"],
          message: "figures belong to a request-counts indicator",
        });
    } else if (indicator.recommendations.length > 0 || indicator.statuses.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["measure"],
        message: "a request-counts indicator is measured by figures, not follow-up entries",
      });
    }
  });

export const WorkplanFileSchema = z
  .strictObject({
    type: z.literal("workplan"),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "workplan ids are lower-case words joined by -" }),
    title: Text,
    /** The project's own number, e.g. 2015/DGI/JP/3271. */
    number: Text,
    start: DateSchema,
    end: DateSchema,
    countries: z.array(CountryCodeSchema).min(1, { error: "name at least one country" }),
    implementation: Text,
    funding: Text.optional(),
    objective: Text,
    indicators: z.array(IndicatorSchema).default([]),
    sources: SourceIdsSchema,
    note: Text.optional(),
  })
  .refine((w) => w.end >= w.start, { error: "the project ends before it starts", path: ["end"] });
export type WorkplanFile = z.infer<typeof WorkplanFileSchema>;

export const ResultBlockSchema = z.strictObject({ sources: SourceIdsSchema });

export const ActivityBlockSchema = z
  .strictObject({
    /** Only where the workplan prints the same number twice. */
    id: ActivityIdSchema.optional(),
    form: z.enum(ACTIVITY_FORMS, { error: `expected one of ${ACTIVITY_FORMS.join(", ")}` }),
    planned: z.array(PeriodSchema).default([]),
    countries: z.array(CountryCodeSchema).default([]),
    status: z.enum(ACTIVITY_STATUSES, {
      error: `expected one of ${ACTIVITY_STATUSES.join(", ")}`,
    }),
    evidence: EvidenceSchema.optional(),
    meeting: z
      .string()
      .regex(/^[a-z0-9-]+$/, { error: "expected a meeting id from the meetings file" })
      .optional(),
    see: z.array(ActivityIdSchema).default([]),
    recommendations: z.array(RecommendationIdSchema).default([]),
    articles: z.array(ArticleNumberSchema).default([]),
    requests: z
      .array(z.enum(REQUEST_TYPES, { error: `expected one of ${REQUEST_TYPES.join(", ")}` }))
      .default([]),
    analyses: z.boolean().default(false),
    sources: SourceIdsSchema,
  })
  .superRefine((a, ctx) => {
    if (a.status === "planned" && a.evidence)
      ctx.addIssue({
        code: "custom",
        path: ["evidence"],
        message:
          "an activity only the workplan names has no evidence: remove it, or set status held, cancelled or moved",
      });
    if (a.status === "planned" && a.meeting)
      ctx.addIssue({
        code: "custom",
        path: ["meeting"],
        message:
          "a meeting in the meetings file is confirmed by its sources: set status held (or moved) with evidence",
      });
    if (a.status !== "planned" && !a.evidence)
      ctx.addIssue({
        code: "custom",
        path: ["status"],
        message: `status ${a.status} needs \`evidence\` naming the sources other than the workplan that say so`,
      });
    // A programme line may leave its dates to the activities under it.
    if (a.planned.length === 0 && a.see.length === 0 && a.form !== "programme")
      ctx.addIssue({
        code: "custom",
        path: ["planned"],
        message:
          "give the planned dates (planned: …) or the activities whose dates apply (see: […])",
      });
  });
export type ActivityBlock = z.infer<typeof ActivityBlockSchema>;

/** The `type` field decides which schema validates the rest of the front matter. */
export const FILE_TYPES = [
  "sources",
  "instrument",
  "country",
  "recommendations",
  "followup",
  "meetings",
  "synonyms",
  "page",
  "guidance-notes",
  "thesaurus",
  "workplan",
] as const;
export type FileType = (typeof FILE_TYPES)[number];
