/**
 * The values an edit form holds for each kind of change, and where each one sits in the edited
 * file (so that a corpus message at `path:line:column` can be shown beside its field).
 */
import type { Point } from "../yaml-block.js";

/** One article section of a country file, as an author sees it. */
export interface AnalysisFields {
  status: string;
  provisions: string[];
  as_of: string;
  sources: string[];
  /** Required when the status is unknown; null when absent. */
  missing: string | null;
  /** The analysis prose, Markdown, as written in the file. */
  analysis: string;
  /** The Gaps subsection, Markdown; "" when the section has none. */
  gaps: string;
}

export interface AuthorityFields {
  authority: string;
  role: string;
  sources: string[];
}

export interface LawFields {
  title: string;
  number: string;
  date: string;
  url: string | null;
  note: string | null;
  sources: string[];
}

/** The lists of a country profile that the browser edits. */
export interface ProfileFields {
  central_authorities: AuthorityFields[];
  contact_points: AuthorityFields[];
  laws: LawFields[];
}

/** A new row of a follow-up table. */
export interface FollowupFields {
  date: string;
  recommendation: string;
  country: string;
  status: string;
  event: string;
  sources: string[];
}

/** A new entry of a sources file. */
export interface SourceFields {
  id: string;
  title: string;
  publisher: string;
  url: string;
  seen: string;
  official: boolean;
  note: string | null;
}

/** Where a field's text is in the edited file: from `start` to `end`, both inclusive. */
export interface FieldSpan {
  field: string;
  start: Point;
  end: Point;
}

/** The result of an edit: the whole new text and where each field went. */
export interface EditResult {
  text: string;
  spans: FieldSpan[];
}

/** A value that cannot be written without changing the file's structure (a heading in prose). */
export class EditError extends Error {
  override name = "EditError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The field a message at `point` belongs to: the narrowest span holding it, or null. */
export function fieldAt(spans: readonly FieldSpan[], point: Point): string | null {
  const holds = (s: FieldSpan) =>
    (point.line > s.start.line ||
      (point.line === s.start.line && point.column >= s.start.column)) &&
    (point.line < s.end.line || (point.line === s.end.line && point.column <= s.end.column));
  const size = (s: FieldSpan) =>
    (s.end.line - s.start.line) * 100_000 + s.end.column - s.start.column;
  let best: FieldSpan | null = null;
  for (const span of spans) if (holds(span) && (!best || size(span) < size(best))) best = span;
  return best?.field ?? null;
}

/** A span covering whole lines `from`..`to`. */
export function lineSpan(field: string, from: number, to: number): FieldSpan {
  return {
    field,
    start: { line: from, column: 1 },
    end: { line: Math.max(from, to), column: Number.MAX_SAFE_INTEGER },
  };
}
