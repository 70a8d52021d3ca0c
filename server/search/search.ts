/**
 * Faceted full-text search: article and country references in the query become filters; facets
 * combine with OR inside and AND across, and each selected facet keeps the counts of its other
 * values (disjunctive faceting, one multi-search call).
 */
import type { MultiSearchQuery, SearchResponse } from "meilisearch";
import { SEARCHABLE_KINDS, type KbDocument } from "../../indexer/index.js";
import { catalogIndex, type Catalog } from "./catalog.js";
import { anyOf, equals, inList } from "./filters.js";
import { highlight, escapeHtml, unmarkNoise } from "./highlight.js";
import { termsWithWords } from "./concepts.js";
import {
  articleLabel,
  parseQuery,
  type ArticleRef,
  type ConceptMatch,
  type ParsedQuery,
  type QueryNotice,
} from "./query-parser.js";
import type { KbReader } from "./reader.js";
import { STATUS_LABELS } from "../views.js";

/** The facets, in the order pages show them, with the document attribute behind each. */
export const FACETS = [
  { name: "country", attribute: "countries", label: "Country" },
  { name: "article", attribute: "articles", label: "Article" },
  { name: "kind", attribute: "kind", label: "Type" },
  { name: "status", attribute: "status", label: "Assessment" },
  { name: "followup", attribute: "followup", label: "Follow-up status" },
  { name: "chapter", attribute: "chapter", label: "Chapter" },
  { name: "source", attribute: "source", label: "Source" },
  { name: "year", attribute: "year", label: "Year" },
] as const;
export type FacetName = (typeof FACETS)[number]["name"];
export const FACET_NAMES = FACETS.map((f) => f.name) as FacetName[];

export const SORTS = ["relevance", "newest", "oldest", "reading"] as const;
export type SortName = (typeof SORTS)[number];

export interface SearchRequest {
  q: string;
  filters: Record<FacetName, string[]>;
  sort: SortName;
  page: number;
  hitsPerPage: number;
  /** Search the query as typed, without turning references into filters. */
  literal: boolean;
}

export interface AppliedFilter {
  facet: FacetName;
  value: string;
  label: string;
  fromQuery: boolean;
  /** For an article from the query: the paragraph given, e.g. "2.a". */
  paragraph?: string;
}

export interface Hit {
  id: string;
  kind: KbDocument["kind"];
  title: string;
  titleHtml: string;
  country: string | null;
  countryName: string | null;
  articles: number[];
  url: string;
  snippet: string;
  status: KbDocument["status"];
  followup: KbDocument["followup"];
  date: string | null;
  provisions: string[];
}

export interface Suggestion {
  kind: "remove-filter" | "fewer-words" | "spelling" | "term";
  label: string;
  count: number | null;
  /** Changes to the request that give the suggestion. */
  facet?: FacetName;
  value?: string;
  q?: string;
  /** A thesaurus term's language and its concept's (English) heading. */
  lang?: string;
  concept?: string;
}

export interface SearchOutcome {
  query: string;
  text: string;
  total: number;
  page: number;
  pages: number;
  hitsPerPage: number;
  hits: Hit[];
  facets: Record<FacetName, Record<string, number>>;
  applied: AppliedFilter[];
  /** The query without its article and country references, with the concepts as typed. */
  rest: string;
  /** Thesaurus terms recognised in the query and searched in English. */
  concepts: ConceptMatch[];
  notices: QueryNotice[];
  suggestions: Suggestion[];
  articleRefs: ArticleRef[];
  processingMs: number;
}

// `text` is not retrieved: its cropped, highlighted form still comes back in `_formatted`.
const RETRIEVE = [
  "id",
  "kind",
  "title",
  "country",
  "countryName",
  "articles",
  "url",
  "summary",
  "status",
  "followup",
  "date",
  "provisions",
];
const BASE_FILTER = inList("kind", SEARCHABLE_KINDS);

/** Human labels for facet values; `long` adds an article's title (for chips). */
export function facetValueLabel(
  facet: FacetName,
  value: string,
  catalog: Catalog,
  long = true,
): string {
  switch (facet) {
    case "country":
      return catalogIndex(catalog).country.get(value)?.name ?? value;
    case "article": {
      const title = long ? catalogIndex(catalog).article.get(Number(value))?.title : undefined;
      return title ? `Art. ${value} – ${title}` : `Art. ${value}`;
    }
    case "kind":
      return KIND_LABELS[value] ?? value;
    case "status":
    case "followup":
      return STATUS_LABELS[value] ?? value;
    case "chapter":
      return `Chapter ${value}`;
    default:
      return value;
  }
}

