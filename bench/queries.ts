/**
 * The benchmark's queries: the fixed set (what experts type, repeated by every connection), and
 * a generator of distinct queries (no query sent twice in a run, so no cache can help either
 * side). Each query is a `/search` query string; the engine alone receives the multi-search body
 * the server plans for it, so both sides do the same search.
 */
import type { Meilisearch, MultiSearchQuery } from "meilisearch";
import { readParams } from "../server/http/params.js";
import { SEARCH_MULTI, SearchParamsShape, searchRequest } from "../server/routes/search/schema.js";
import type { Catalog } from "../server/search/catalog.js";
import { planSearch } from "../server/search/search.js";

/** The fixed query set, unchanged since the first benchmark. */
export const FIXED_QUERIES = [
  "q=art.+29",
  "q=quick+freeze",
  "q=Georgia+subscriber+information",
  "q=central+authority&country=UA&country=MD",
  "q=24%2F7+point+of+contact",
  "q=production+order&kind=analysis",
  "q=dual+criminality&status=partial",
  "q=Moldova",
  "q=extradition&article=24",
  "q=interception&kind=analysis&status=unknown",
  "q=preservation&chapter=III",
  "q=templates",
  "q=Articles+29-31",
  "q=%D1%81%D1%82.+29",
  "q=mutual+legal+assistance&page=2",
] as const;

/** The multi-search body the server sends the engine for the query string `qs`. */
export function engineBody(catalog: Catalog, qs: string, indexUid: string): string {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const plan = planSearch(
    catalog,
    searchRequest(readParams(params, SearchParamsShape, { multi: SEARCH_MULTI }), catalog),
  );
  return JSON.stringify({
    queries: plan.queries.map((q: MultiSearchQuery) => ({ ...q, indexUid })),
  });
}

// Terms a lawyer searches for in this corpus: the Convention's vocabulary and the analyses'.
const TERMS = [
  "preservation",
  "expedited preservation",
  "quick freeze",
  "traffic data",
  "subscriber information",
  "content data",
  "stored computer data",
  "production order",
  "search and seizure",
  "interception",
  "real-time collection",
  "mutual assistance",
  "mutual legal assistance",
  "central authority",
  "point of contact",
  "24/7 network",
  "extradition",
  "dual criminality",
  "spontaneous information",
  "confidentiality",
  "limitation on use",
  "refusal",
  "grounds for refusal",
  "urgent request",
  "jurisdiction",
  "service provider",
  "illegal access",
  "illegal interception",
  "data interference",
  "system interference",
  "misuse of devices",
  "forgery",
  "fraud",
  "child pornography",
  "copyright",
  "corporate liability",
  "sanctions",
  "safeguards",
  "conditions and safeguards",
  "disclosure",
  "trans-border access",
  "consent",
  "publicly available",
  "criminal procedure code",
  "criminal code",
  "prosecutor",
  "court",
  "warrant",
  "retention",
  "data protection",
  "declaration",
  "reservation",
  "ratification",
  "treaty",
  "templates",
  "request",
  "cybercrime",
  "electronic evidence",
  "computer system",
  "investigation",
  "procedural powers",
  "international co-operation",
  "law enforcement",
  "telecommunications",
  "operator",
  "amendment",
  "draft law",
  "recommendation",
  "training",
  "statistics",
];
const KINDS = ["analysis", "article", "recommendation", "profile", "followup"];
const STATUSES = ["implemented", "partial", "not-implemented", "unknown"];
const CHAPTERS = ["I", "II", "III"];

/** A small seeded generator (mulberry32), so a run's distinct queries can be reproduced. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Distinct queries in the shapes of the fixed set: one or two terms, sometimes a country (by
 * name in the text or as a filter), an article reference, a type, status or chapter filter, a
 * sort or a later page. Each differs from every other (and from the fixed set) both as an
 * address and as the search the engine receives.
 */
