/**
 * `/search` (HTML) and `/api/search` (JSON): the same parameters, the same data. All state is in
 * the URL so a search can be shared.
 */
import { Router, type Request } from "express";
import { z } from "zod";
import {
  ASSESSMENT_STATUSES,
  FOLLOWUP_STATUSES,
  SEARCHABLE_KINDS,
} from "../../indexer/index.js";
import { InvalidQueryError } from "../errors.js";
import type { Catalog } from "../search/catalog.js";
import {
  FACETS,
  FACET_NAMES,
  KIND_LABELS,
  SORTS,
  facetValueLabel,
  search,
  type FacetName,
  type SearchOutcome,
  type SearchRequest,
} from "../search/search.js";
import type { RouteDeps } from "./deps.js";
import { PageSchema, readParams } from "./params.js";

const HITS_PER_PAGE = 20;

const SearchParamsShape = {
  q: z.string().max(500, { error: "the query is too long (at most 500 characters)" }).default(""),
  country: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z]{2}$/, { error: "expected a two-letter country code" })
        .transform((s) => s.toUpperCase()),
    )
    .default([]),
  article: z
    .array(
      z
        .string()
        .regex(/^\d{1,2}$/, { error: "expected an article number from 1 to 48" })
        .refine((s) => Number(s) >= 1 && Number(s) <= 48, {
          error: "expected an article number from 1 to 48",
        })
        .transform((s) => String(Number(s))),
    )
    .default([]),
  kind: z
    .array(z.enum(SEARCHABLE_KINDS, { error: `expected one of ${SEARCHABLE_KINDS.join(", ")}` }))
    .default([]),
  status: z
    .array(
      z.enum(ASSESSMENT_STATUSES, { error: `expected one of ${ASSESSMENT_STATUSES.join(", ")}` }),
    )
    .default([]),
  followup: z
    .array(z.enum(FOLLOWUP_STATUSES, { error: `expected one of ${FOLLOWUP_STATUSES.join(", ")}` }))
    .default([]),
  chapter: z
    .array(z.string().regex(/^[IVX]{1,5}$/, { error: "expected a chapter in Roman numerals" }))
    .default([]),
  source: z.array(z.string().max(200, { error: "too long" })).default([]),
  year: z
    .array(z.string().regex(/^(19|20)\d{2}$/, { error: "expected a four-digit year" }))
    .default([]),
  sort: z.enum(SORTS, { error: `expected one of ${SORTS.join(", ")}` }).default("relevance"),
  page: PageSchema,
  literal: z.enum(["0", "1"], { error: "expected 0 or 1" }).optional(),
};

