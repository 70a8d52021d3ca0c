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
 * Documents kept between builds by a long-running publisher: a country whose file and context
 * did not change keeps its documents (and their hashes) instead of building them again — at 249
 * countries this is most of the work a save would otherwise cause. Readers of other versions of
 * the corpus (the history, the editing check) take from the publisher's memo what it holds for
 * their version, without writing to it (see `buildDocuments`).
 */
export interface DocumentMemo {
  countries: WeakMap<CountryRecord, { context: number; index: number; docs: KbDocument[] }>;
  /**
   * The context key of the last build and its number: a country's documents are kept while the
   * number is the same (comparing the long key once per build, not once per country).
   */
  context: { key: string; number: number };
  /**
   * The documents that are neither a country's nor `meta` (pages, articles, Guidance Notes,
   * recommendations, activities), with a key made of what they are built from: a save of one
   * country's analysis changes none of it.
   */
  others: { key: string; before: KbDocument[]; after: KbDocument[] } | null;
}

/** An empty memo. */
export function createDocumentMemo(): DocumentMemo {
  return { countries: new WeakMap(), context: { key: "", number: 0 }, others: null };
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

/**
 * Builds every document of the corpus, in reading order, each with its content hash. With a
 * `memo`, what it holds for this corpus is taken from it; the memo is then brought up to this
 * build, unless it is only `read` (another version's reader must not make the publisher's next
 * save build everything again).
 */
export function buildDocuments(
  corpus: Corpus,
  builtAt = new Date().toISOString(),
  settingsHash = "",
  memo?: DocumentMemo,
  use: "keep" | "read" = "keep",
): KbDocument[] {
  const ctx = buildContext(corpus, builtAt, settingsHash);
  const keep = memo && use === "keep" ? memo : undefined;
  if (keep && keep.context.key !== ctx.contextKey)
    keep.context = { key: ctx.contextKey, number: keep.context.number + 1 };
  // A build in another context than the memo's takes nothing from it.
  const context = memo?.context.key === ctx.contextKey ? memo.context.number : -1;
  // A loop, not flatMap: at 249 countries (12,000 documents) flatMap alone took over a millisecond.
  const countries: KbDocument[] = [];
  corpus.countries.forEach((country, index) => {
    const kept = memo?.countries.get(country);
    if (kept && kept.context === context && kept.index === index) {
      for (const doc of kept.docs) countries.push(doc);
      return;
    }
    const docs = countryDocuments(ctx, country, index).map(finish);
    keep?.countries.set(country, { context, index, docs });
    for (const doc of docs) countries.push(doc);
  });
  const key = memo ? othersKey(ctx) : "";
  let others = memo?.others?.key === key ? memo.others : null;
  if (!others) {
    others = {
      key,
      before: [
        ...pageDocuments(ctx).map(finish),
        ...articleDocuments(ctx).map(finish),
        ...guidanceNoteDocuments(ctx).map(finish),
      ],
      after: [...recommendationDocuments(ctx).map(finish), ...activityDocuments(ctx).map(finish)],
    };
    if (keep) keep.others = others;
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