export const KIND_LABELS: Record<string, string> = {
  article: "Convention article",
  analysis: "Country analysis",
  profile: "Country profile",
  recommendation: "Recommendation",
  followup: "Follow-up entry",
  "protocol-article": "Second Protocol article",
  "guidance-note": "Guidance Note",
  page: "Page",
  activity: "Project activity",
};

/** What a search will ask the engine: the queries of one multi-search call, and why. */
export interface SearchPlan {
  parsed: ParsedQuery;
  selected: Record<FacetName, string[]>;
  applied: AppliedFilter[];
  /** The main query, then one facet-count query per facet with a selection. */
  queries: MultiSearchQuery[];
  disjunctive: (typeof FACETS)[number][];
  groups: (except?: FacetName) => (string | string[])[];
  /**
   * Second Protocol articles are searched apart and listed after every other hit (unless the
   * query names the Protocol or asks for that type): the main query leaves them out, and this
   * one counts them (its index in `queries` is the last); `hits` fetches them for a page that
   * runs past the other hits.
   */
  protocolLast: {
    count: MultiSearchQuery;
    hits: (offset: number, limit: number) => MultiSearchQuery;
  } | null;
}

const PROTOCOL_KIND = "protocol-article";

/** Plans a search without running it (the benchmark sends the same queries to the engine). */
export function planSearch(catalog: Catalog, request: SearchRequest): SearchPlan {
  const parsed = request.literal
    ? {
        text: request.q.trim(),
        rest: request.q.trim(),
        articles: [],
        countries: [],
        concepts: [],
        notices: [],
      }
    : parseQuery(request.q, catalog.countries, catalog.articleCount, catalog.thesaurus);

  const selected: Record<FacetName, string[]> = Object.fromEntries(
    FACET_NAMES.map((name) => [name, [...request.filters[name]]]),
  ) as Record<FacetName, string[]>;
  const applied: AppliedFilter[] = [];
  for (const ref of parsed.articles) {
    const value = String(ref.number);
    if (!selected.article.includes(value)) selected.article.push(value);
    applied.push({
      facet: "article",
      value,
      label: ref.label,
      fromQuery: true,
      ...(ref.paragraph ? { paragraph: ref.paragraph } : {}),
    });
  }
  for (const code of parsed.countries) {
    if (!selected.country.includes(code)) selected.country.push(code);
    applied.push({
      facet: "country",
      value: code,
      label: facetValueLabel("country", code, catalog),
      fromQuery: true,
    });
  }
  for (const facet of FACET_NAMES) {
    for (const value of request.filters[facet]) {
      if (applied.some((a) => a.facet === facet && a.value === value)) continue;
      applied.push({
        facet,
        value,
        label: facetValueLabel(facet, value, catalog),
        fromQuery: false,
      });
    }
  }

  const groups = (except?: FacetName): (string | string[])[] => {
    const out: (string | string[])[] = [BASE_FILTER];
    for (const facet of FACETS) {
      const values = selected[facet.name];
      if (facet.name === except || values.length === 0) continue;
      out.push(anyOf(facet.attribute, values));
    }
    return out;
  };

  const sort = sortFor(request.sort, parsed.text);
  const demote =
    request.sort === "relevance" &&
    parsed.text !== "" &&
    !namesProtocol(parsed.text) &&
    !selected.kind.includes(PROTOCOL_KIND);
  const shown = {
    attributesToRetrieve: RETRIEVE,
    attributesToHighlight: ["title", "text"],
    attributesToCrop: ["text"],
    cropLength: 36,
    highlightPreTag: MARK_START,
    highlightPostTag: MARK_END,
  };
  const main: MultiSearchQuery = {
    indexUid: "",
    q: parsed.text,
    filter: demote ? [...groups(), `NOT ${equals("kind", PROTOCOL_KIND)}`] : groups(),
    facets: FACETS.map((f) => f.attribute),
    page: request.page,
    hitsPerPage: request.hitsPerPage,
    ...shown,
    ...(sort ? { sort } : {}),
  };
  const disjunctive = FACETS.filter((f) => selected[f.name].length > 0);
  const protocolFilter = [...groups(), equals("kind", PROTOCOL_KIND)];
  const protocolLast: SearchPlan["protocolLast"] = demote
    ? {
        count: {
          indexUid: "",
          q: parsed.text,
          filter: protocolFilter,
          facets: FACETS.map((f) => f.attribute),
          page: 1,
          hitsPerPage: 0,
        },
        hits: (offset, limit) => ({
          indexUid: "",
          q: parsed.text,
          filter: protocolFilter,
          offset,
          limit,
          ...shown,
        }),
      }
    : null;
  const queries: MultiSearchQuery[] = [
    main,
    ...disjunctive.map((f) => ({
      indexUid: "",
      q: parsed.text,
      filter: groups(f.name),
      facets: [f.attribute],
      limit: 0,
    })),
    ...(protocolLast ? [protocolLast.count] : []),
  ];
  return { parsed, selected, applied, queries, disjunctive, groups, protocolLast };
}

