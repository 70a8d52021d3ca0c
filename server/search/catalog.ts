/**
 * Reference data every page needs (countries, article titles, publishers, meetings), read from
 * the index and cached briefly. The server keeps no other copy of the corpus.
 */
import type { ArticlePlace, KbDocument } from "../../indexer/index.js";
import type { KbReader } from "./reader.js";

export interface CatalogCountry {
  code: string;
  name: string;
  aliases: string[];
  party: boolean;
  asOf: string | null;
}

export type ArticlePlaceView = ArticlePlace;

export interface CatalogArticle {
  number: number;
  title: string;
  place: ArticlePlaceView | null;
}

export interface Meeting {
  id: string;
  name: string;
  place: string;
  start: string;
  end: string;
}

export interface InstrumentInfo {
  id: string;
  short: string;
  title: string;
  treaty: string;
  primary: boolean;
  opened: string | null;
  adopted: string | null;
  inForce: string | null;
  note: string | null;
  articleCount: number;
  introHtml: string;
  sources: KbDocument["sources"];
}

export interface Catalog {
  countries: CatalogCountry[];
  articles: CatalogArticle[];
  /** How many articles the primary instrument (the Convention) has: the limit of every article parameter. */
  articleCount: number;
  publishers: string[];
  recommendationIds: string[];
  meetings: Meeting[];
  instruments: InstrumentInfo[];
  fingerprint: string | null;
  builtAt: string | null;
}

/** Loads the catalog, cached for `ttlMs`; a stale copy is served if a refresh fails. */
export function createCatalog(reader: KbReader, ttlMs = 10_000) {
  let cached: { at: number; value: Catalog } | null = null;
  let loading: Promise<Catalog> | null = null;

  const load = async (): Promise<Catalog> => {
    const [docs, meta, facets] = await Promise.all([
      reader.documents('kind IN ["profile", "article", "recommendation"]', [
        "id",
        "kind",
        "title",
        "country",
        "countryName",
        "articles",
        "data",
        "date",
      ]),
      reader.document("meta"),
      reader.multiSearch([
        { indexUid: "", q: "", limit: 0, facets: ["source"], filter: 'kind != "meta"' },
      ]),
    ]);
    const countries: CatalogCountry[] = [];
    const articles: CatalogArticle[] = [];
    const recommendationIds: string[] = [];
    for (const doc of docs) {
      const data = doc.data as Record<string, unknown>;
      if (doc.kind === "profile" && doc.country) {
        countries.push({
          code: doc.country,
          name: doc.countryName ?? doc.country,
          aliases: Array.isArray(data["aliases"]) ? (data["aliases"] as string[]) : [],
          party: data["party"] !== false,
          asOf: doc.date,
        });
      } else if (doc.kind === "article") {
        articles.push({
          number: Number(data["number"]),
          title:
            typeof data["articleTitle"] === "string"
              ? data["articleTitle"]
              : `Article ${String(data["number"])}`,
          place: (data["place"] as ArticlePlaceView | null) ?? null,
        });
      } else if (doc.kind === "recommendation" && typeof data["id"] === "string") {
        recommendationIds.push(data["id"]);
      }
    }
    const metaData = (meta?.data ?? {}) as {
      meetings?: Meeting[];
      instruments?: InstrumentInfo[];
      fingerprint?: string;
      builtAt?: string;
    };
    const instruments = metaData.instruments ?? [];
    return {
      countries: countries.sort((a, b) => a.name.localeCompare(b.name, "en")),
      articles: articles.sort((a, b) => a.number - b.number),
      articleCount:
        instruments.find((i) => i.primary)?.articleCount ??
        Math.max(0, ...articles.map((a) => a.number)),
      publishers: Object.keys(facets[0]?.facetDistribution?.["source"] ?? {}).sort(),
      recommendationIds: recommendationIds.sort(),
      meetings: (metaData.meetings ?? []).map(({ id, name, place, start, end }) => ({
        id,
        name,
        place,
        start,
        end,
      })),
      instruments,
      fingerprint: metaData.fingerprint ?? null,
      builtAt: metaData.builtAt ?? null,
    };
  };

  return {
    async get(): Promise<Catalog> {
      if (cached && Date.now() - cached.at < ttlMs) return cached.value;
      loading ??= load()
        .then((value) => {
          cached = { at: Date.now(), value };
          return value;
        })
        .catch((error: unknown) => {
          if (cached) return cached.value;
          throw error;
        })
        .finally(() => {
          loading = null;
        });
      return loading;
    },
    /** The last loaded copy, if any, without waiting (for page furniture). */
    peek(): Catalog | null {
      return cached?.value ?? null;
    },
    /** Drops the cached copy (after a reindex). */
    invalidate() {
      cached = null;
    },
  };
}
export type CatalogSource = ReturnType<typeof createCatalog>;
