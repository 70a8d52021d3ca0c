/**
 * Typed reads of whole records for the article, country and list pages: documents fetched by
 * filter (not ranked hits), their kind-specific data parsed with the contract's schemas.
 */
import {
  DATA_SCHEMAS,
  type DocumentKind,
  type DocumentOf,
  type KbDocument,
} from "../../indexer/index.js";
import { equals, quote } from "./filters.js";
import type { KbReader } from "./reader.js";

export type ArticleRecord = DocumentOf<"article"> | DocumentOf<"protocol-article">;
export type ProfileRecord = DocumentOf<"profile">;
export type AnalysisRecord = DocumentOf<"analysis">;
export type RecommendationRecord = DocumentOf<"recommendation">;
export type FollowupRecord = DocumentOf<"followup">;
export type GuidanceNoteRecord = DocumentOf<"guidance-note">;
export type ActivityRecord = DocumentOf<"activity">;

/**
 * Checks a document read from the engine against the contract for `kinds` and parses its
 * `data`: a document that breaks the contract is a bug, not bad input.
 */
function typed<K extends DocumentKind>(...kinds: K[]) {
  return (doc: KbDocument): DocumentOf<K> => {
    if (!(kinds as DocumentKind[]).includes(doc.kind))
      throw new Error(`document ${doc.id} is a ${doc.kind}, expected ${kinds.join(" or ")}`);
    const result = DATA_SCHEMAS[doc.kind].safeParse(doc.data);
    if (!result.success)
      throw new Error(
        `document ${doc.id} does not match the index contract: ${result.error.message}`,
      );
    return { ...doc, data: result.data } as DocumentOf<K>;
  };
}

export const asArticle = typed("article", "protocol-article");
export const asProfile = typed("profile");
export const asAnalysis = typed("analysis");
export const asRecommendation = typed("recommendation");
export const asFollowup = typed("followup");
export const asMeta = typed("meta");
export const asGuidanceNote = typed("guidance-note");
export const asActivity = typed("activity");

const byOrder = (a: KbDocument, b: KbDocument) => a.order - b.order;

/**
 * The Convention article `n`, every country's analysis of it, the recommendations on it and the
 * Guidance Notes that concern it.
 */
export async function articleRecords(reader: KbReader, n: number) {
  const docs = await reader.documents([
    'kind IN ["article", "analysis", "recommendation", "guidance-note"]',
    equals("articles", n),
  ]);
  docs.sort(byOrder);
  const article = docs.find((d) => d.kind === "article");
  return {
    article: article ? asArticle(article) : null,
    analyses: docs.filter((d) => d.kind === "analysis").map(asAnalysis),
    recommendations: docs.filter((d) => d.kind === "recommendation").map(asRecommendation),
    guidanceNotes: docs.filter((d) => d.kind === "guidance-note").map(asGuidanceNote),
  };
}

/** The Convention article `n` and the Guidance Notes on it, without the countries' analyses. */
export async function articleInterpretation(reader: KbReader, n: number) {
  const docs = await reader.documents(
    ['kind IN ["article", "guidance-note"]', equals("articles", n)],
    ["id", "kind", "title", "articles", "summary", "html", "url", "order", "sources", "data"],
  );
  docs.sort(byOrder);
  const article = docs.find((d) => d.kind === "article");
  return {
    article: article ? asArticle(article) : null,
    guidanceNotes: docs.filter((d) => d.kind === "guidance-note").map(asGuidanceNote),
  };
}

/** Every Guidance Note, in the order of their numbers. */
export async function allGuidanceNotes(reader: KbReader): Promise<GuidanceNoteRecord[]> {
  const docs = await reader.documents(equals("kind", "guidance-note"));
  return docs.sort(byOrder).map(asGuidanceNote);
}