/** Runs a search: one multi-search for hits and disjunctive facet counts. */
export async function search(
  reader: KbReader,
  catalog: Catalog,
  request: SearchRequest,
): Promise<SearchOutcome> {
  const started = performance.now();
  const { parsed, selected, applied, queries, disjunctive, groups, protocolLast } = planSearch(
    catalog,
    request,
  );
  const [first, ...rest] = await reader.multiSearch(queries);
  if (!first) throw new Error("multi-search returned no results");
  const protocol = protocolLast ? rest[disjunctive.length] : undefined;

  const facets = {} as Record<FacetName, Record<string, number>>;
  for (const facet of FACETS) {
    const index = disjunctive.indexOf(facet);
    const source = index >= 0 ? rest[index] : first;
    const counts = { ...(source?.facetDistribution?.[facet.attribute] ?? {}) };
    // The main query left the Protocol's articles out: add their counts back.
    if (index < 0)
      for (const [value, count] of Object.entries(
        protocol?.facetDistribution?.[facet.attribute] ?? {},
      ))
        counts[value] = (counts[value] ?? 0) + count;
    for (const value of selected[facet.name]) counts[value] ??= 0;
    facets[facet.name] = counts;
  }

  const mainTotal = first.totalHits ?? 0;
  const protocolTotal = protocol?.totalHits ?? 0;
  const total = mainTotal + protocolTotal;
  const pages = Math.max(1, Math.ceil(total / request.hitsPerPage));
  const hits = [...first.hits];
  // The page runs past the other hits: fill it with the Protocol's, in their own order.
  if (protocolLast && protocolTotal > 0 && hits.length < request.hitsPerPage) {
    const start = (request.page - 1) * request.hitsPerPage + hits.length;
    const offset = start - mainTotal;
    if (offset >= 0 && offset < protocolTotal) {
      const [more] = await reader.multiSearch([
        protocolLast.hits(offset, request.hitsPerPage - hits.length),
      ]);
      hits.push(...(more?.hits ?? []));
    }
  }
  const outcome: SearchOutcome = {
    query: request.q,
    text: parsed.text,
    total,
    page: request.page,
    pages,
    hitsPerPage: request.hitsPerPage,
    hits: hits.map(toHit),
    facets,
    applied,
    rest: parsed.rest,
    concepts: parsed.concepts,
    notices: parsed.notices,
    suggestions: [],
    articleRefs: parsed.articles,
    processingMs: 0,
  };
  if (total === 0) {
    outcome.suggestions = await suggest(reader, catalog, parsed.text, selected, applied, groups);
    // Words of a thesaurus term that are not the term (`сохранение`): the terms they belong to.
    if (parsed.concepts.length === 0)
      for (const t of termsWithWords(parsed.rest, catalog.thesaurus))
        outcome.suggestions.push({
          kind: "term",
          label: t.term,
          count: null,
          q: t.term,
          lang: t.lang,
          concept: t.label,
        });
  }
  outcome.processingMs = Math.round(performance.now() - started);
  return outcome;
}

/** The query names the Second Additional Protocol: its articles then compete on relevance alone. */
export function namesProtocol(text: string): boolean {
  return /\bprotocol\b|протокол|\bP2\b|\bCETS\s*(No\.?\s*)?224\b/iu.test(text);
}

function sortFor(sort: SortName, text: string): string[] | undefined {
  switch (sort) {
    case "newest":
      return ["date:desc", "order:asc"];
    case "oldest":
      return ["date:asc", "order:asc"];
    case "reading":
      return ["order:asc"];
    case "relevance":
      // The Convention first, the Protocol last (see KIND_RANK), unless the Protocol is asked for.
      return text === "" ? ["order:asc"] : namesProtocol(text) ? undefined : ["rank:asc"];
  }
}

export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

function toHit(hit: SearchResponse<KbDocument>["hits"][number]): Hit {
  const formatted = (hit._formatted ?? {}) as Partial<Record<keyof KbDocument, unknown>>;
  const text =
    typeof formatted.text === "string" ? unmarkNoise(formatted.text, MARK_START, MARK_END) : "";
  const snippet = text.includes(MARK_START)
    ? highlight(text, MARK_START, MARK_END)
    : escapeHtml(hit.summary);
  const title =
    typeof formatted.title === "string"
      ? unmarkNoise(formatted.title, MARK_START, MARK_END)
      : hit.title;
  return {
    id: hit.id,
    kind: hit.kind,
    title: hit.title,
    titleHtml: highlight(title, MARK_START, MARK_END),
    country: hit.country,
    countryName: hit.countryName,
    articles: hit.articles,
    url: hit.url,
    snippet,
    status: hit.status,
    followup: hit.followup,
    date: hit.date,
    provisions: hit.provisions,
  };
}

