/** The JSON shapes of the article pages. */
import { z } from "zod";
import { PlaceJson, SourceJson } from "../../http/schemas.js";
import { AnalysisSectionJson, StatusSummaryJson } from "../analysis-section.js";
import { InterpretationShape } from "../interpretation.js";

const OptionJson = z.strictObject({ ref: z.string(), text: z.string() });

export const ArticleListJson = z.strictObject({
  articles: z.array(
    z.strictObject({
      number: z.number(),
      title: z.string().nullable(),
      place: PlaceJson.nullable(),
      summary: z.string(),
      url: z.string(),
    }),
  ),
});

export const ArticleJson = z.strictObject({
  number: z.number(),
  title: z.string(),
  titleVerified: z.boolean(),
  place: PlaceJson.nullable(),
  html: z.string().describe("The article's summary in our own words, sanitized HTML."),
  summary: z.string(),
  elements: z.array(OptionJson).describe("What a law or a request must contain, by paragraph."),
  declarations: z.array(OptionJson),
  reservations: z.array(OptionJson),
  notifications: z.array(OptionJson),
  sources: z.array(SourceJson),
  ...InterpretationShape,
  countries: z.array(
    AnalysisSectionJson.extend({
      code: z.string().nullable(),
      name: z.string().nullable(),
      anchor: z.string().nullable(),
      sectionUrl: z.string(),
      historyUrl: z.string(),
      lastChanged: z.string().nullable(),
    }),
  ),
  notAnalysed: z.array(z.strictObject({ code: z.string(), name: z.string(), url: z.string() })),
  restricted: z
    .array(z.strictObject({ code: z.string(), name: z.string(), url: z.string() }))
    .describe("Countries whose section is for a working group the caller is not in."),
  recommendations: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      url: z.string(),
      countries: z.array(z.string()),
    }),
  ),
  prev: z.strictObject({ n: z.number(), url: z.string() }).nullable(),
  next: z.strictObject({ n: z.number(), url: z.string() }).nullable(),
  searchUrl: z.string(),
  compareUrl: z.string(),
  historyUrl: z.string(),
  lastChanged: z.string().nullable(),
  statusSummary: StatusSummaryJson,
});

export const InstrumentJson = z.strictObject({
  instrument: z.strictObject({
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
    introHtml: z.string(),
    sources: z.array(SourceJson),
  }),
  articles: z.array(
    z.strictObject({
      number: z.number(),
      anchor: z.string(),
      title: z.string().nullable(),
      titleVerified: z.boolean(),
      html: z.string(),
      sources: z.array(SourceJson),
    }),
  ),
  unverifiedTitles: z
    .number()
    .describe("How many article titles could not be checked against an official text."),
});
