/**
 * The one place that decides what a caller may read. A middleware records the caller for the
 * request (AsyncLocalStorage); every read of the index — search, facets, documents, exports,
 * feeds, drafts' pre-fill, error pages — goes through `scopedReader`, which reads only what that
 * caller's scope allows: searches with a tenant token carrying the scope's filter (so hits, facet
 * counts and totals never include the rest), document reads with the same filter added. History
 * pages and feeds, which read the corpus's git record rather than the index, ask `canRead`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { KbDocument } from "../../indexer/index.js";
import { notInList } from "./filters.js";
import { allowedBy, type KbReader, type ReadScope } from "./reader.js";

/** Roles, from least to most trusted. */
export const ROLES = ["reader", "member", "contributor", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` is at least `least`. */
export function atLeast(role: Role | undefined, least: Role): boolean {
  return ROLES.indexOf(role ?? "reader") >= ROLES.indexOf(least);
}

/** Who is asking: a signed-in person (null: anonymous). */
export interface Caller {
  /** The account's id (local) or the identity provider's subject. */
  id: string;
  email: string;
  name: string;
  role: Role;
  groups: string[];
  /** How the caller proved who they are. */
  via: "password" | "oidc" | "token";
}

const callers = new AsyncLocalStorage<Caller | null>();

/** Runs `fn` (and everything it awaits) as `caller`. */
export function runAs<T>(caller: Caller | null, fn: () => T): T {
  return callers.run(caller, fn);
}

/** The caller of the current request, or null (anonymous, or outside a request). */
export function currentCaller(): Caller | null {
  return callers.getStore() ?? null;
}

const PUBLIC: ReadScope = { key: "public", allowed: ["public"] };
const EVERYTHING: ReadScope = { key: "all", allowed: null };

/**
 * What a caller may read: everyone the public documents; members and contributors also those
 * for members and those of their groups; editors and admins everything (they review it).
 */
export function scopeOf(caller: Caller | null): ReadScope {
  if (!caller || !atLeast(caller.role, "member")) return PUBLIC;
  if (atLeast(caller.role, "editor")) return EVERYTHING;
  const groups = [...new Set(caller.groups)].sort();
  return {
    key: `members:${groups.join(",")}`,
    allowed: ["public", "members", ...groups.map((g) => `group:${g}`)],
  };
}

/** The current request's scope. */
export function currentScope(): ReadScope {
  return scopeOf(currentCaller());
}

/** Whether the current caller may read `doc`. */
export function canRead(doc: Pick<KbDocument, "access">): boolean {
  return allowedBy(currentScope(), doc);
}

/** Whether the current caller sees anything beyond the public documents. */
export function seesRestricted(): boolean {
  return currentScope().key !== PUBLIC.key;
}

/** The reader routes get: reads as the current caller, and says where restricted documents are. */
export interface AccessReader extends KbReader {
  /**
   * The documents matching `filter` that the current caller may not read, reduced to what says
   * where they are (id, kind, country, articles): a comparison shows such a cell as
   * "restricted", never its content or status.
   */
  restrictedPlaces(
    filter: string | string[],
  ): Promise<Pick<KbDocument, "id" | "kind" | "country" | "articles">[]>;
}

/**
 * A reader whose every call reads as the current caller. Routes receive only this one, so no
 * page can read more than its caller may: even `withScope` cannot widen it.
 */
export function scopedReader(base: KbReader): AccessReader {
  const now = () => base.withScope(currentScope());
  const reader: AccessReader = {
    multiSearch: (queries) => now().multiSearch(queries),
    documents: (filter, fields) => now().documents(filter, fields),
    document: (id) => now().document(id),
    ready: () => base.ready(),
    hostStates: () => base.hostStates(),
    withScope: () => reader,
    async restrictedPlaces(filter) {
      const scope = currentScope();
      if (scope.allowed === null) return [];
      // The engine narrows to the documents outside the scope (a comparison of every country
      // would otherwise read every analysis twice); the check below still decides.
      const outside = notInList("access", scope.allowed);
      const all = await base
        .withScope(null)
        .documents(
          [...(Array.isArray(filter) ? filter : [filter]), outside],
          ["id", "kind", "country", "articles", "access"],
        );
      return all
        .filter((doc) => !allowedBy(scope, doc))
        .map(({ id, kind, country, articles }) => ({ id, kind, country, articles }));
    },
  };
  return reader;
}
