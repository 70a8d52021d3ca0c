/**
 * A reader over documents held in memory: the knowledge base as it stood at an earlier commit,
 * rebuilt from the corpus's git history. It answers the same calls as the engine reader for the
 * pages that can be shown at a point in time (article, country, comparison); its filters are
 * the ones filters.ts builds — `attr = "v"`, `attr != "v"`, `attr IN ["a", "b"]`, `attr NOT IN ["a"]` — ANDed in an
 * array, ORed in a nested array. It does no full-text search.
 */
import type { MultiSearchQuery, SearchResponse } from "meilisearch";
import type { KbDocument } from "../../indexer/index.js";
import { allowedBy, type KbReader, type ReadScope } from "./reader.js";

type Test = (doc: KbDocument) => boolean;

const CLAUSE = /^\s*(\w+)\s*(=|!=|NOT IN|IN)\s*(.+?)\s*$/;

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
  const wants = (v: unknown) =>
    v !== null && v !== undefined && wanted.has(typeof v === "string" ? v : String(v));
  // No array made per document: a comparison at an earlier commit tests every document once
  // per batch of articles.
  const has = (doc: KbDocument) => {
    const value = (doc as unknown as Record<string, unknown>)[attribute];
    if (!Array.isArray(value)) return wants(value);
    for (const v of value) if (wants(v)) return true;
    return false;
  };
  return operator === "!=" || operator === "NOT IN" ? (doc) => !has(doc) : has;
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

/** Fields to keep, as a tree: a key to keep whole (null) or the fields to keep inside it. */
type FieldTree = Map<string, FieldTree | null>;

/** `fields` (nested ones written with a dot) as a tree; a key kept whole keeps all inside it. */
function fieldTree(fields: readonly string[]): FieldTree {
  const tree: FieldTree = new Map();
  for (const field of fields) {
    let node = tree;
    const path = field.split(".");
    for (const [i, key] of path.entries()) {
      if (i === path.length - 1) {
        node.set(key, null);
        break;
      }
      const next = node.get(key);
      if (next === null) break;
      if (next === undefined) node.set(key, (node = new Map()));
      else node = next;
    }
  }
  return tree;
}

/** The parts of `value` the tree names, through arrays, as the engine's `fields` selects them. */
function select(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => select(item, tree));
  if (value === null || typeof value !== "object") return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of tree) {
    const part = (value as Record<string, unknown>)[key];
    const kept = inner === null ? part : select(part, inner);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/**
 * Keeps only `fields` of each document. The tree is made once per read: made for each document
 * and field, the selection was most of a comparison's CPU at an earlier commit.
 */
function picker(fields?: readonly string[]): (doc: KbDocument) => KbDocument {
  if (!fields) return (doc) => doc;
  const tree = fieldTree(fields);
  return (doc) => select(doc, tree) as KbDocument;
}

/** A reader over `documents`, limited to what `scope` allows. */
export function createMemoryReader(
  all: readonly KbDocument[],
  scope: ReadScope | null = null,
  /** The readers of other scopes over the same documents, made once each (see withScope). */
  scoped = new Map<string, KbReader>(),
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
      return documents.filter(test).map(picker(fields));
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
      // Every read of a route asks for its caller's scope: the documents are sorted out for a
      // scope once, not at every read.
      const key = next === null || next.allowed === null ? "" : next.key;
      let reader = scoped.get(key);
      if (!reader) {
        // A few scopes are usual (the public, members, a group or two); a bound all the same.
        if (scoped.size >= 32) scoped.clear();
        scoped.set(key, (reader = createMemoryReader(all, next, scoped)));
      }
      return reader;
    },
  };
}
