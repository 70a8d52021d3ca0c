/** The parameters of `/search` and `/api/search`, and their reading into a search request. */
import { z } from "zod";
import {
  ASSESSMENT_STATUSES,
  FOLLOWUP_STATUSES,
  SEARCHABLE_KINDS,
} from "../../../indexer/index.js";
import { InvalidQueryError } from "../../errors.js";
import { PageSchema } from "../../http/params.js";
import { ArticleParam, CountryParam, knownArticle, knownCountries } from "../../http/validators.js";
import { catalogIndex, type Catalog } from "../../search/catalog.js";
import { SORTS, type FacetName, type SearchRequest } from "../../search/search.js";

const HITS_PER_PAGE = 20;

export const SearchParamsShape = {
  q: z
    .string()
    .max(500, { error: "the query is too long (at most 500 characters)" })
    .default("")
    .describe(
      "Query text. Article references (`art. 29`, `Article 29(2)`, `Articles 29-31`, `ст. 29`, `стаття 29`) and country names or codes become filters, reported in `applied`.",
    ),
  country: z.array(CountryParam).default([]),
  article: z.array(ArticleParam).default([]),
  kind: z
    .array(z.enum(SEARCHABLE_KINDS, { error: `expected one of ${SEARCHABLE_KINDS.join(", ")}` }))
    .default([])
    .describe("Document type."),
  status: z
    .array(
      z.enum(ASSESSMENT_STATUSES, { error: `expected one of ${ASSESSMENT_STATUSES.join(", ")}` }),
    )
    .default([])
    .describe("Assessment status of a country analysis."),
  followup: z
    .array(z.enum(FOLLOWUP_STATUSES, { error: `expected one of ${FOLLOWUP_STATUSES.join(", ")}` }))
    .default([])
    .describe("Status of a follow-up entry."),
  chapter: z
    .array(z.string().regex(/^[IVX]{1,5}$/, { error: "expected a chapter in Roman numerals" }))
    .default([])
    .describe("Convention chapter in Roman numerals, e.g. III."),
  source: z
    .array(z.string().max(200, { error: "too long" }))
    .default([])
    .describe("Publisher of a cited source."),
  year: z
    .array(z.string().regex(/^(19|20)\d{2}$/, { error: "expected a four-digit year" }))
    .default([])
    .describe("Year of the analysis or event."),
  sort: z
    .enum(SORTS, { error: `expected one of ${SORTS.join(", ")}` })
    .default("relevance")
    .describe("Order of the hits."),
  page: PageSchema.describe("Page number from 1; a page past the end returns no hits."),
  literal: z
    .enum(["0", "1"], { error: "expected 0 or 1" })
    .optional()
    .describe("1: search the query as typed, without recognising references."),
};

export const SEARCH_MULTI = [
  "country",
  "article",
  "kind",
  "status",
  "followup",
  "chapter",
  "source",
  "year",
] as const;

export type SearchParams = z.infer<z.ZodObject<typeof SearchParamsShape>>;

/** Checks the values against the catalog and returns the search request. */
export function searchRequest(params: SearchParams, catalog: Catalog): SearchRequest {
  const index = catalogIndex(catalog);
  const known: Partial<Record<FacetName, ReadonlySet<string>>> = {
    source: index.publishers,
    chapter: index.chapters,
  };
  for (const facet of ["source", "chapter"] as const) {
    const bad = params[facet].find((v) => !known[facet]?.has(v));
    if (bad !== undefined) {
      throw new InvalidQueryError(`unknown ${facet} \`${bad.slice(0, 60)}\``, {
        field: facet,
        value: bad,
      });
    }
  }
  return {
    q: params.q,
    filters: {
      country: knownCountries(params.country, catalog, "country"),
      article: [...new Set(params.article.map((a) => String(knownArticle(a, catalog, "article"))))],
      kind: params.kind,
      status: params.status,
      followup: params.followup,
      chapter: params.chapter,
      source: params.source,
      year: params.year,
    },
    sort: params.sort,
    page: params.page ?? 1,
    hitsPerPage: HITS_PER_PAGE,
    literal: params.literal === "1",
  };
}
