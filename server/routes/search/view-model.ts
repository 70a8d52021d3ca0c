/** The search page's view model: hits, facet lists with their links, chips, pagination. */
import Handlebars from "handlebars";
import { catalogIndex, type Catalog } from "../../search/catalog.js";
import {
  FACETS,
  FACET_NAMES,
  SORTS,
  facetValueLabel,
  type FacetName,
  type SearchOutcome,
  type SearchRequest,
} from "../../search/search.js";
import type { Translator } from "../../i18n.js";
import { escapeText } from "../../views.js";
import { conceptRemoveUrl, removeUrl, searchUrl } from "./urls.js";

/**
 * Links that change the search land on the results heading: the browser scrolls there and the
 * next Tab goes to the first result, and app.js moves the focus there so it is announced.
 */
const toResults = (url: string) => `${url}#results`;

/** A facet value in the reader's language (country names and article titles stay as written). */
function valueLabel(
  tr: Translator,
  facet: FacetName,
  value: string,
  catalog: Catalog,
  long: boolean,
): string {
  switch (facet) {
    case "article": {
      const title = long
        ? catalog.articles.find((a) => a.number === Number(value))?.title
        : undefined;
      const short = tr.t("common.artShort", { n: value });
      return title ? `${short} – ${title}` : short;
    }
    case "kind":
      return tr.t(`kind.${value}`);
    case "status":
    case "followup":
      return tr.t(`status.${value}`);
    case "chapter":
      return tr.t("common.chapter", { n: value });
    default:
      return facetValueLabel(facet, value, catalog, long);
  }
}

/**
 * Facets whose values `valueLabel` words in the interface's language (its cases above) or that
 * are numbers; the others' labels are the corpus's own text, in English.
 */
const INTERFACE_LABELLED: ReadonlySet<string> = new Set<FacetName>([
  "article",
  "kind",
  "status",
  "followup",
  "chapter",
  "year",
]);

/**
 * A facet's values as the list items of its checkboxes. Written here rather than in the template:
 * at 100 countries a results page lists about 180 values, and Handlebars' look-ups and helper
 * calls for each were a fifth of the page's server CPU. Every text is escaped as `{{…}}` would.
 */
export function facetValuesHtml(
  name: string,
  values: { value: string; count: number; label: string; selected: boolean }[],
  tr: Translator,
): string {
  const escape = Handlebars.Utils.escapeExpression;
  // Countries' names, publishers, recommendations: corpus text, English on a page in another
  // language (the other facets' labels are the interface's own words, or numbers).
  const label =
    tr.lang !== "en" && !INTERFACE_LABELLED.has(name)
      ? '<span class="facet-label" lang="en">'
      : '<span class="facet-label">';
  let html = "";
  for (const v of values)
    html +=
      `              <li><label class="facet-value${v.selected ? " is-selected" : ""}">` +
      `<input type="checkbox" name="${escape(name)}" value="${escape(v.value)}"${v.selected ? " checked" : ""}> ` +
      `${label}${escape(v.label)}</span> ` +
      `<span class="count">${escape(tr.number(v.count))}<span class="visually-hidden"> ` +
      `${escapeText(tr.t("search.resultsWord", { count: v.count }))}</span></span></label></li>\n`;
  return html;
}

// Ties in counts are ordered as localeCompare would, with one collator instead of one per call.
const collator = new Intl.Collator();

/** The search page's view model: hits, facet checkboxes, chips and pagination. */
export function pageModel(
  request: SearchRequest,
  outcome: SearchOutcome,
  catalog: Catalog,
  tr: Translator,
) {
  const { t } = tr;
  const index = catalogIndex(catalog);
  const facetLabel = (name: FacetName) => t(`facet.${name}`);
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
        label: valueLabel(tr, facet.name, value, catalog, false),
        selected: isSelected,
      };
    });
    return {
      name: facet.name,
      label: facetLabel(facet.name),
      valuesHtml: facetValuesHtml(facet.name, values, tr),
      hasValues: values.length > 0,
      many: values.length > 8,
      selectedCount: selected.size,
    };
  });
  const chips = outcome.applied.map((a) => ({
    facetLabel: facetLabel(a.facet),
    label:
      a.fromQuery && a.facet === "article"
        ? t("common.articleRef", { ref: a.label.replace(/^Article /, "") })
        : valueLabel(tr, a.facet, a.value, catalog, true),
    fromQuery: a.fromQuery,
    removeUrl: toResults(removeUrl(request, outcome, a.facet, a.value, catalog)),
    insteadLabel: a.fromQuery
      ? a.facet === "article"
        ? t("search.allArticlesInstead")
        : t("search.allCountriesInstead")
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
      kindLabel: t(`kind.${h.kind}`),
      articleLabel:
        h.articles.length === 1
          ? t("common.artShort", { n: h.articles[0] })
          : h.articles.length > 1
            ? t("common.artsShort", { list: h.articles.join(", ") })
            : null,
      // A Convention article hit leads straight to every country's position on it.
      compareUrl:
        h.kind === "article" && h.articles.length === 1
          ? `/compare?articles=${h.articles[0]}`
          : null,
      benchmark:
        h.kind === "analysis" &&
        h.country !== null &&
        index.country.get(h.country)?.party === false,
    })),
    facets,
    /** Whether any group has a value to tick (an empty result has none: no form, a sentence). */
    anyFacets: facets.some((f) => f.hasValues),
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
      label: t(`sort.${s}`),
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
                  : (s.kind === "spelling" || s.kind === "term") && s.q
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
    notices: outcome.notices.map((n) => t(`search.notice.${n.key}`, n.params)),
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
