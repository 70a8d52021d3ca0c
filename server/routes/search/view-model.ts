/** The search page's view model: hits, facet lists with their links, chips, pagination. */
import { catalogIndex, type Catalog } from "../../search/catalog.js";
import {
  FACETS,
  FACET_NAMES,
  KIND_LABELS,
  SORTS,
  facetValueLabel,
  type FacetName,
  type SearchOutcome,
  type SearchRequest,
} from "../../search/search.js";
import { addValueUrls, removeUrl, searchUrl } from "./urls.js";

// Ties in counts are ordered as localeCompare would, with one collator instead of one per call.
const collator = new Intl.Collator();

/** The page's model, built from the request, the outcome and the catalog. */
export function pageModel(request: SearchRequest, outcome: SearchOutcome, catalog: Catalog) {
  const index = catalogIndex(catalog);
  const addUrl = addValueUrls(request);
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
          : entries.sort((a, b) => b[1] - a[1] || collator.compare(a[0], b[0]));
    const values = order.map(([value, count]) => {
      const isSelected = selected.has(value);
      return {
        value,
        count,
        label: facetValueLabel(facet.name, value, catalog, false),
        selected: isSelected,
        url: isSelected
          ? removeUrl(request, outcome, facet.name, value, catalog)
          : addUrl(facet.name, value),
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
        h.country !== null &&
        index.country.get(h.country)?.party === false,
    })),
    facets,
    selectedTotal: facets.reduce((sum, f) => sum + f.selectedCount, 0),
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
