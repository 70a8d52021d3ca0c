/**
 * A reader over documents held in memory: the knowledge base as it stood at an earlier commit,
 * rebuilt from the corpus's git history. It answers the same calls as the engine reader for the
 * pages that can be shown at a point in time (article, country, comparison); its filters are
 * the ones filters.ts builds — `attr = "v"`, `attr != "v"`, `attr IN ["a", "b"]` — ANDed in an
 * array, ORed in a nested array. It does no full-text search.
 */
import type { MultiSearchQuery, SearchResponse } from "meilisearch";
import type { KbDocument } from "../../indexer/index.js";
import { allowedBy, type KbReader, type ReadScope } from "./reader.js";

type Test = (doc: KbDocument) => boolean;

const CLAUSE = /^\s*(\w+)\s*(=|!=|IN)\s*(.+?)\s*$/;

/** Reads a quoted value (or a bare number) as filters.ts writes it. */
function values(text: string): string[] {
  const list = text.startsWith("[") ? text.slice(1, -1) : text;
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)/g;
  for (const m of list.matchAll(re))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? ""));
  return out;
}

function clause(expression: string): Test {
  const match = CLAUSE.exec(expression);
  if (!match) throw new Error(`unsupported filter: ${expression}`);
  const [, attribute = "", operator, rest = ""] = match;
  const wanted = new Set(values(rest));
  const has = (doc: KbDocument) => {
    const value = (doc as unknown as Record<string, unknown>)[attribute];
    const list = Array.isArray(value) ? value : [value];
    return list.some((v) => v !== null && v !== undefined && wanted.has(String(v)));
  };
  return operator === "!=" ? (doc) => !has(doc) : has;
}

/** A test for a filter in Meilisearch's array form, or a single expression. */
export function compileFilter(filter: string | (string | string[])[] | undefined): Test {
  if (filter === undefined) return () => true;
  const groups = (Array.isArray(filter) ? filter : [filter]).map((group) => {
    const tests = (Array.isArray(group) ? group : [group]).map((g) => {
      const parts = g.split(/\s+OR\s+/);
      const ors = parts.map(clause);
      return (doc: KbDocument) => ors.some((t) => t(doc));
    });
    return (doc: KbDocument) => tests.some((t) => t(doc));
  });
  return (doc) => groups.every((g) => g(doc));
}

function sorter(sort: string[] | undefined) {
  const keys = (sort ?? []).map((s) => {
    const [attribute = "", direction = "asc"] = s.split(":");
    return { attribute, sign: direction === "desc" ? -1 : 1 };
  });
  return (a: KbDocument, b: KbDocument) => {
    for (const { attribute, sign } of keys) {
      const x = (a as unknown as Record<string, string | number | null>)[attribute] ?? "";
      const y = (b as unknown as Record<string, string | number | null>)[attribute] ?? "";
      if (x < y) return -sign;
      if (x > y) return sign;
    }
    return a.order - b.order;
  };
}

/** The part of `value` at `path` (`data.article`), through arrays, as the engine selects it. */
function select(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return value;
  if (Array.isArray(value)) return value.map((item) => select(item, path));
  if (value === null || typeof value !== "object") return undefined;
  const [head = "", ...rest] = path;
  return { [head]: select((value as Record<string, unknown>)[head], rest) };
}

/** Two selections of the same value put together (`sources.title` and `sources.url`). */
function merge(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((item, i) => merge(item, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [key, value] of Object.entries(b)) out[key] = merge(out[key], value);
    return out;
  }
  return b;
}

/** The document with only `fields` (nested ones written with a dot), like the engine's `fields`. */
function pick(doc: KbDocument, fields?: readonly string[]): KbDocument {
  if (!fields) return doc;
  let out: unknown = {};
  for (const f of fields) out = merge(out, select(doc, f.split(".")));
  return out as KbDocument;
}

/** A reader over `documents`, limited to what `scope` allows. */
export function createMemoryReader(
  all: readonly KbDocument[],
  scope: ReadScope | null = null,
): KbReader {
  const documents = all.filter((d) => allowedBy(scope, d));
  const byId = new Map(documents.map((d) => [d.id, d]));
  return {
    async multiSearch(queries: MultiSearchQuery[]) {
      return queries.map((query) => {
        if (query.q) throw new Error("the memory reader does no full-text search");
        const test = compileFilter(query.filter as string | (string | string[])[] | undefined);
        const hits = documents.filter(test).sort(sorter(query.sort));
        const facetDistribution: Record<string, Record<string, number>> = {};
        for (const facet of query.facets ?? []) {
          const counts: Record<string, number> = {};
          for (const doc of hits) {
            const value = (doc as unknown as Record<string, unknown>)[facet];
            for (const v of Array.isArray(value) ? value : [value])
              if (v !== null && v !== undefined) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
          }
          facetDistribution[facet] = counts;
        }
        return {
          hits: hits.slice(query.offset ?? 0, (query.offset ?? 0) + (query.limit ?? 20)),
          estimatedTotalHits: hits.length,
          facetDistribution,
          processingTimeMs: 0,
          query: "",
          limit: query.limit ?? 20,
          offset: query.offset ?? 0,
        } as unknown as SearchResponse<KbDocument>;
      });
    },
    async documents(filter, fields) {
      const test = compileFilter(filter);
      return documents.filter(test).map((d) => pick(d, fields));
    },
    async document(id) {
      return byId.get(id) ?? null;
    },
    async ready() {
      const meta = byId.get("meta");
      return {
        ok: true,
        fingerprint: meta?.kind === "meta" ? meta.data.fingerprint : null,
        host: "history",
      };
    },
    hostStates() {
      return [];
    },
    withScope(next) {
      return createMemoryReader(all, next);
    },
  };
}