/** All Convention articles (without their long text). */
export async function allArticles(reader: KbReader): Promise<ArticleRecord[]> {
  const docs = await reader.documents(equals("kind", "article"), [
    "id",
    "kind",
    "title",
    "articles",
    "chapter",
    "summary",
    "url",
    "order",
    "data",
  ]);
  return docs.sort(byOrder).map(asArticle);
}

/** A country's profile, its analyses, and the recommendations addressed to it with follow-up. */
export async function countryRecords(reader: KbReader, code: string) {
  const docs = await reader.documents([
    'kind IN ["profile", "analysis", "recommendation", "followup"]',
    equals("countries", code),
  ]);
  docs.sort(byOrder);
  const profile = docs.find((d) => d.kind === "profile");
  return {
    profile: profile ? asProfile(profile) : null,
    analyses: docs.filter((d) => d.kind === "analysis").map(asAnalysis),
    recommendations: docs.filter((d) => d.kind === "recommendation").map(asRecommendation),
    followups: docs.filter((d) => d.kind === "followup").map(asFollowup),
  };
}

/** Every country profile with its analyses' statuses (for the list page). */
export async function allCountries(reader: KbReader) {
  const docs = await reader.documents('kind IN ["profile", "analysis"]', [
    "id",
    "kind",
    "title",
    "country",
    "countryName",
    "status",
    "articles",
    "date",
    "url",
    "order",
    "data",
    "summary",
  ]);
  docs.sort(byOrder);
  return {
    profiles: docs.filter((d) => d.kind === "profile").map(asProfile),
    analyses: docs.filter((d) => d.kind === "analysis"),
  };
}

/** The most recent follow-up entries across all countries. */
export async function latestFollowups(reader: KbReader, limit: number): Promise<FollowupRecord[]> {
  const [result] = await reader.multiSearch([
    {
      indexUid: "",
      q: "",
      filter: equals("kind", "followup"),
      sort: ["date:desc", "order:desc"],
      limit,
    },
  ]);
  return (result?.hits ?? []).map((hit) => asFollowup(hit));
}

/**
 * The newest documents that are not public, among those the reader's caller may read: a member
 * sees their working groups' material and that for members, an editor all of it. Only what a
 * list needs is read.
 */
export async function restrictedMaterial(
  reader: KbReader,
  limit: number,
): Promise<Pick<KbDocument, "id" | "kind" | "title" | "url" | "access" | "date">[]> {
  const [result] = await reader.multiSearch([
    {
      indexUid: "",
      q: "",
      filter: ['access != "public"', 'kind != "meta"'],
      sort: ["date:desc", "order:asc"],
      attributesToRetrieve: ["id", "kind", "title", "url", "access", "date"],
      limit,
    },
  ]);
  return (result?.hits ?? []).map((hit) => ({
    id: hit.id,
    kind: hit.kind,
    title: hit.title,
    url: hit.url,
    access: hit.access,
    date: hit.date,
  }));
}

/** A page document (e.g. `about`). */
export async function pageRecord(reader: KbReader, id: string): Promise<KbDocument | null> {
  return reader.document(`page-${id}`);
}

/** The articles of a secondary instrument (the Second Protocol). */
export async function instrumentArticles(reader: KbReader): Promise<ArticleRecord[]> {
  const docs = await reader.documents(equals("kind", "protocol-article"));
  return docs.sort(byOrder).map(asArticle);
}

/**
 * An analysis as the comparison reads it: only what the matrix, its findings, its notes, its JSON
 * and its CSV show. The matrix of every country and article is thousands of documents; their
 * titles, facets and the sources' other fields would be read, parsed and dropped.
 */
export interface CompareAnalysis {
  kind: "analysis";
  country: string | null;
  status: AnalysisRecord["status"];
  provisions: string[];
  summary: string;
  text?: string;
  html?: string;
  date: string | null;
  url: string;
  order: number;
  sources: {
    title: string;
    url: string;
    publisher?: string | undefined;
    seen?: string | undefined;
  }[];
  data: {
    article: number;
    party: boolean;
    gapsHtml?: string | undefined;
    missing?: string | null | undefined;
  };
}

