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
  provisions: { added: string[]; removed: string[] };
  sources: { added: SourceRef[]; removed: SourceRef[] };
  /** The prose, word by word, or null when it did not change. */
  words: WordPart[] | null;
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
  return {
    kind,
    title:
      before && after && before.title !== after.title
        ? { from: before.title, to: after.title }
        : null,
    status,
    followup,
    provisions: setDiff(before?.provisions ?? [], after?.provisions ?? [], (p) => p),
    sources: setDiff(before?.sources ?? [], after?.sources ?? [], (s) => s.id),
    words: textBefore === textAfter ? null : wordDiff(textBefore, textAfter),
  };
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
  }
  return parts.join("; ") || "changed";
}