/** Validates the request against the schema and the catalog; returns the search request. */
export function readSearchRequest(query: unknown, catalog: Catalog): SearchRequest {
  const params = readParams(query, SearchParamsShape, {
    multi: ["country", "article", "kind", "status", "followup", "chapter", "source", "year"],
    maxItems: 50,
  });
  const known: Partial<Record<FacetName, Set<string>>> = {
    country: new Set(catalog.countries.map((c) => c.code)),
    source: new Set(catalog.publishers),
    chapter: new Set(catalog.articles.map((a) => a.place?.chapter ?? "").filter(Boolean)),
  };
  for (const facet of ["country", "source", "chapter"] as const) {
    const bad = params[facet].find((v) => !known[facet]?.has(v));
    if (bad !== undefined) {
      const hint =
        facet === "country" ? ` (known: ${catalog.countries.map((c) => c.code).join(", ")})` : "";
      throw new InvalidQueryError(`unknown ${facet} \`${bad}\`${hint}`, {
        field: facet,
        value: bad,
      });
    }
  }
  return {
    q: params.q,
    filters: {
      country: params.country,
      article: params.article,
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

/** A search URL for `request` with `changes` applied; page goes back to 1 unless given. */
export function searchUrl(
  request: SearchRequest,
  changes: Partial<Omit<SearchRequest, "filters">> & {
    filters?: Partial<Record<FacetName, string[]>>;
  } = {},
  base = "/search",
): string {
  const next = {
    ...request,
    page: 1,
    ...changes,
    filters: { ...request.filters, ...changes.filters },
  };
  // Built by hand: a results page makes one of these for every facet value it lists.
  const parts: string[] = [];
  if (next.q) parts.push(`q=${formEncode(next.q)}`);
  for (const facet of FACET_NAMES)
    for (const value of next.filters[facet]) parts.push(`${facet}=${formEncode(value)}`);
  if (next.sort !== "relevance") parts.push(`sort=${next.sort}`);
  if (next.literal) parts.push("literal=1");
  if (next.page > 1) parts.push(`page=${next.page}`);
  return parts.length > 0 ? `${base}?${parts.join("&")}` : base;
}

/** application/x-www-form-urlencoded, as a browser submits a GET form. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** The query text without one recognised reference: what removing its chip searches for. */
function queryWithout(
  outcome: SearchOutcome,
  facet: FacetName,
  value: string,
  catalog: Catalog,
): string {
  const parts = [outcome.text];
  for (const a of outcome.applied) {
    if (!a.fromQuery || (a.facet === facet && a.value === value)) continue;
    parts.push(
      a.facet === "country"
        ? (catalog.countries.find((c) => c.code === a.value)?.name ?? a.value)
        : a.label,
    );
  }
  return parts.filter(Boolean).join(" ");
}

/** Removing a filter: from the query text if it came from there, from the parameters otherwise. */
function removeUrl(
  request: SearchRequest,
  outcome: SearchOutcome,
  facet: FacetName,
  value: string,
  catalog: Catalog,
  base = "/search",
): string {
  const fromQuery = outcome.applied.some(
    (a) => a.facet === facet && a.value === value && a.fromQuery,
  );
  return searchUrl(
    request,
    {
      ...(fromQuery ? { q: queryWithout(outcome, facet, value, catalog) } : {}),
      filters: { [facet]: request.filters[facet].filter((v) => v !== value) },
    },
    base,
  );
}

/** The JSON shape of a search: the foundation's fields plus facets and applied filters. */
export function searchJson(outcome: SearchOutcome) {
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
    notices: outcome.notices,
    suggestions: outcome.suggestions,
  };
}

function pageModel(request: SearchRequest, outcome: SearchOutcome, catalog: Catalog) {
  const facetLabel = (name: FacetName) => FACETS.find((f) => f.name === name)?.label ?? name;
  const facets = FACETS.map((facet) => {
    const counts = outcome.facets[facet.name];
    const entries = Object.entries(counts);
    const selected = new Set([
      ...request.filters[facet.name],
      ...outcome.applied.filter((a) => a.facet === facet.name).map((a) => a.value),
    ]);
    const order =
      facet.name === "article" || facet.name === "year"
        ? entries.sort((a, b) => Number(a[0]) - Number(b[0]))
        : facet.name === "chapter"
          ? entries.sort((a, b) => romanValue(a[0]) - romanValue(b[0]))
          : entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const values = order.map(([value, count]) => {
      const isSelected = selected.has(value);
      return {
        value,
        count,
        label: facetValueLabel(facet.name, value, catalog, false),
        selected: isSelected,
        url: isSelected
          ? removeUrl(request, outcome, facet.name, value, catalog)
          : searchUrl(request, {
              filters: { [facet.name]: [...request.filters[facet.name], value] },
            }),
      };
    });
    return {
      name: facet.name,
      label: facet.label,
      values,
      hasValues: values.length > 0,
      many: values.length > 8,
      selectedCount: selected.size,
    };
  });
  const chips = outcome.applied.map((a) => ({
    facetLabel: facetLabel(a.facet),
    label: a.label,
    fromQuery: a.fromQuery,
    removeUrl: removeUrl(request, outcome, a.facet, a.value, catalog),
    insteadLabel: a.fromQuery
      ? a.facet === "article"
        ? "search all articles instead"
        : "search all countries instead"
      : null,
  }));
  const pages = outcome.pages;
  const pageLinks: { n: number; url: string; current: boolean }[] = [];
  for (let n = Math.max(1, request.page - 3); n <= Math.min(pages, request.page + 3); n++) {
    pageLinks.push({ n, url: searchUrl(request, { page: n }), current: n === request.page });
  }
  const pastEnd = outcome.total > 0 && request.page > pages;
  const start = (request.page - 1) * request.hitsPerPage;
  return {
    q: request.q,
    text: outcome.text,
    total: outcome.total,
    hasQuery: request.q.trim() !== "" || outcome.applied.length > 0,
    range: outcome.hits.length > 0 ? { from: start + 1, to: start + outcome.hits.length } : null,
    hits: outcome.hits.map((h) => ({
      ...h,
      kindLabel: KIND_LABELS[h.kind] ?? h.kind,
      articleLabel:
        h.articles.length === 1
          ? `Art. ${h.articles[0]}`
          : h.articles.length > 1
            ? `Arts. ${h.articles.join(", ")}`
            : null,
      benchmark:
        h.kind === "analysis" &&
        catalog.countries.find((c) => c.code === h.country)?.party === false,
    })),
    facets,
    chips,
    hasChips: chips.length > 0,
    clearAllUrl: searchUrl({
      ...request,
      q: outcome.applied.some((a) => a.fromQuery) ? outcome.text : request.q,
      filters: Object.fromEntries(
        FACET_NAMES.map((f) => [f, []]),
      ) as unknown as SearchRequest["filters"],
    }),
    sortOptions: SORTS.map((s) => ({
      value: s,
      label: SORT_LABELS[s],
      selected: s === request.sort,
    })),
    hiddenFilters: FACET_NAMES.flatMap((f) =>
      request.filters[f].map((value) => ({ name: f, value })),
    ),
    literal: request.literal,
    pagination:
      pages > 1 && !pastEnd
        ? {
            prev: request.page > 1 ? searchUrl(request, { page: request.page - 1 }) : null,
            next: request.page < pages ? searchUrl(request, { page: request.page + 1 }) : null,
            links: pageLinks,
            page: request.page,
            pages,
          }
        : null,
    pastEnd: pastEnd
      ? { page: request.page, pages, lastUrl: searchUrl(request, { page: pages }) }
      : null,
    empty:
      outcome.total === 0
        ? {
            filtered: outcome.applied.length > 0,
            suggestions: outcome.suggestions.map((s) => ({
              ...s,
              url:
                s.kind === "remove-filter" && s.facet && s.value !== undefined
                  ? removeUrl(request, outcome, s.facet, s.value, catalog)
                  : s.kind === "spelling" && s.q
                    ? searchUrl(request, {
                        q: [
                          s.q,
                          ...outcome.applied.filter((a) => a.fromQuery).map((a) => a.label),
                        ].join(" "),
                      })
                    : null,
            })),
          }
        : null,
    notices: outcome.notices,
    processingMs: outcome.processingMs,
  };
}

/** I → 1, IV → 4: chapters in the Convention's order. */
function romanValue(roman: string): number {
  const values: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const value = values[roman[i] ?? ""] ?? 0;
    const next = values[roman[i + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

const SORT_LABELS: Record<(typeof SORTS)[number], string> = {
  relevance: "Relevance",
  newest: "Newest first",
  oldest: "Oldest first",
  reading: "Reading order",
};

/** Registers `/search` and `/api/search`. */
export function searchRoutes(deps: RouteDeps): Router {
  const router = Router();
  const run = async (req: Request) => {
    const catalog = await deps.catalog.get();
    const request = readSearchRequest(req.query, catalog);
    const outcome = await search(deps.reader, catalog, request);
    return { catalog, request, outcome };
  };
  router.get("/api/search", async (req, res) => {
    const { outcome } = await run(req);
    res.json(searchJson(outcome));
  });
  router.get("/search", async (req, res) => {
    const { catalog, request, outcome } = await run(req);
    const title = request.q ? `Search: ${request.q}` : "Search";
    res.send(
      deps.render(req, "search", {
        page: {
          title,
          nav: "search",
          jsonUrl: searchUrl(request, { page: request.page }, "/api/search"),
        },
        ...pageModel(request, outcome, catalog),
      }),
    );
  });
  return router;
}