/** The fields of a comparison's analyses (nested ones with a dot); the CSV adds the text. */
export const COMPARE_ANALYSIS_FIELDS = [
  "kind",
  "country",
  "status",
  "provisions",
  "summary",
  "date",
  "url",
  "order",
  "sources.title",
  "sources.url",
  "data.article",
  "data.party",
] as const;

/**
 * What a comparison reads beyond the matrix: the page's findings in full and numbered notes
 * (sanitized HTML, gaps, what is missing, the sources' publisher and date seen), or the CSV's
 * full text. The JSON reads only the matrix.
 */
export type CompareDetail = "matrix" | "page" | "csv";

const COMPARE_DETAIL_FIELDS: Record<CompareDetail, readonly string[]> = {
  matrix: [],
  page: ["html", "data.gapsHtml", "data.missing", "sources.publisher", "sources.seen"],
  csv: ["text"],
};

/** The fields of a comparison's articles. */
export const COMPARE_ARTICLE_FIELDS = [
  "id",
  "kind",
  "title",
  "articles",
  "chapter",
  "summary",
  "url",
  "order",
  "data",
] as const;

const CompareDataSchema = DATA_SCHEMAS.analysis
  .pick({ article: true, party: true, gapsHtml: true, missing: true })
  .partial({ gapsHtml: true, missing: true });

/** Checks a comparison's analysis against the contract, as `typed` does for whole documents. */
function asCompareAnalysis(doc: KbDocument): CompareAnalysis {
  if (doc.kind !== "analysis") throw new Error(`a ${doc.kind} document among the analyses`);
  const result = CompareDataSchema.safeParse(doc.data);
  if (!result.success)
    throw new Error(`an analysis does not match the index contract: ${result.error.message}`);
  return { ...(doc as unknown as CompareAnalysis), data: result.data };
}

/** The comparison's articles among `articles`, in reading order. */
export async function compareArticles(reader: KbReader, articles: readonly number[]) {
  if (articles.length === 0) return [];
  const docs = await reader.documents(
    [equals("kind", "article"), articlesIn(articles)],
    COMPARE_ARTICLE_FIELDS,
  );
  return docs.sort(byOrder).map(asArticle);
}

/** The analyses of `countries` × `articles` for the comparison, in reading order. */
export async function compareAnalyses(
  reader: KbReader,
  countries: readonly string[],
  articles: readonly number[],
  detail: CompareDetail = "matrix",
): Promise<CompareAnalysis[]> {
  if (countries.length === 0 || articles.length === 0) return [];
  const docs = await reader.documents(
    [
      equals("kind", "analysis"),
      `countries IN [${countries.map((c) => quote(c)).join(", ")}]`,
      articlesIn(articles),
    ],
    [...COMPARE_ANALYSIS_FIELDS, ...COMPARE_DETAIL_FIELDS[detail]],
  );
  return docs.sort(byOrder).map(asCompareAnalysis);
}

const articlesIn = (articles: readonly number[]) =>
  `articles IN [${articles.map((n) => quote(n)).join(", ")}]`;

/** Every recommendation and every follow-up entry, in reading order. */
export async function trackerRecords(reader: KbReader) {
  const docs = await reader.documents('kind IN ["recommendation", "followup"]');
  docs.sort(byOrder);
  return {
    recommendations: docs.filter((d) => d.kind === "recommendation").map(asRecommendation),
    followups: docs.filter((d) => d.kind === "followup").map(asFollowup),
  };
}

/** Every activity of the project's workplan, in the workplan's order. */
export async function activityRecords(reader: KbReader): Promise<ActivityRecord[]> {
  const docs = await reader.documents(equals("kind", "activity"));
  return docs.sort(byOrder).map(asActivity);
}
