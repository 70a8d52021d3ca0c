/** What every document builder shares: the corpus's lookups, the empty fields, text helpers. */
import type { KbDocument, SourceRef } from "../contract.js";
import { structureArticles, type ArticlePlace, type Corpus } from "../corpus/index.js";
import type { Access } from "../corpus-schema.js";
import type { Origin } from "../extract/index.js";

/** A document before its rank and hash are set (they follow from its kind and content). */
export type Draft<D extends KbDocument = KbDocument> = D extends KbDocument
  ? Omit<D, "rank" | "hash">
  : never;

/** Lookups built once per corpus and used by every builder. */
export interface BuildContext {
  corpus: Corpus;
  builtAt: string;
  settingsHash: string;
  /**
   * Identifies what a country's documents take from the rest of the corpus (sources, the primary
   * instrument, recommendations): while it and the country's own records stay the same, its
   * documents can be reused.
   */
  contextKey: string;
  /** Sources by id, as documents carry them. */
  sourceRefs(ids: readonly string[]): SourceRef[];
  /** The publishers of some sources (the `source` facet). */
  publishers(refs: SourceRef[]): string[];
  /** Where each article of the primary instrument sits. */
  places: Map<number, ArticlePlace>;
  articleTitle: Map<number, string>;
  articleKeywords: Map<number, string[]>;
  countryName: Map<string, string>;
}

/** The lookups of `corpus`, built once for every builder. */
export function buildContext(corpus: Corpus, builtAt: string, settingsHash: string): BuildContext {
  const primary = corpus.primary;
  return {
    corpus,
    builtAt,
    settingsHash,
    contextKey: [
      ...[...corpus.sources.values()].map(objectId),
      "|",
      corpus.primary ? objectId(corpus.primary) : 0,
      "|",
      ...corpus.recommendations.map(objectId),
    ].join(","),
    sourceRefs: (ids) =>
      [...new Set(ids)].flatMap((id) => {
        const s = corpus.sources.get(id);
        return s
          ? [
              {
                id,
                title: s.title,
                publisher: s.publisher,
                url: s.url,
                seen: s.seen,
                official: s.official,
              },
            ]
          : [];
      }),
    publishers: (refs) => [...new Set(refs.map((r) => r.publisher))],
    places: primary ? structureArticles(primary.meta.structure) : new Map(),
    articleTitle: new Map(
      (primary?.articles ?? []).map((a) => [a.number, a.title ?? `Article ${a.number}`]),
    ),
    articleKeywords: new Map(
      (primary?.articles ?? []).map((a) => [a.number, a.block.keywords ?? []]),
    ),
    countryName: new Map(corpus.countries.map((c) => [c.meta.code, c.meta.name])),
  };
}

/** The index's `access` values for a corpus `access` field (absent: public). */
export function accessValues(access: Access | undefined): string[] {
  if (access === undefined) return ["public"];
  if (access === "members") return ["members"];
  return access.map((group) => `group:${group}`);
}

/** The fields most kinds leave empty. */
export const EMPTY = {
  access: ["public"] as string[],
  country: null,
  countryName: null,
  countries: [] as string[],
  articles: [] as number[],
  articleRefs: [] as string[],
  chapter: null,
  status: null,
  followup: null,
  year: null,
  date: null,
  provisions: [] as string[],
  recommendations: [] as string[],
  keywords: [] as string[],
} satisfies Partial<KbDocument>;

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export function yearOf(date: string | undefined): number | null {
  const match = date ? /^(\d{4})/.exec(date) : null;
  return match?.[1] ? Number(match[1]) : null;
}

/** A document id may hold only letters, digits, `-` and `_`. */
export function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The first sentences of a text, cut at a word boundary near 280 characters. */
export function excerpt(text: string, max = 280): string {
  const first = (text.split(/\n\n/)[0] ?? "").replace(/\s+/g, " ").trim();
  if (first.length <= max) return first;
  const cut = first.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${cut.slice(0, space > max * 0.6 ? space : max).trimEnd()}…`;
}

/**
 * Where each kind's documents start in the reading order (`order`): pages, the Convention's
 * articles, the Protocol's, guidance notes, countries (100 numbers each, in name order: the
 * profile, then its analyses by article number), recommendations, follow-up entries, activities.
 * Countries start far enough from the recommendations that all 249 ISO codes fit (at 2,000 with
 * recommendations at 5,000, the 31st country's sections came after the recommendations).
 */
export const ORDER = {
  page: 0,
  article: 1_000,
  protocolArticle: 1_500,
  guidanceNote: 1_700,
  country: 10_000,
  perCountry: 100,
  recommendation: 40_000,
  followup: 100_000,
  activity: 900_000,
} as const;

/**
 * The corpus file a document came from, without the line: a line moves whenever an earlier
 * section of the file grows, and with it in the document (and its hash) a save that added one line
 * re-sent every later section of the file (20 of a country's sections for one new paragraph).
 */
export function originText(origin: Origin): string {
  return origin.path;
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/**
 * A number that stays the same for the same object. Records come from the parse cache, so a
 * file that did not change gives the very same objects from one build to the next.
 */
export function objectId(value: object): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = nextId++;
    ids.set(value, id);
  }
  return id;
}
