/** The search page's view model: hits, facet lists with their links, chips, pagination. */
import type { Catalog } from "../../search/catalog.js";
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
import { conceptRemoveUrl, removeUrl, searchUrl } from "./urls.js";

/**
 * Links that change the search land on the results heading: the browser scrolls there and the
 * next Tab goes to the first result, and app.js moves the focus there so it is announced.
 */
const toResults = (url: string) => `${url}#results`;

/** The search page's view model: hits, facet checkboxes, chips and pagination. */
export function pageModel(request: SearchRequest, outcome: SearchOutcome, catalog: Catalog) {
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
    removeUrl: toResults(removeUrl(request, outcome, a.facet, a.value, catalog)),
    insteadLabel: a.fromQuery
      ? a.facet === "article"
        ? "search all articles instead"
        : "search all countries instead"
      : null,
  }));
  const concepts = outcome.concepts.map((c, i) => ({
    words: c.words,
    searchedAs: c.searchedAs,
    label: c.label,
    lang: c.lang,
    removeUrl: toResults(conceptRemoveUrl(request, outcome, i)),
  }));
  const pages = outcome.pages;
  const pageLinks: { n: number; url: string; current: boolean }[] = [];
  for (let n = Math.max(1, request.page - 3); n <= Math.min(pages, request.page + 3); n++) {
    pageLinks.push({
      n,
      url: toResults(searchUrl(request, { page: n })),
      current: n === request.page,
    });
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
      // A Convention article hit leads straight to every country's position on it.
      compareUrl:
        h.kind === "article" && h.articles.length === 1
          ? `/compare?articles=${h.articles[0]}`
          : null,
      benchmark:
        h.kind === "analysis" &&
        catalog.countries.find((c) => c.code === h.country)?.party === false,
    })),
    facets,
    selectedTotal: facets.reduce((sum, f) => sum + f.selectedCount, 0),
    chips,
    hasChips: chips.length > 0,
    concepts,
    hasConcepts: concepts.length > 0,
    clearAllUrl: toResults(
      searchUrl({
        ...request,
        q: outcome.applied.some((a) => a.fromQuery) ? outcome.rest : request.q,
        filters: Object.fromEntries(
          FACET_NAMES.map((f) => [f, []]),
        ) as unknown as SearchRequest["filters"],
      }),
    ),
    // The filter form sends the text without the references it recognised: those come back as
    // ticked boxes, so unticking one removes it.
    facetQ: outcome.applied.some((a) => a.fromQuery) ? outcome.rest : request.q,
    sortOptions: SORTS.map((s) => ({
      value: s,
      label: SORT_LABELS[s],
      selected: s === request.sort,
    })),
    hiddenFilters: FACET_NAMES.flatMap((f) =>
      request.filters[f].map((value) => ({ name: f, value })),
    ),
    literal: request.literal,
    sort: request.sort,
    pagination:
      pages > 1 && !pastEnd
        ? {
            prev:
              request.page > 1 ? toResults(searchUrl(request, { page: request.page - 1 })) : null,
            next:
              request.page < pages
                ? toResults(searchUrl(request, { page: request.page + 1 }))
                : null,
            links: pageLinks,
            page: request.page,
            pages,
          }
        : null,
    pastEnd: pastEnd
      ? { page: request.page, pages, lastUrl: toResults(searchUrl(request, { page: pages })) }
      : null,
    empty:
      outcome.total === 0
        ? {
            filtered: outcome.applied.length > 0,
            suggestions: outcome.suggestions.map((s) => ({
              ...s,
              url:
                s.kind === "remove-filter" && s.facet && s.value !== undefined
                  ? toResults(removeUrl(request, outcome, s.facet, s.value, catalog))
                  : s.kind === "spelling" && s.q
                    ? toResults(
                        searchUrl(request, {
                          q: [
                            s.q,
                            ...outcome.applied.filter((a) => a.fromQuery).map((a) => a.label),
                          ].join(" "),
                        }),
                      )
                    : null,
            })),
          }
        : null,
    notices: outcome.notices.map((n) => n.text),
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