export function createDistinctQueries(catalog: Catalog, indexUid: string, seed = 17) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const seen = new Set<string>(FIXED_QUERIES.map((q) => engineBody(catalog, q, indexUid)));
  const seenUrls = new Set<string>(FIXED_QUERIES);
  const countries = catalog.countries;
  const articleCount = catalog.articleCount;

  // At most one narrowing besides the words (a country, an article, a type or status, a
  // chapter), as in the fixed set: stacking them mostly finds nothing.
  const one = (): string => {
    const text: string[] = [pick(TERMS)];
    if (next() < 0.35) text.push(pick(TERMS));
    const params: [string, string][] = [];
    const r = next();
    if (r < 0.15) text.push(pick(countries).name);
    else if (r < 0.25) params.push(["country", pick(countries).code]);
    else if (r < 0.3)
      params.push(["country", pick(countries).code], ["country", pick(countries).code]);
    else if (r < 0.4) text.unshift(`art. ${1 + Math.floor(next() * articleCount)}`);
    else if (r < 0.45) params.push(["article", String(1 + Math.floor(next() * articleCount))]);
    else if (r < 0.6) params.push(["kind", pick(KINDS)]);
    else if (r < 0.68) params.push(["kind", "analysis"], ["status", pick(STATUSES)]);
    else if (r < 0.73) params.push(["chapter", pick(CHAPTERS)]);
    if (next() < 0.08) params.push(["sort", pick(["newest", "reading"])]);
    if (params.length === 0 && next() < 0.15) params.push(["page", "2"]);
    const unique = [...new Map(params.map((p) => [`${p[0]}=${p[1]}`, p])).values()];
    return new URLSearchParams([["q", text.join(" ")], ...unique]).toString();
  };

  const fresh = (count: number): { qs: string; body: string }[] => {
    const out: { qs: string; body: string }[] = [];
    for (let tries = 0; out.length < count; tries++) {
      if (tries > count * 50) throw new Error("the distinct query generator ran dry");
      const qs = one();
      if (seenUrls.has(qs)) continue;
      seenUrls.add(qs);
      const body = engineBody(catalog, qs, indexUid);
      if (seen.has(body)) continue;
      seen.add(body);
      out.push({ qs, body });
    }
    return out;
  };

  return {
    /**
     * `count` new queries, none given before by this generator, each with at least one hit
     * (as every query of the fixed set has): on a search that finds nothing the server also
     * asks for suggestions, which the engine alone would not be asked.
     */
    async take(count: number, hasHits: HitScreen): Promise<{ qs: string; body: string }[]> {
      const out: { qs: string; body: string }[] = [];
      while (out.length < count) {
        const batch = fresh(Math.ceil((count - out.length) * 1.3) + 10);
        const found = await hasHits(batch.map((q) => q.body));
        batch.forEach((q, i) => {
          if (found[i] && out.length < count) out.push(q);
        });
      }
      return out;
    },
    /** How many distinct queries were generated (kept or screened out). */
    size: () => seen.size - FIXED_QUERIES.length,
  };
}

/** Says, for multi-search bodies, whether the main search of each finds anything. */
export type HitScreen = (bodies: string[]) => Promise<boolean[]>;

/**
 * A screen that asks the engine, in batches, for the count of each main search (no hits, no
 * facets, no highlighting: a different and much cheaper request than the one measured).
 */
export function engineHitScreen(client: Meilisearch): HitScreen {
  return async (bodies) => {
    const queries = bodies.map((body) => {
      const main = (JSON.parse(body) as { queries: MultiSearchQuery[] }).queries[0]!;
      return { indexUid: main.indexUid, q: main.q ?? "", filter: main.filter ?? [], limit: 0 };
    });
    const out: boolean[] = [];
    for (let i = 0; i < queries.length; i += 200) {
      const { results } = await client.multiSearch({ queries: queries.slice(i, i + 200) });
      out.push(...results.map((r) => (r.estimatedTotalHits ?? r.totalHits ?? 0) > 0));
    }
    return out;
  };
}
