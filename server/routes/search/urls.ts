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

/**
 * The address of the search with one more value of a facet, for every value a results page
 * lists (a hundred and more): the same as `searchUrl` with that value added, built from a prefix
 * and a suffix computed once per facet instead of the whole query each time.
 */
export function addValueUrls(
  request: SearchRequest,
  base = "/search",
): (facet: FacetName, value: string) => string {
  const head = request.q ? [`q=${formEncode(request.q)}`] : [];
  const encoded = FACET_NAMES.map((f) => request.filters[f].map((v) => `${f}=${formEncode(v)}`));
  const tail: string[] = [];
  if (request.sort !== "relevance") tail.push(`sort=${request.sort}`);
  if (request.literal) tail.push("literal=1");
  const parts = new Map<FacetName, { before: string; after: string }>();
  return (facet, value) => {
    let around = parts.get(facet);
    if (!around) {
      const i = FACET_NAMES.indexOf(facet);
      around = {
        before: [...head, ...encoded.slice(0, i + 1).flat()].map((p) => `${p}&`).join(""),
        after: [...encoded.slice(i + 1).flat(), ...tail].map((p) => `&${p}`).join(""),
      };
      parts.set(facet, around);
    }
    return `${base}?${around.before}${facet}=${formEncode(value)}${around.after}`;
  };
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