/** Ways out of an empty result: drop a filter, match fewer words, or fix a spelling. */
async function suggest(
  reader: KbReader,
  catalog: Catalog,
  text: string,
  selected: Record<FacetName, string[]>,
  applied: AppliedFilter[],
  groups: (except?: FacetName) => (string | string[])[],
): Promise<Suggestion[]> {
  const withoutFacet = FACETS.filter((f) => selected[f.name].length > 0);
  const words = text.split(/\s+/).filter(Boolean);
  const queries: MultiSearchQuery[] = withoutFacet.map((f) => ({
    indexUid: "",
    q: text,
    filter: groups(f.name),
    limit: 0,
  }));
  if (words.length > 1)
    queries.push({ indexUid: "", q: text, filter: groups(), limit: 0, matchingStrategy: "last" });
  const results = queries.length > 0 ? await reader.multiSearch(queries) : [];
  const out: Suggestion[] = [];
  withoutFacet.forEach((facet, i) => {
    const count = results[i]?.totalHits ?? results[i]?.estimatedTotalHits ?? 0;
    if (count === 0) return;
    for (const filter of applied.filter((a) => a.facet === facet.name)) {
      out.push({
        kind: "remove-filter",
        label: filter.label,
        count,
        facet: facet.name,
        value: filter.value,
      });
    }
  });
  if (words.length > 1) {
    const result = results[withoutFacet.length];
    const count = result?.estimatedTotalHits ?? result?.totalHits ?? 0;
    if (count > 0)
      out.push({
        kind: "fewer-words",
        label: "documents that match only some of your words",
        count,
      });
  }
  const corrected = spellingSuggestion(words, catalog);
  if (corrected && corrected !== text)
    out.push({ kind: "spelling", label: corrected, count: null, q: corrected });
  return out;
}

/**
 * The terms a spelling suggestion may propose — the words of four letters or more in country
 * names and aliases and article titles, in that order — by their lower-case form, each as it is
 * to be shown: a name as the catalog writes it (Georgia), a title's word in lower case. Made once
 * per catalog: every search that finds nothing asks for them, and making them took 0.13–0.19 ms
 * of CPU at 249 countries.
 */
const vocabularies = new WeakMap<Catalog, ReadonlyMap<string, string>>();
function vocabularyOf(catalog: Catalog): ReadonlyMap<string, string> {
  let vocabulary = vocabularies.get(catalog);
  if (!vocabulary) {
    const words = new Map<string, string>();
    const add = (s: string, asWritten: boolean) => {
      for (const w of s.split(/[^\p{L}\p{N}]+/u)) {
        const lower = w.toLowerCase();
        if (lower.length >= 4 && !words.has(lower)) words.set(lower, asWritten ? w : lower);
      }
    };
    for (const c of catalog.countries) for (const name of [c.name, ...c.aliases]) add(name, true);
    for (const a of catalog.articles) add(a.title, false);
    vocabulary = words;
    vocabularies.set(catalog, vocabulary);
  }
  return vocabulary;
}

/** A word split into the marks before it, the word, and the marks after it. */
const WORD_IN_MARKS = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

/** Replaces words far from any known term with the closest catalog term (names and titles). */
export function spellingSuggestion(words: string[], catalog: Catalog): string | null {
  const vocabulary = vocabularyOf(catalog);
  let changed = false;
  const out = words.map((word) => {
    // Quotes and other marks around a word (a phrase in quotes) stay where they are.
    const [, before = "", core = "", after = ""] = WORD_IN_MARKS.exec(word) ?? [];
    const lower = core.toLowerCase();
    if (lower.length < 4 || vocabulary.has(lower)) return word;
    let best: string | null = null;
    let bestDistance = 3;
    for (const [term, shown] of vocabulary) {
      if (Math.abs(term.length - lower.length) >= bestDistance) continue;
      const d = distance(lower, term, bestDistance);
      if (d < bestDistance) {
        best = shown;
        bestDistance = d;
      }
    }
    if (best && bestDistance <= (lower.length >= 8 ? 2 : 1)) {
      changed = true;
      // A word typed with a capital keeps it ("Preservaton" → "Preservation").
      const capital = core[0] !== core[0]?.toLowerCase();
      const shown = capital ? best[0]!.toUpperCase() + best.slice(1) : best;
      return `${before}${shown}${after}`;
    }
    return word;
  });
  return changed ? out.join(" ") : null;
}

/** Levenshtein distance with an early exit above `limit`. */
function distance(a: string, b: string, limit: number): number {
  // Two rows, reused: the distance is asked of every term of about the same length.
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= limit) return limit;
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? limit;
}

export { articleLabel };
