/**
 * Turns the validated corpus into search documents: one per Convention article, country profile,
 * country analysis of an article, recommendation, follow-up entry, protocol article, Guidance
 * Note, page and workplan activity, plus one `meta` document with the corpus fingerprint and
 * reference data. One builder per kind.
 */
import { createHash } from "node:crypto";
import { KIND_RANK, type KbDocument } from "../contract.js";
import type { Corpus } from "../corpus/index.js";
import { activityDocuments } from "./activity.js";
import { articleDocuments } from "./article.js";
import { buildContext, objectId, type BuildContext, type Draft } from "./common.js";
import type { CountryRecord } from "../extract/index.js";
import { countryDocuments } from "./country.js";
import { guidanceNoteDocuments } from "./guidance-note.js";
import { metaDocument } from "./meta.js";
import { pageDocuments } from "./page.js";
import { recommendationDocuments } from "./recommendation.js";

export { excerpt } from "./common.js";

/**
 * The hash of a document's content. The meta document's build time is left out: it changes on
 * every build, and would make every publication send the meta document again for nothing.
 */
export function documentHash(doc: Omit<KbDocument, "hash">): string {
  const data =
    doc.kind === "meta"
      ? { ...(doc.data as Record<string, unknown>), builtAt: undefined }
      : doc.data;
  return createHash("sha256")
    .update(JSON.stringify({ ...doc, data }))
    .digest("base64url")
    .slice(0, 22);
}

/**
 * Documents kept between builds by a long-running process: a country whose file and context
 * did not change keeps its documents (and their hashes) instead of building them again — at 249
 * countries this is most of the work a save would otherwise cause. The live publisher's memo is
 * also used by the readers of other versions of the corpus (the history, the editing check), so
 * it keeps a few contexts and a few sets of the other documents: builds of two versions one
 * after the other do not undo each other.
 */
export interface DocumentMemo {
  /** A country's documents by the context number and place they were built in (most recent last). */
  countries: WeakMap<CountryRecord, Map<string, KbDocument[]>>;
  /**
   * Context keys lately built with, and their numbers (most recent last): a country's documents
   * are kept while its build's context has the same number (the long key is looked up once per
   * build, not compared once per country).
   */
  contexts: Map<string, number>;
  /** The number the next new context takes. */
  nextContext: number;
  /**
   * The documents that are neither a country's nor `meta` (pages, articles, Guidance Notes,
   * recommendations, activities), by a key made of what they are built from (most recent last):
   * a save of one country's analysis changes none of it.
   */
  others: Map<string, { before: KbDocument[]; after: KbDocument[] }>;
}

/** How many contexts, and sets of other documents, a memo keeps. */
const MEMO_VERSIONS = 4;

/** An empty memo. */
export function createDocumentMemo(): DocumentMemo {
  return { countries: new WeakMap(), contexts: new Map(), nextContext: 1, others: new Map() };
}

/** `value` under `key` in `map`, made the most recent; the least recent beyond `MEMO_VERSIONS` go. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  map.delete(key);
  map.set(key, value);
  for (const old of map.keys()) {
    if (map.size <= MEMO_VERSIONS) break;
    map.delete(old);
  }
  return value;
}

/**
 * What the documents other than a country's and `meta` are built from: the records themselves
 * (a record that did not change is the same object, from the parse cache) and the countries'
 * names.
 */
function othersKey(ctx: BuildContext): string {
  const { corpus } = ctx;
  return [
    ctx.contextKey,
    ...[
      corpus.instruments,
      corpus.pages,
      corpus.guidanceNotes,
      corpus.followups,
      corpus.meetings,
      corpus.workplan ? [corpus.workplan] : [],
    ].map((records) => records.map(objectId).join(",")),
    ...corpus.countries.map((c) => `${c.meta.code}=${c.meta.name}`),
  ].join("|");
}

/** Builds every document of the corpus, in reading order, each with its content hash. */
export function buildDocuments(
  corpus: Corpus,
  builtAt = new Date().toISOString(),
  settingsHash = "",
  memo?: DocumentMemo,
): KbDocument[] {
  const ctx = buildContext(corpus, builtAt, settingsHash);
  const context = memo
    ? remember(
        memo.contexts,
        ctx.contextKey,
        memo.contexts.get(ctx.contextKey) ?? memo.nextContext++,
      )
    : 0;
  const countries = corpus.countries.flatMap((country, index) => {
    if (!memo) return countryDocuments(ctx, country, index).map(finish);
    const built = memo.countries.get(country) ?? new Map<string, KbDocument[]>();
    memo.countries.set(country, built);
    const where = `${context}:${index}`;
    return remember(
      built,
      where,
      built.get(where) ?? countryDocuments(ctx, country, index).map(finish),
    );
  });
  const key = memo ? othersKey(ctx) : "";
  let others = memo?.others.get(key);
  if (others) remember(memo!.others, key, others);
  else {
    others = {
      before: [
        ...pageDocuments(ctx).map(finish),
        ...articleDocuments(ctx).map(finish),
        ...guidanceNoteDocuments(ctx).map(finish),
      ],
      after: [...recommendationDocuments(ctx).map(finish), ...activityDocuments(ctx).map(finish)],
    };
    if (memo) remember(memo.others, key, others);
  }
  return [...others.before, ...countries, ...others.after, finish(metaDocument(ctx))];
}

/** A draft with its rank (from its kind) and its content hash. */
function finish(draft: Draft): KbDocument {
  const doc = { ...draft, rank: KIND_RANK[draft.kind] };
  return { ...doc, hash: documentHash(doc) } as KbDocument;
}

/** Synonym settings: every term of a group maps to the others. */
export function buildSynonyms(corpus: Corpus): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const group of corpus.synonyms) {
    for (const term of group.terms) {
      const set = (out[term] ??= new Set());
      for (const other of group.terms) if (other !== term) set.add(other);
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([term, set]) => [term, [...set].slice(0, 50)]),
  );
}
