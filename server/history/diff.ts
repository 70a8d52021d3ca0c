/**
 * What changed between two versions of a document, as a reader wants to know it: the status
 * (old → new), provisions and sources added and removed, and a word-level diff of the prose.
 */
import { diffWords } from "diff";
import type { KbDocument, SourceRef } from "../../indexer/index.js";

export interface WordPart {
  change: "same" | "inserted" | "deleted";
  text: string;
}

export interface Change {
  kind: "added" | "changed" | "removed";
  title: { from: string; to: string } | null;
  status: { from: string | null; to: string | null } | null;
  followup: { from: string | null; to: string | null } | null;
  /** The date the document is as of (a section's `as_of`, a follow-up entry's date). */
  asOf: { from: string | null; to: string | null } | null;
  provisions: { added: string[]; removed: string[] };
  sources: { added: SourceRef[]; removed: SourceRef[] };
  /** The prose, word by word, or null when it did not change. */
  words: WordPart[] | null;
  /**
   * True when the document's own content changed in nothing the fields above describe (a link's
   * address, a country profile's ratification date, a contact point): the reader is told so.
   */
  otherDetails: boolean;
}

/**
 * Fields that are not a document's own content: its place, order and hash, what search alone
 * uses, and what is made from other files — the publishers and chapter, the country's name, the
 * recommendations that name a section, the Convention article's keywords. (A keyword added to
 * Article 29 once made a new, empty "version" of every country's Article 29 section, and moved
 * its date of last change.)
 */
const NOT_OWN = new Set([
  "origin",
  "order",
  "rank",
  "hash",
  "url",
  "keywords",
  "source",
  "chapter",
  "countryName",
  "recommendations",
  "year",
  "articleRefs",
  "summary",
]);
/** The same, by kind: what a document takes from its article, country, sections or recommendation. */
const NOT_OWN_OF_KIND: Partial<Record<KbDocument["kind"], { top: string[]; data: string[] }>> = {
  analysis: { top: ["title"], data: ["articleTitle", "party"] },
  // The articles a country's sections analyse: a section added or removed is its own change.
  profile: { top: [], data: ["analysedArticles"] },
  followup: { top: ["title", "articles"], data: ["recTitle", "sequence"] },
};

/**
 * What a reader sees of a document as its own content (see NOT_OWN). A cited source counts by
 * its id, wherever it is cited: a corrected source title is not a change of every document
 * citing it.
 */
export function ownContent(doc: KbDocument): string {
  const kind = NOT_OWN_OF_KIND[doc.kind];
  return JSON.stringify(doc, function (this: unknown, key, value: unknown) {
    if (this === doc && (NOT_OWN.has(key) || kind?.top.includes(key))) return undefined;
    if (kind && this === doc.data && kind.data.includes(key)) return undefined;
    if (isSourceRef(value)) return value.id;
    return value;
  });
}

function isSourceRef(value: unknown): value is { id: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    "id" in value &&
    "url" in value &&
    "publisher" in value &&
    "seen" in value
  );
}

/** Long unchanged runs are shortened to their first and last words around the changes. */
const CONTEXT_WORDS = 24;

/**
 * Words in every script the corpus writes (country names and law titles in Cyrillic, Georgian,
 * Armenian): jsdiff's own tokeniser knows only Latin letters and cut other words into single
 * letters ("Азербайджан име -е +л т…" for one changed word); its option for an `Intl.Segmenter`
 * took about 300 ms to cut 20 KB into words on Node.js 20. This gives jsdiff the same pieces from
 * one regular expression: a run of letters, marks and digits, a run of whitespace, or any other
 * single character.
 */
const WORD_PARTS = /[\p{L}\p{M}\p{N}_]+|\s+|[^\p{L}\p{M}\p{N}_\s]/gu;
const unicodeWords = {
  resolvedOptions: () => ({ granularity: "word" }),
  segment: (text: string) => Array.from(text.matchAll(WORD_PARTS), (m) => ({ segment: m[0] })),
} as unknown as Intl.Segmenter;

