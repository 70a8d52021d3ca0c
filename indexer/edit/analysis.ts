/**
 * Reading and rewriting one article section of a country file. Only the lines of what changed are
 * replaced: a YAML key whose value is the same keeps its lines (and any comment beside it), the
 * prose keeps its bytes unless it changed, and everything outside the section is untouched.
 */
import { isDeepStrictEqual } from "node:util";
import { parseMarkdown } from "../markdown.js";
import {
  EditError,
  lineSpan,
  type AnalysisFields,
  type EditResult,
  type FieldSpan,
} from "./fields.js";
import { sectionLayout, type LineRange, type SectionLayout } from "./layout.js";
import { LineText, textLines } from "./lines.js";
import { keyLine } from "./yaml-style.js";

/** The block's keys in the order corpus/README.md documents them. */
const KEY_ORDER = ["access", "status", "provisions", "as_of", "sources", "missing"] as const;
type EditableKey = Exclude<(typeof KEY_ORDER)[number], "access">;
const EDITABLE: readonly EditableKey[] = ["status", "provisions", "as_of", "sources", "missing"];

/** What an article section holds, with the text of the whole section (for conflict checks). */
export interface AnalysisSnapshot {
  fields: AnalysisFields;
  /** Who may read the section (its block's `access`), as written; null when absent. */
  access: unknown;
  /** The section's own text, heading to last non-blank line. */
  region: string;
  headingTitle: string | null;
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String(v)) : [];

