/**
 * The server's only door to Meilisearch: read-only calls (multi-search, documents) spread over
 * the healthy hosts, with fail-over to the next host when one does not answer.
 */
import {
  Meilisearch,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type MultiSearchQuery,
  type SearchResponse,
} from "meilisearch";
import { generateTenantToken } from "meilisearch/token";
import { apiError, apiErrorCode, nodeHttpClient } from "../../engine/index.js";
import { MetaDataSchema, type KbDocument } from "../../indexer/index.js";
import { AppError, SearchUnavailableError } from "../errors.js";
import { inList } from "./filters.js";

/** A host as the reader needs it: a client holding the read-only key. */
export interface ReadHost {
  url: string;
  read: Meilisearch;
  /** Re-creates the scoped keys (after an engine restarted from an empty database). */
  ensureKeys?: () => Promise<void>;
}

export interface Logger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

export interface KbReader {
  multiSearch(queries: MultiSearchQuery[]): Promise<SearchResponse<KbDocument>[]>;
  /** Every document matching `filter` (paged through, never capped by maxTotalHits). */
  documents(
    filter: string | string[] | undefined,
    fields?: readonly string[],
  ): Promise<KbDocument[]>;
  document(id: string): Promise<KbDocument | null>;
  /** Whether some host answers and holds the index; with the corpus fingerprint. */
  ready(): Promise<
    { ok: true; fingerprint: string | null; host: string } | { ok: false; reason: string }
  >;
  hostStates(): { url: string; healthy: boolean }[];
  /** The same reader, reading only what `scope` allows (see access.ts; null: everything). */
  withScope(scope: ReadScope | null): KbReader;
}

/**
 * What a caller may read: the `access` values of the documents allowed to it, or null for
 * everything (editors). Built only by access.ts.
 */
export interface ReadScope {
  /** Identifies the scope in caches (the same allowed values, the same key). */
  key: string;
  allowed: readonly string[] | null;
}

/** The filter that keeps a read to `scope`, or null when it may read everything. */
export function scopeFilter(scope: ReadScope | null): string | null {
  if (!scope || scope.allowed === null) return null;
  return inList("access", scope.allowed);
}

/** The index is not there (never published, or deleted): a 503 too, with its own id. */
export class IndexMissingError extends AppError {
  override name = "IndexMissingError";
  constructor(indexName: string) {
    super(
      "index_missing",
      `The index "${indexName}" has not been published yet. Run npm run index, then try again.`,
    );
  }
}

const DOWN_FOR_MS = 2_000;

/** The engine is being restarted: no request is sent until it answers again. */
class EngineDownError extends SearchUnavailableError {
  override name = "EngineDownError";
  constructor() {
    super("The search engine is restarting. Please try again in a few seconds.");
  }
}