/** The word diff of two texts, with long unchanged stretches cut to their ends. */
export function wordDiff(before: string, after: string): WordPart[] {
  const parts: WordPart[] = diffWords(before, after, { intlSegmenter: unicodeWords }).map((p) => ({
    change: p.added ? "inserted" : p.removed ? "deleted" : "same",
    text: p.value,
  }));
  return parts.map((part, i) => {
    if (part.change !== "same") return part;
    const words = part.text.split(/(\s+)/);
    if (words.length <= CONTEXT_WORDS * 4) return part;
    const head = i === 0 ? [] : words.slice(0, CONTEXT_WORDS * 2);
    const tail = i === parts.length - 1 ? [] : words.slice(-CONTEXT_WORDS * 2);
    return { change: "same", text: `${head.join("")} … ${tail.join("")}` };
  });
}

function setDiff<T>(before: readonly T[], after: readonly T[], key: (t: T) => string) {
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  return {
    added: after.filter((t) => !had.has(key(t))),
    removed: before.filter((t) => !has.has(key(t))),
  };
}

/** What changed from `previous` to `doc` (either may be null: added, removed). */
export function compare(previous: KbDocument | null, doc: KbDocument | null): Change {
  const before = previous;
  const after = doc;
  const kind = before === null ? "added" : after === null ? "removed" : "changed";
  const status =
    (before?.status ?? null) !== (after?.status ?? null)
      ? { from: before?.status ?? null, to: after?.status ?? null }
      : null;
  const followup =
    (before?.followup ?? null) !== (after?.followup ?? null)
      ? { from: before?.followup ?? null, to: after?.followup ?? null }
      : null;
  const textBefore = before?.text ?? "";
  const textAfter = after?.text ?? "";
  const both = before && after ? { before, after } : null;
  // A country's section is titled by its article: a new article title is not its change.
  const ownTitle = !NOT_OWN_OF_KIND[(after ?? before)!.kind]?.top.includes("title");
  const change: Change = {
    kind,
    title:
      both && ownTitle && both.before.title !== both.after.title
        ? { from: both.before.title, to: both.after.title }
        : null,
    status,
    followup,
    asOf:
      both && (both.before.date ?? null) !== (both.after.date ?? null)
        ? { from: both.before.date ?? null, to: both.after.date ?? null }
        : null,
    provisions: setDiff(before?.provisions ?? [], after?.provisions ?? [], (p) => p),
    sources: setDiff(before?.sources ?? [], after?.sources ?? [], (s) => s.id),
    words: textBefore === textAfter ? null : wordDiff(textBefore, textAfter),
    otherDetails: false,
  };
  if (both && !described(change))
    change.otherDetails = ownContent(both.before) !== ownContent(both.after);
  return change;
}

/** Whether a change names anything that changed (other than `otherDetails`). */
function described(c: Change): boolean {
  return (
    c.kind !== "changed" ||
    c.title !== null ||
    c.status !== null ||
    c.followup !== null ||
    c.asOf !== null ||
    c.words !== null ||
    c.provisions.added.length + c.provisions.removed.length > 0 ||
    c.sources.added.length + c.sources.removed.length > 0
  );
}

/** Whether a change from one version to another changed nothing of the document's own. */
export function unchanged(c: Change): boolean {
  return !described(c) && !c.otherDetails;
}

/** A one-line account of a change, for lists and feeds. */
export function describeChange(change: Change, labels: Record<string, string>): string {
  const label = (s: string | null) => (s === null ? "none" : (labels[s] ?? s));
  const parts: string[] = [];
  if (change.kind === "added") parts.push("added");
  if (change.kind === "removed") parts.push("removed");
  if (change.status) parts.push(`status ${label(change.status.from)} → ${label(change.status.to)}`);
  if (change.followup)
    parts.push(`follow-up ${label(change.followup.from)} → ${label(change.followup.to)}`);
  if (change.kind === "changed") {
    if (change.provisions.added.length > 0)
      parts.push(`provisions added: ${change.provisions.added.join("; ")}`);
    if (change.provisions.removed.length > 0)
      parts.push(`provisions removed: ${change.provisions.removed.join("; ")}`);
    if (change.sources.added.length > 0)
      parts.push(`${change.sources.added.length} source(s) added`);
    if (change.sources.removed.length > 0)
      parts.push(`${change.sources.removed.length} source(s) removed`);
    if (change.words) parts.push("text changed");
    if (change.title) parts.push("title changed");
    if (change.asOf) parts.push(`as of ${change.asOf.to ?? "none"}`);
    if (change.otherDetails) parts.push("other details changed");
  }
  return parts.join("; ") || "changed";
}
