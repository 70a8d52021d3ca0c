/**
 * Where things are in a corpus file, by line: an article section (its heading, YAML block and
 * each key in it, the analysis prose, the Gaps subsection), the front matter and each of its
 * top-level keys, the last table. Built from the positions the Markdown and YAML parsers give,
 * never from patterns over the text, so an edit touches exactly the lines it means to.
 */
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { parseMarkdown, sections, toString } from "../markdown.js";
import { ARTICLE_HEADING } from "../extract/helpers.js";
import type { LineText } from "./lines.js";

/** Lines `from`..`to`, inclusive, 1-based; empty when `to < from`. */
export interface LineRange {
  from: number;
  to: number;
}

/** A YAML mapping's top-level keys, each with the lines it takes in the file. */
export interface YamlKeys {
  /** The parsed value (undefined when the YAML does not parse). */
  value: unknown;
  /** Key → its lines, from the key to the last line of its value. */
  keys: Map<string, LineRange>;
  /** Key → the indentation of its first list item (`  - `), when its value is a block list. */
  itemIndent: Map<string, string>;
}

/** Reads the top-level keys of YAML text that starts at `firstLine` of the file. */
export function yamlKeys(text: string, firstLine: number): YamlKeys {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const keys = new Map<string, LineRange>();
  const itemIndent = new Map<string, string>();
  if (doc.errors.length > 0) return { value: undefined, keys, itemIndent };
  const lineOf = (offset: number) => firstLine + counter.linePos(offset).line - 1;
  const lines = text.split("\n");
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      const value = pair.value as { range?: [number, number, number] } | null;
      const start = pair.key.range[0];
      // The value's end (before any comment after it); a key without a value ends on its line.
      const end = value?.range ? value.range[1] : pair.key.range[1];
      keys.set(key, { from: lineOf(start), to: lineOf(Math.max(start, end - 1)) });
      const next = lines[lineOf(start) - firstLine + 1] ?? "";
      const item = /^(\s*)- /.exec(next);
      if (item && value && "items" in value) itemIndent.set(key, item[1] ?? "");
    }
  }
  return { value: doc.toJS() as unknown, keys, itemIndent };
}

/** Trims blank lines off both ends of a range. */
export function contentOf(lt: LineText, range: LineRange): LineRange {
  let { from, to } = range;
  while (from <= to && lt.line(from).trim() === "") from++;
  while (to >= from && lt.line(to).trim() === "") to--;
  return { from, to };
}

/** Where an article section of a country file is. */
export interface SectionLayout {
  headingLine: number;
  /** The heading's own title after the number, if any. */
  headingTitle: string | null;
  /** The whole section, heading to the line before the next section (trailing blanks included). */
  range: LineRange;
  /** The ```yaml fence lines and the keys inside. */
  fence: { open: number; close: number };
  block: YamlKeys;
  /** The analysis prose between the block and the Gaps heading (or the section's end). */
  analysis: LineRange;
  /** The `### Gaps` heading and the lines under it, when the section has one. */
  gaps: { heading: number; content: LineRange } | null;
}

/** The layout of the section on `article` in a country file, or null when there is none. */
export function sectionLayout(lt: LineText, text: string, article: number): SectionLayout | null {
  const tree = parseMarkdown(text);
  const { sections: found } = sections(tree, 2);
  const section = found.find((s) => Number(ARTICLE_HEADING.exec(s.title)?.[1]) === article);
  if (!section?.heading.position || !section.blockNode?.position) return null;
  const headingLine = section.heading.position.start.line;
  const next = tree.children.find(
    (node) =>
      node.type === "heading" && node.depth <= 2 && (node.position?.start.line ?? 0) > headingLine,
  );
  const end = next?.position ? next.position.start.line - 1 : lt.count;
  const open = section.blockNode.position.start.line;
  const close = section.blockNode.position.end.line;
  const gapsNode = section.body.find(
    (node) =>
      node.type === "heading" && node.depth <= 3 && toString(node).trim().toLowerCase() === "gaps",
  );
  const gapsLine = gapsNode?.position?.start.line ?? null;
  return {
    headingLine,
    headingTitle: ARTICLE_HEADING.exec(section.title)?.[2]?.trim() ?? null,
    range: { from: headingLine, to: end },
    fence: { open, close },
    block: yamlKeys(lt.slice(open + 1, close - 1), open + 1),
    analysis: contentOf(lt, { from: close + 1, to: (gapsLine ?? end + 1) - 1 }),
    gaps:
      gapsLine === null
        ? null
        : { heading: gapsLine, content: contentOf(lt, { from: gapsLine + 1, to: end }) },
  };
}

/** Where the front matter is, and its keys. */
export interface FrontMatterLayout {
  open: number;
  close: number;
  yaml: YamlKeys;
}

/** The layout of the file's front matter, or null when it has none. */
export function frontMatterLayout(lt: LineText): FrontMatterLayout | null {
  if (lt.line(1) !== "---") return null;
  let close = 0;
  for (let n = 2; n <= lt.count; n++)
    if (lt.line(n) === "---") {
      close = n;
      break;
    }
  if (close === 0) return null;
  return { open: 1, close, yaml: yamlKeys(lt.slice(2, close - 1), 2) };
}

/** The last line of the last table in the file, or null when it has none. */
export function lastTableEnd(text: string): number | null {
  const tree = parseMarkdown(text);
  const tables = tree.children.filter((node) => node.type === "table");
  return tables.at(-1)?.position?.end.line ?? null;
}