/** Creates the reader over one or more hosts. */
export function createReader(options: {
  hosts: ReadHost[];
  indexName: string;
  log?: Logger;
  /**
   * False while the engine is known to be down or hung (the bundled engine's supervisor says
   * so): requests then fail at once with a 503 instead of each waiting for its timeout.
   */
  available?: () => boolean;
  /**
   * The read key's uid and value, to sign tenant tokens: a scoped search then carries its
   * filter inside the token, and the engine applies it to hits, facet counts and totals.
   */
  tokenKey?: { uid: string; key: string } | undefined;
}): KbReader {
  const { hosts, indexName, log, available, tokenKey } = options;
  /** Per scope: a token and one client per host made with it, until shortly before it expires. */
  const scoped = new Map<string, { until: number; clients: Map<string, Meilisearch> }>();
  const TOKEN_LIFE_MS = 60 * 60_000;

  /** The client to search with for `scope` on `host`: the read key's, or a tenant token's. */
  const searchClient = async (host: ReadHost, scope: ReadScope | null): Promise<Meilisearch> => {
    const filter = scopeFilter(scope);
    if (!filter || !scope || !tokenKey) return host.read;
    let entry = scoped.get(scope.key);
    if (!entry || entry.until < Date.now()) {
      const expiresAt = new Date(Date.now() + TOKEN_LIFE_MS);
      const token = await generateTenantToken({
        apiKey: tokenKey.key,
        apiKeyUid: tokenKey.uid,
        searchRules: { [indexName]: { filter } },
        expiresAt,
      });
      entry = { until: expiresAt.getTime() - 5 * 60_000, clients: new Map() };
      for (const h of hosts)
        entry.clients.set(
          h.url,
          new Meilisearch({
            host: h.url,
            apiKey: token,
            httpClient: nodeHttpClient,
            requestInit: { headers: { "Accept-Encoding": "identity" } },
          }),
        );
      scoped.set(scope.key, entry);
    }
    return entry.clients.get(host.url) ?? host.read;
  };
  const downUntil = new Map<string, number>();
  let next = 0;

  /** Hosts in the order to try: healthy ones round-robin first, then those marked down. */
  const order = (): ReadHost[] => {
    const now = Date.now();
    const start = next++ % hosts.length;
    const rotated = [...hosts.slice(start), ...hosts.slice(0, start)];
    const up = rotated.filter((h) => (downUntil.get(h.url) ?? 0) <= now);
    const down = rotated.filter((h) => (downUntil.get(h.url) ?? 0) > now);
    return [...up, ...down];
  };

  async function call<T>(
    what: string,
    fn: (client: Meilisearch) => Promise<T>,
    scope: ReadScope | null = null,
  ): Promise<T> {
    if (available && !available()) throw new EngineDownError();
    let lastError: unknown;
    for (const host of order()) {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const result = await fn(await searchClient(host, scope));
          downUntil.delete(host.url);
          return result;
        } catch (error) {
          lastError = error;
          const api = apiError(error);
          if (api) {
            const code = api.cause?.code;
            if (code === "index_not_found") throw new IndexMissingError(indexName);
            if (
              (code === "invalid_api_key" || api.response.status === 401) &&
              attempt === 0 &&
              host.ensureKeys
            ) {
              // The engine lost its keys (restarted from an empty database): recreate, retry once.
              await host.ensureKeys().catch(() => undefined);
              continue;
            }
            if (
              api.response.status < 500 &&
              api.response.status !== 401 &&
              api.response.status !== 403
            )
              throw api;
          } else if (!(
            error instanceof MeilisearchRequestError ||
            error instanceof MeilisearchRequestTimeOutError
          )) {
            throw error;
          }
          downUntil.set(host.url, Date.now() + DOWN_FOR_MS);
          log?.warn(
            { host: host.url, what, reason: errorName(error) },
            "search host failed; trying the next one",
          );
          break;
        }
      }
    }
    throw new SearchUnavailableError(undefined, { cause: lastError });
  }

  /** The reader for one scope (null: everything). */
  const readerFor = (scope: ReadScope | null): KbReader => ({
    async multiSearch(queries) {
      // With a tenant token the engine applies the scope; without one (an engine without a
      // master key cannot sign tokens) the scope's filter is added to every query here.
      const restriction = tokenKey ? null : scopeFilter(scope);
      const scoped = restriction
        ? queries.map((q) => ({
            ...q,
            filter: [
              ...(q.filter === undefined ? [] : Array.isArray(q.filter) ? q.filter : [q.filter]),
              restriction,
            ],
          }))
        : queries;
      const response = await call(
        "multiSearch",
        (client) =>
          client.multiSearch<{ queries: MultiSearchQuery[] }, KbDocument>({
            queries: scoped.map((q) => ({ ...q, indexUid: indexName })),
          }),
        scope,
      );
      return response.results as unknown as SearchResponse<KbDocument>[];
    },

    async documents(given, fields) {
      // Tenant tokens do not cover document reads: the scope's filter is added here.
      const limit = 1000;
      const restriction = scopeFilter(scope);
      const filter = restriction
        ? [...(given === undefined ? [] : Array.isArray(given) ? given : [given]), restriction]
        : given;
      const page = (offset: number) =>
        call("documents", (client) =>
          client.index<KbDocument>(indexName).getDocuments({
            ...(filter ? { filter } : {}),
            ...(fields ? { fields: fields as (keyof KbDocument)[] } : {}),
            limit,
            offset,
          }),
        );
      // The first page tells how many there are; the others are fetched together.
      const first = await page(0);
      const rest = [];
      for (let offset = limit; offset < first.total; offset += limit) rest.push(page(offset));
      return [...first.results, ...(await Promise.all(rest)).flatMap((p) => p.results)];
    },

    async document(id) {
      // Document ids are letters, digits, - and _; anything else never reaches the engine's URL.
      if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
      try {
        const doc = await call("document", (client) =>
          client.index<KbDocument>(indexName).getDocument(id),
        );
        return allowedBy(scope, doc) ? doc : null;
      } catch (error) {
        if (apiErrorCode(error) === "document_not_found") return null;
        throw error;
      }
    },

    async ready() {
      try {
        const meta = await call("ready", (client) =>
          client.index<KbDocument>(indexName).getDocument("meta", { fields: ["data"] }),
        );
        const parsed = MetaDataSchema.pick({ fingerprint: true }).safeParse(meta.data);
        return {
          ok: true,
          fingerprint: parsed.success ? parsed.data.fingerprint : null,
          host: "",
        };
      } catch (error) {
        if (error instanceof IndexMissingError) return { ok: false, reason: "index missing" };
        if (apiErrorCode(error) === "document_not_found") {
          return { ok: false, reason: "index incomplete" };
        }
        if (error instanceof EngineDownError) return { ok: false, reason: "engine restarting" };
        if (error instanceof SearchUnavailableError)
          return { ok: false, reason: "engine unreachable" };
        return { ok: false, reason: errorName(error) };
      }
    },

    hostStates() {
      const now = Date.now();
      return hosts.map((h) => ({ url: h.url, healthy: (downUntil.get(h.url) ?? 0) <= now }));
    },

    withScope: readerFor,
  });
  return readerFor(null);
}

/** Whether a document may be read in `scope` (a document without `access` is public). */
export function allowedBy(scope: ReadScope | null, doc: Pick<KbDocument, "access">): boolean {
  if (!scope || scope.allowed === null) return true;
  const access = doc.access ?? ["public"];
  return access.some((a) => scope.allowed!.includes(a));
}

function errorName(error: unknown): string {
  const api = apiError(error);
  if (api) return api.cause?.code ?? `HTTP ${api.response.status}`;
  if (error instanceof Error) return error.name;
  return "unknown error";
}
