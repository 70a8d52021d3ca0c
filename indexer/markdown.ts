/**
 * Markdown reading for the corpus: parse with unified + remark (front matter, GFM tables),
 * split into sections by heading, read tables as rows, render sanitized HTML and plain text.
 */
import type { Code, Heading, Root, RootContent, Table, TableCell } from "mdast";
import { toString } from "mdast-util-to-string";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { textCache } from "./text-cache.js";
import { parseYamlBlock, type Point, type YamlBlock } from "./yaml-block.js";

const parser = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm);
const renderer = unified().use(remarkRehype).use(rehypeSanitize).use(rehypeStringify);

/** Parses Markdown into an mdast tree with positions. */
export function parseMarkdown(text: string): Root {
  const chunks = text.length >= CHUNKED_FROM ? headingChunks(text) : null;
  if (!chunks || chunks.length < 2) return parser.parse(text);
  const root: Root = { type: "root", children: [] };
  for (const chunk of chunks) {
    const part = parsedChunk(text.slice(chunk.offset, chunk.end));
    for (const node of part.children) {
      const copy = shifted(node, chunk.line - 1, chunk.offset);
      copiedFrom.set(copy, node);
      root.children.push(copy);
    }
    if (chunk.end === text.length) {
      const end = part.position?.end ?? { line: 1, column: 1, offset: 0 };
      root.position = {
        start: { line: 1, column: 1, offset: 0 },
        end: {
          line: end.line + chunk.line - 1,
          column: end.column,
          offset: (end.offset ?? 0) + chunk.offset,
        },
      };
    }
  }
  return root;
}

// ---- parsing a long file a section at a time ----------------------------------------------
//
// A country file is about 40 KB and 48 sections; micromark takes some 60 ms to read it, most of
// what a one-section save costs. A heading that starts a line, after a blank line and outside
// front matter, fenced code and HTML comments, closes every block before it — so the file can be
// read as independent runs of text, each starting at such a heading, and a run that did not
// change is not read again. Files with what CommonMark resolves across the whole document (link
// reference and footnote definitions) or with raw HTML blocks that span blank lines are read
// whole. tests/unit/markdown-chunks.test.ts checks that both ways give the same tree.

/** Files shorter than this are read whole: the split would not pay for itself. */
const CHUNKED_FROM = 8_192;
/** Runs of text kept parsed, bounded by their total length (about 20 times that in memory). */
const CHUNK_CACHE_CHARS = 1_000_000;

interface Chunk {
  /** First line (1-based) and offset of the run in the file, and the offset where it ends. */
  line: number;
  offset: number;
  end: number;
}

