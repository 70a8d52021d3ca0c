/**
 * Reference data every page needs (countries, article titles, publishers, meetings), read from
 * the index and cached briefly. The server keeps no other copy of the corpus.
 */
import type {
  ArticlePlace,
  DocumentChange,
  GuidanceCollectionData,
  InstrumentData,
  KbDocument,
  ThesaurusConceptData,
  WorkplanData,
} from "../../indexer/index.js";
import { asArticle, asMeta, asProfile, asRecommendation } from "./records.js";
import { currentScope } from "./access.js";
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
  /** Known only from the project's workplan, at its planned dates: no source confirms it was held. */
  planned: boolean;
  /** The workplan activity the meeting is, if any. */
  activity: string | null;
}

/** An instrument as the meta document describes it. */
export type InstrumentInfo = InstrumentData;

export interface Catalog {
  countries: CatalogCountry[];
  articles: CatalogArticle[];
  /** How many articles the primary instrument (the Convention) has: the limit of every article parameter. */
  articleCount: number;
  publishers: string[];
  recommendationIds: string[];
  meetings: Meeting[];
  instruments: InstrumentInfo[];
  /** Each Guidance Notes file's body and introduction. */
  guidanceCollections: GuidanceCollectionData[];
  /** The project workplan the corpus holds, if any. */
  workplan: WorkplanData | null;
  /** The multilingual thesaurus: concepts whose terms the query parser recognises. */
  thesaurus: ThesaurusConceptData[];
  /** The synonym groups, each a list of terms the engine treats as one. */
  synonyms: string[][];
  fingerprint: string | null;
  builtAt: string | null;
}

/** Lookups into one catalog, built once per loaded catalog rather than searched per request. */
export interface CatalogIndex {
  country: ReadonlyMap<string, CatalogCountry>;
  article: ReadonlyMap<number, CatalogArticle>;
  publishers: ReadonlySet<string>;
  chapters: ReadonlySet<string>;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

/** The lookups of `catalog` (a search page asks for a hundred country names per request). */
export function catalogIndex(catalog: Catalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = {
      country: new Map(catalog.countries.map((c) => [c.code, c])),
      article: new Map(catalog.articles.map((a) => [a.number, a])),
      publishers: new Set(catalog.publishers),
      chapters: new Set(catalog.articles.map((a) => a.place?.chapter ?? "").filter(Boolean)),
    };
    indexes.set(catalog, index);
  }
  return index;
}

/** The kinds of document the catalog is read from (see `load`), besides the meta document. */
const CATALOG_KINDS = new Set<KbDocument["kind"]>(["profile", "article", "recommendation"]);

/** Whether a publication's changes (see `updatePublished`) change what the catalog is made of. */
export function catalogChanged(changes: readonly DocumentChange[]): boolean {
  const reference = (doc: KbDocument | undefined) =>
    doc?.kind === "meta"
      ? JSON.stringify({ ...doc.data, fingerprint: undefined, builtAt: undefined })
      : null;
  return changes.some(({ before, now }) => {
    const kind = (now ?? before)?.kind;
    if (kind && CATALOG_KINDS.has(kind)) return true;
    return kind === "meta" && reference(before) !== reference(now);
  });
}

/** Loads the catalog, cached for `ttlMs`; a stale copy is served if a refresh fails. */
export function createCatalog(reader: KbReader, ttlMs = 10_000) {
  // One copy per access scope: a member's list of countries may hold a restricted one that the
  // public list must not show. `reader` reads as the current caller (see access.ts).
  const copies = new Map<
    string,
    { cached: { at: number; value: Catalog } | null; loading: Promise<Catalog> | null }
  >();
  const copy = () => {
    const key = currentScope().key;
    let entry = copies.get(key);
    if (!entry) {
      entry = { cached: null, loading: null };
      copies.set(key, entry);
    }
    return entry;
  };

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
      if (doc.kind === "profile" && doc.country) {
        const data = asProfile(doc).data;
        countries.push({
          code: doc.country,
          name: doc.countryName ?? doc.country,
          aliases: data.aliases,
          party: data.party,
          asOf: doc.date,
        });
      } else if (doc.kind === "article") {
        const data = asArticle(doc).data;
        articles.push({
          number: data.number,
          title: data.articleTitle ?? `Article ${data.number}`,
          place: data.place,
        });
      } else if (doc.kind === "recommendation") {
        recommendationIds.push(asRecommendation(doc).data.id);
      }
    }
    const metaData = meta ? asMeta(meta).data : null;
    const instruments = metaData?.instruments ?? [];
    return {
      countries: countries.sort((a, b) => a.name.localeCompare(b.name, "en")),
      articles: articles.sort((a, b) => a.number - b.number),
      articleCount:
        instruments.find((i) => i.primary)?.articleCount ??
        Math.max(0, ...articles.map((a) => a.number)),
      publishers: Object.keys(facets[0]?.facetDistribution?.["source"] ?? {}).sort(),
      recommendationIds: recommendationIds.sort(),
      meetings: (metaData?.meetings ?? []).map(
        ({ id, name, place, start, end, planned, activity }) => ({
          id,
          name,
          place,
          start,
          end,
          planned,
          activity,
        }),
      ),
      instruments,
      guidanceCollections: metaData?.guidanceCollections ?? [],
      workplan: metaData?.workplan ?? null,
      thesaurus: metaData?.thesaurus ?? [],
      synonyms: metaData?.synonyms ?? [],
      fingerprint: metaData?.fingerprint ?? null,
      builtAt: metaData?.builtAt ?? null,
    };
  };

  return {
    async get(): Promise<Catalog> {
      const entry = copy();
      const { cached } = entry;
      if (cached && Date.now() - cached.at < ttlMs) return cached.value;
      entry.loading ??= load()
        .then((value) => {
          entry.cached = { at: Date.now(), value };
          return value;
        })
        .catch((error: unknown) => {
          if (entry.cached) return entry.cached.value;
          throw error;
        })
        .finally(() => {
          entry.loading = null;
        });
      return entry.loading;
    },
    /** The last loaded copy, if any, without waiting (for page furniture). */
    peek(): Catalog | null {
      return copy().cached?.value ?? null;
    },
    /**
     * After a publication: the copies are read again only if what they are made of changed
     * (profiles, articles, recommendations, the reference data of the meta document). A save of
     * an analysis section changes none of it, and then the copies only take the new corpus id and
     * build time — reading them again would take the engine's time just when the saved text is
     * on its way (at 249 countries about 100 ms). Publishers listed in the search form may then
     * lag a new source by the copies' lifetime (ttlMs), as they do anyway.
     */
    published(documents: {
      changes: readonly DocumentChange[];
      now: ReadonlyMap<string, KbDocument>;
    }) {
      const meta = documents.now.get("meta");
      if (catalogChanged(documents.changes) || meta?.kind !== "meta") {
        copies.clear();
        return;
      }
      const { fingerprint, builtAt } = meta.data;
      for (const [key, entry] of copies) {
        // A copy being read may have been read before the publication: read it again.
        if (entry.loading) copies.delete(key);
        else if (entry.cached)
          entry.cached = {
            ...entry.cached,
            value: { ...entry.cached.value, fingerprint, builtAt },
          };
      }
    },
  };
}
export type CatalogSource = ReturnType<typeof createCatalog>;
