/**
 * Turns the validated corpus into search documents: one per Convention article, country profile,
 * country analysis of an article, recommendation, follow-up entry, protocol article, page and
 * workplan activity, plus one `meta` document with the corpus fingerprint and reference data. One builder per kind.
 */
import { KIND_RANK, type KbDocument } from "../contract.js";
import type { Corpus } from "../corpus/index.js";
import { activityDocuments } from "./activity.js";
import { articleDocuments } from "./article.js";
import { buildContext } from "./common.js";
import { countryDocuments } from "./country.js";
import { metaDocument } from "./meta.js";
import { pageDocuments } from "./page.js";
import { recommendationDocuments } from "./recommendation.js";

export { excerpt } from "./common.js";

/** Builds every document of the corpus, in reading order. */
export function buildDocuments(corpus: Corpus, builtAt = new Date().toISOString()): KbDocument[] {
  const ctx = buildContext(corpus, builtAt);
  const drafts = [
    ...pageDocuments(ctx),
    ...articleDocuments(ctx),
    ...countryDocuments(ctx),
    ...recommendationDocuments(ctx),
    ...activityDocuments(ctx),
    metaDocument(ctx),
  ];
  return drafts.map((doc) => ({ ...doc, rank: KIND_RANK[doc.kind] }) as KbDocument);
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
