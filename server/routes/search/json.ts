/** The JSON shape of a search, and its schema for the API description. */
import { z } from "zod";
import { SEARCHABLE_KINDS } from "../../../indexer/index.js";
import { AssessmentStatusJson, FollowupStatusJson } from "../../http/schemas.js";
import { FACET_NAMES, type SearchOutcome } from "../../search/search.js";

const FacetNameJson = z.enum(FACET_NAMES as [string, ...string[]]);

export const SearchJson = z.strictObject({
  query: z.string(),
  total: z.number().describe("Number of hits (estimated past 5,000)."),
  page: z.number(),
  pages: z.number(),
  hitsPerPage: z.number(),
  hits: z.array(
    z.strictObject({
      id: z.string(),
      kind: z.enum(SEARCHABLE_KINDS as unknown as [string, ...string[]]),
      title: z.string(),
      country: z.string().nullable().describe("ISO 3166-1 alpha-2 code, or null."),
      articles: z.array(z.number()),
      url: z.string().describe("Permalink of the page section."),
      snippet: z.string().describe("HTML: escaped text with matches wrapped in <mark>."),
      status: AssessmentStatusJson.nullable(),
      followup: FollowupStatusJson.nullable(),
      date: z.string().nullable().describe("As-of date of an analysis, or date of an event."),
      provisions: z.array(z.string()),
    }),
  ),
  facets: z
    .record(FacetNameJson, z.record(z.string(), z.number()))
    .describe(
      "Facet name → value → count (disjunctive: a selected facet keeps its other values' counts).",
    ),
  applied: z.array(
    z.strictObject({
      facet: FacetNameJson,
      value: z.string(),
      fromQuery: z.boolean().describe("Recognised in `q` rather than given as a parameter."),
      label: z.string(),
      paragraph: z.string().optional().describe("Paragraph path given in the query, e.g. 2.a."),
    }),
  ),
  text: z
    .string()
    .describe("What is searched as text: `q` without its references, concepts in English."),
  concepts: z
    .array(
      z.strictObject({
        concept: z.string().describe("The concept's id in the thesaurus (corpus/thesaurus.md)."),
        label: z.string().describe("The concept's heading in the thesaurus."),
        words: z.string().describe("The words of `q` recognised, as typed."),
        language: z
          .string()
          .describe("ISO 639-1 code of the term matched: ru, uk, ro, ka, hy, az."),
        searchedAs: z.string().describe("The English term searched in their place."),
        articles: z.array(z.number()).describe("Convention articles the concept belongs to."),
      }),
    )
    .describe(
      "Terms of the multilingual thesaurus recognised in `q` (in any case form the sources use) and searched in English; words in quotation marks are never recognised.",
    ),
  notices: z.array(z.string()),
  suggestions: z.array(
    z.strictObject({
      kind: z
        .enum(["remove-filter", "fewer-words", "spelling", "term"])
        .describe(
          "`term`: a thesaurus term holding the query's words, which alone are not the term (search `q` for it).",
        ),
      label: z.string(),
      count: z.number().nullable(),
      facet: FacetNameJson.optional(),
      value: z.string().optional(),
      q: z.string().optional(),
      lang: z.string().optional().describe("A `term` suggestion's language (ISO 639-1)."),
      concept: z.string().optional().describe("A `term` suggestion's concept, in English."),
    }),
  ),
});
export type SearchJsonBody = z.infer<typeof SearchJson>;

/** The JSON shape of a search: the foundation's fields plus facets and applied filters. */
export function searchJson(outcome: SearchOutcome): SearchJsonBody {
  return {
    query: outcome.query,
    total: outcome.total,
    page: outcome.page,
    pages: outcome.pages,
    hitsPerPage: outcome.hitsPerPage,
    hits: outcome.hits.map((h) => ({
      id: h.id,
      kind: h.kind,
      title: h.title,
      country: h.country,
      articles: h.articles,
      url: h.url,
      snippet: h.snippet,
      status: h.status,
      followup: h.followup,
      date: h.date,
      provisions: h.provisions,
    })),
    facets: outcome.facets,
    applied: outcome.applied.map(({ facet, value, fromQuery, label, paragraph }) => ({
      facet,
      value,
      fromQuery,
      label,
      ...(paragraph ? { paragraph } : {}),
    })),
    text: outcome.text,
    concepts: outcome.concepts.map((c) => ({
      concept: c.id,
      label: c.label,
      words: c.words,
      language: c.lang,
      searchedAs: c.searchedAs,
      articles: c.articles,
    })),
    notices: outcome.notices.map((n) => n.text),
    suggestions: outcome.suggestions,
  };
}