/** Reads the section on `article` from a country file's text, or null when it has none. */
export function readAnalysis(text: string, article: number): AnalysisSnapshot | null {
  const lt = new LineText(text);
  const layout = sectionLayout(lt, text, article);
  if (!layout) return null;
  const block = (layout.block.value ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  const last = layout.gaps ? layout.gaps.content : layout.analysis;
  let end = Math.max(last.to, layout.fence.close);
  while (end > layout.headingLine && lt.line(end).trim() === "") end--;
  return {
    fields: {
      status: str(block["status"]),
      provisions: asStrings(block["provisions"]),
      as_of: str(block["as_of"]),
      sources: asStrings(block["sources"]),
      missing:
        block["missing"] === undefined || block["missing"] === null ? null : str(block["missing"]),
      analysis: range(lt, layout.analysis),
      gaps: layout.gaps ? range(lt, layout.gaps.content) : "",
    },
    access: block["access"] ?? null,
    region: lt.slice(layout.headingLine, end),
    headingTitle: layout.headingTitle,
  };
}

function range(lt: LineText, r: LineRange): string {
  return r.to >= r.from ? lt.slice(r.from, r.to) : "";
}

/** The value a field has in the YAML block. */
function blockValue(fields: AnalysisFields, key: EditableKey): unknown {
  switch (key) {
    case "missing":
      return fields.missing ?? undefined;
    default:
      return fields[key];
  }
}

/** The line(s) that write `key` in the corpus's style. */
function blockLine(fields: AnalysisFields, key: EditableKey): string {
  // provisions are always quoted in the corpus: they hold commas and brackets.
  return keyLine("", key, blockValue(fields, key) as string | string[], key === "provisions");
}

/** Normalises what a form sends, so that unchanged text compares equal to the file's. */
export function normaliseAnalysis(fields: AnalysisFields): AnalysisFields {
  const clean = (s: string) => s.trim();
  return {
    status: clean(fields.status),
    provisions: fields.provisions.map(clean).filter(Boolean),
    as_of: clean(fields.as_of),
    sources: fields.sources.map(clean).filter(Boolean),
    missing:
      fields.missing === null || fields.missing.trim() === ""
        ? null
        : fields.missing.trim().replace(/\s*\r?\n\s*/g, " "),
    analysis: textLines(fields.analysis).join("\n"),
    gaps: textLines(fields.gaps).join("\n"),
  };
}

/** Headings of level 1–3 in prose would start a new section or subsection of the file. */
function checkProse(field: "analysis" | "gaps", text: string): void {
  const tree = parseMarkdown(text);
  const heading = tree.children.find(
    (node) => (node.type === "heading" && node.depth <= 3) || node.type === "yaml",
  );
  if (heading)
    throw new EditError(
      field,
      "headings of level 1 to 3 (#, ##, ###, or a line underlined with = or -) would start a new section of the file: use #### or bold text instead",
    );
}

/** Rewrites the section on `article` with `fields`; throws EditError for unwritable values. */
export function writeAnalysis(text: string, article: number, input: AnalysisFields): EditResult {
  const lt = new LineText(text);
  const layout = sectionLayout(lt, text, article);
  if (!layout)
    throw new EditError(
      "section",
      `the file has no section on Article ${article} with a YAML block`,
    );
  const before = readAnalysis(text, article)!;
  const fields = normaliseAnalysis(input);
  checkProse("analysis", fields.analysis);
  checkProse("gaps", fields.gaps);

  // Bottom-up, so that the line numbers of what is still to change stay valid.
  writeGaps(lt, layout, textLines(before.fields.gaps).join("\n"), fields.gaps);
  if (textLines(before.fields.analysis).join("\n") !== fields.analysis)
    replaceProse(
      lt,
      { from: layout.fence.close + 1, to: layout.analysis.to },
      layout.analysis,
      fields.analysis,
    );
  writeBlock(lt, layout, fields);

  const out = lt.toString();
  return { text: out, spans: verify(out, article, fields) };
}

function writeGaps(lt: LineText, layout: SectionLayout, old: string, now: string): void {
  if (old === now) return;
  const lines = textLines(now);
  const gaps = layout.gaps;
  const afterAnalysis =
    layout.analysis.to >= layout.analysis.from ? layout.analysis.to : layout.fence.close;
  if (gaps && lines.length === 0) {
    // Remove the heading, its content and the blank lines before the heading.
    const last = gaps.content.to >= gaps.content.from ? gaps.content.to : gaps.heading;
    lt.replace(afterAnalysis + 1, last, []);
  } else if (gaps) {
    replaceProse(lt, { from: gaps.heading + 1, to: gaps.content.to }, gaps.content, now);
  } else if (lines.length > 0) {
    lt.replace(afterAnalysis + 1, afterAnalysis, ["", "### Gaps", "", ...lines]);
  }
}

/**
 * Replaces the non-blank lines `content` of a region by `text`; a region that had none gets the
 * text after a blank line.
 */
function replaceProse(lt: LineText, region: LineRange, content: LineRange, text: string): void {
  const lines = textLines(text);
  if (content.to >= content.from) {
    lt.replace(content.from, content.to, lines);
    return;
  }
  if (lines.length === 0) return;
  const blankAfter = lt.line(region.from).trim() === "" && region.from <= lt.count;
  lt.replace(region.from, region.from - 1, ["", ...lines, ...(blankAfter ? [] : [""])]);
}

function writeBlock(lt: LineText, layout: SectionLayout, fields: AnalysisFields): void {
  const current = (layout.block.value ?? {}) as Record<string, unknown>;
  type Edit = { at: LineRange; lines: string[] };
  const edits: Edit[] = [];
  for (const key of EDITABLE) {
    const want = blockValue(fields, key);
    const have = current[key];
    const at = layout.block.keys.get(key);
    const absent =
      want === undefined || (key === "provisions" && (want as string[]).length === 0 && !at);
    if (at && isDeepStrictEqual(have, want)) continue;
    if (at && absent) {
      edits.push({ at, lines: [] });
      continue;
    }
    if (absent) continue;
    if (at) {
      edits.push({ at, lines: [blockLine(fields, key)] });
      continue;
    }
    // A new key goes after the nearest key before it in the documented order.
    const order = KEY_ORDER.indexOf(key);
    let after = layout.fence.open;
    for (const earlier of KEY_ORDER.slice(0, order)) {
      const range = layout.block.keys.get(earlier);
      if (range) after = Math.max(after, range.to);
    }
    edits.push({ at: { from: after + 1, to: after }, lines: [blockLine(fields, key)] });
  }
  edits.sort((a, b) => b.at.from - a.at.from || b.at.to - a.at.to);
  for (const edit of edits) lt.replace(edit.at.from, edit.at.to, edit.lines);
}

/** Reads the new text back: it must say exactly what the fields say. Returns the field spans. */
function verify(text: string, article: number, fields: AnalysisFields): FieldSpan[] {
  const back = readAnalysis(text, article);
  if (!back)
    throw new EditError(
      "analysis",
      "the text would remove the section's heading or its YAML block",
    );
  const got = normaliseAnalysis(back.fields);
  for (const key of Object.keys(fields) as (keyof AnalysisFields)[]) {
    if (!isDeepStrictEqual(got[key], fields[key]))
      throw new EditError(
        key,
        "this value cannot be written without changing the structure of the file",
      );
  }
  const lt = new LineText(text);
  const layout = sectionLayout(lt, text, article)!;
  const spans: FieldSpan[] = [lineSpan("section", layout.range.from, layout.range.to)];
  for (const [key, range] of layout.block.keys) spans.push(lineSpan(key, range.from, range.to));
  spans.push(lineSpan("analysis", layout.fence.close + 1, layout.analysis.to));
  if (layout.gaps) spans.push(lineSpan("gaps", layout.gaps.heading, layout.gaps.content.to));
  return spans;
}
