/** Search addresses: the same search with a filter added, removed, or on another page. */
import { catalogIndex, type Catalog } from "../../search/catalog.js";
import {
  FACET_NAMES,
  type FacetName,
  type SearchOutcome,
  type SearchRequest,
} from "../../search/search.js";

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
  const parts = [outcome.rest];
  for (const a of outcome.applied) {
    if (!a.fromQuery || (a.facet === facet && a.value === value)) continue;
    parts.push(
      a.facet === "country"
        ? (catalogIndex(catalog).country.get(a.value)?.name ?? a.value)
        : a.label,
    );
  }
  return parts.filter(Boolean).join(" ");
}

/** Removing a filter: from the query text if it came from there, from the parameters otherwise. */
export function removeUrl(
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

/**
 * Undoing a recognised concept: the same query with its words in quotation marks, which the
 * parser leaves alone, so they are searched as typed.
 */
export function conceptRemoveUrl(
  request: SearchRequest,
  outcome: SearchOutcome,
  index: number,
  base = "/search",
): string {
  const concept = outcome.concepts[index];
  if (!concept) return searchUrl(request, {}, base);
  const q = request.q.normalize("NFC");
  const literal = `${q.slice(0, concept.start)}"${q.slice(concept.start, concept.end)}"${q.slice(concept.end)}`;
  return searchUrl(request, { q: literal }, base);
}