const HEADING_LINE = /^#{1,6}(?:[ \t\r]|$)/;
const BLANK_LINE = /^[ \t]*\r?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const WHOLE_DOCUMENT =
  /^ {0,3}(?:\[[^\]\n]+\]:|<(?:script|pre|style|textarea)\b|<\?|<![A-Za-z]|<!\[CDATA\[)/im;

/** Where the file may be cut, or null when it must be read whole. */
export function headingChunks(text: string): Chunk[] | null {
  if (WHOLE_DOCUMENT.test(text)) return null;
  const chunks: Chunk[] = [];
  let offset = 0;
  let line = 1;
  let start: Chunk = { line: 1, offset: 0, end: text.length };
  let fence: { char: string; length: number } | null = null;
  let comment = false;
  let frontMatter = text.startsWith("---\n") || text.startsWith("---\r\n");
  let previousBlank = true;
  while (offset < text.length) {
    const next = text.indexOf("\n", offset);
    const end = next < 0 ? text.length : next + 1;
    const content = text.slice(offset, next < 0 ? text.length : next);
    if (frontMatter) {
      if (line > 1 && /^(?:---|\.\.\.)\r?$/.test(content)) frontMatter = false;
    } else if (fence) {
      const close = FENCE.exec(content);
      if (
        close?.[1] &&
        close[1][0] === fence.char &&
        close[1].length >= fence.length &&
        BLANK_LINE.test(close[2] ?? "")
      )
        fence = null;
    } else if (comment) {
      if (content.includes("-->")) comment = false;
    } else {
      const open = FENCE.exec(content);
      if (open?.[1] && !(open[1][0] === "`" && (open[2] ?? "").includes("`"))) {
        fence = { char: open[1][0]!, length: open[1].length };
      } else if (
        /^ {0,3}<!--/.test(content) &&
        !content.includes("-->", content.indexOf("<!--") + 4)
      ) {
        comment = true;
      } else if (previousBlank && line > 1 && HEADING_LINE.test(content)) {
        start.end = offset;
        chunks.push(start);
        start = { line, offset, end: text.length };
      }
    }
    previousBlank = BLANK_LINE.test(content);
    offset = end;
    line += 1;
  }
  chunks.push(start);
  return chunks;
}

/** A run of text parsed on its own (positions from its own start), from the cache if seen. */
const parsedChunk = textCache(CHUNK_CACHE_CHARS, (text) => parser.parse(text));

/** For each top-level node of a tree read in runs, the node of the kept run it is a copy of. */
const copiedFrom = new WeakMap<RootContent, RootContent>();

/** A copy of a node and its descendants with positions moved down by `lines` and `offset`. */
function shifted<T extends RootContent>(node: T, lines: number, offset: number): T {
  const copy = { ...node } as T & { children?: RootContent[] };
  if (node.position) {
    const { start, end } = node.position;
    copy.position = {
      start: {
        line: start.line + lines,
        column: start.column,
        offset: (start.offset ?? 0) + offset,
      },
      end: { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + offset },
    };
  }
  if ("children" in node && Array.isArray(node.children))
    copy.children = (node.children as RootContent[]).map((child) => shifted(child, lines, offset));
  return copy;
}

/** The position of a node's start, or 1:1 when the node has none. */
export function pointOf(node: {
  position?: { start: { line: number; column: number } } | undefined;
}): Point {
  return node.position
    ? { line: node.position.start.line, column: node.position.start.column }
    : { line: 1, column: 1 };
}

/** The front matter block, parsed with positions, or null when the file has none. */
export function frontMatter(tree: Root): YamlBlock | null {
  const first = tree.children[0];
  if (first?.type !== "yaml") return null;
  return parseYamlBlock(first.value, { line: pointOf(first).line + 1, column: 1 });
}

/** A `## Heading` and everything up to the next heading of the same or a higher level. */
export interface Section {
  heading: Heading;
  title: string;
  /** The ```yaml block directly under the heading, if any. */
  block: YamlBlock | null;
  blockNode: Code | null;
  /** The section's content after the heading and its block. */
  body: RootContent[];
}

/** Splits the tree into sections at headings of `depth`; returns what precedes the first too. */
export function sections(
  tree: Root,
  depth: number,
): { preamble: RootContent[]; sections: Section[] } {
  const preamble: RootContent[] = [];
  const result: Section[] = [];
  let current: Section | null = null;
  for (const node of tree.children) {
    if (node.type === "yaml") continue;
    if (node.type === "heading" && node.depth <= depth) {
      if (node.depth === depth) {
        current = {
          heading: node,
          title: toString(node).trim(),
          block: null,
          blockNode: null,
          body: [],
        };
        result.push(current);
        continue;
      }
      current = null;
      preamble.push(node);
      continue;
    }
    if (current === null) {
      preamble.push(node);
    } else if (
      current.block === null &&
      current.body.length === 0 &&
      node.type === "code" &&
      node.lang === "yaml"
    ) {
      current.blockNode = node;
      current.block = parseYamlBlock(node.value, {
        line: pointOf(node).line + 1,
        column: pointOf(node).column,
      });
    } else {
      current.body.push(node);
    }
  }
  return { preamble, sections: result };
}

/** Splits section content at a `### name` heading: what comes before, and what comes under it. */
export function splitAtSubheading(
  body: RootContent[],
  name: string,
): { main: RootContent[]; sub: RootContent[] } {
  const main: RootContent[] = [];
  const sub: RootContent[] = [];
  let inSub = false;
  for (const node of body) {
    if (node.type === "heading" && node.depth <= 3) {
      inSub = toString(node).trim().toLowerCase() === name.toLowerCase();
      if (inSub) continue;
    }
    (inSub ? sub : main).push(node);
  }
  return { main, sub };
}

/**
 * Sanitized HTML for a run of nodes. Headings move down one level to sit under the page's.
 *
 * Nodes copied out of kept runs of text (see parseMarkdown) have their HTML kept by which kept
 * nodes they are, in order: a save of one section renders only that section again, not the
 * other 47 of the file (2.4 of the 6 ms a country file's extraction took). A kept node is never
 * changed, and a tree read in runs has no definitions that another run could use, so the same
 * nodes always give the same HTML. Other nodes (a file read whole, a table cell) are rendered.
 */
export function renderHtml(nodes: RootContent[]): string {
  if (nodes.length === 0) return "";
  const key = runKey(nodes);
  const kept = key === null ? undefined : renderedRuns.get(key);
  if (key !== null && kept !== undefined) {
    renderedRuns.delete(key);
    renderedRuns.set(key, kept);
    return kept;
  }
  const shifted = nodes.map((node) =>
    node.type === "heading"
      ? { ...node, depth: Math.min(6, node.depth + 1) as Heading["depth"] }
      : node,
  );
  const hast = renderer.runSync({ type: "root", children: shifted });
  const html = renderer.stringify(hast).trim();
  if (key !== null) {
    renderedRuns.set(key, html);
    if (renderedRuns.size > RENDERED_RUNS_KEPT)
      renderedRuns.delete(renderedRuns.keys().next().value!);
  }
  return html;
}

/** HTML of runs of kept nodes (see renderHtml), the most recently used last. */
const renderedRuns = new Map<string, string>();
/** About a thousand sections: the files being edited, not the whole corpus. */
const RENDERED_RUNS_KEPT = 1_000;
/** A number for each kept node, to name runs of them. */
const nodeNumbers = new WeakMap<RootContent, number>();
let nextNodeNumber = 1;

/** The kept nodes `nodes` are copies of, named by their numbers; null if one is not a copy. */
function runKey(nodes: readonly RootContent[]): string | null {
  let key = "";
  for (const node of nodes) {
    const original = copiedFrom.get(node);
    if (!original) return null;
    let number = nodeNumbers.get(original);
    if (number === undefined) {
      number = nextNodeNumber++;
      nodeNumbers.set(original, number);
    }
    key += `${number},`;
  }
  return key;
}

/**
 * Plain text for a run of nodes: one line per paragraph or list item (soft line breaks become
 * spaces), blocks separated by blank lines.
 */
export function plainText(nodes: RootContent[]): string {
  return nodes
    .map((node) => blockText(node))
    .filter((text) => text.length > 0)
    .join("\n\n");
}

function blockText(node: RootContent): string {
  if (node.type === "list")
    return node.children.map((item) => `- ${item.children.map(blockText).join(" ")}`).join("\n");
  if (node.type === "blockquote") return node.children.map(blockText).join("\n");
  if (node.type === "table")
    return node.children
      .map((row) => row.children.map((cell) => toString(cell).trim()).join(" | "))
      .join("\n");
  return toString(node)
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

/** One table row as column name → cell, with each cell's text, nodes and position. */
export interface TableRow {
  point: Point;
  cells: Record<string, { text: string; cell: TableCell; point: Point }>;
}

/** Reads a GFM table whose first row names the columns (lower-cased, spaces become `_`). */
export function readTable(table: Table): {
  columns: { name: string; point: Point }[];
  rows: TableRow[];
} {
  const [head, ...body] = table.children;
  const columns = (head?.children ?? []).map((cell) => ({
    name: toString(cell).trim().toLowerCase().replace(/\s+/g, "_"),
    point: pointOf(cell),
  }));
  const rows = body.map((row) => {
    const cells: TableRow["cells"] = {};
    row.children.forEach((cell, index) => {
      const column = columns[index];
      if (column) cells[column.name] = { text: toString(cell).trim(), cell, point: pointOf(cell) };
    });
    return { point: pointOf(row), cells };
  });
  return { columns, rows };
}

/** Sanitized inline HTML for a table cell. */
export function renderCell(cell: TableCell): string {
  const html = renderHtml([{ type: "paragraph", children: cell.children }]);
  return html.replace(/^<p>/, "").replace(/<\/p>$/, "");
}

export { toString };
