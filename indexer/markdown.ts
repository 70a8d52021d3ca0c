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
import { parseYamlBlock, type Point, type YamlBlock } from "./yaml-block.js";

const parser = unified().use(remarkParse).use(remarkFrontmatter, ["yaml"]).use(remarkGfm);
const renderer = unified().use(remarkRehype).use(rehypeSanitize).use(rehypeStringify);

/** Parses Markdown into an mdast tree with positions. */
export function parseMarkdown(text: string): Root {
  return parser.parse(text);
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

/** Sanitized HTML for a run of nodes. Headings move down one level to sit under the page's. */
export function renderHtml(nodes: RootContent[]): string {
  if (nodes.length === 0) return "";
  const shifted = nodes.map((node) =>
    node.type === "heading"
      ? { ...node, depth: Math.min(6, node.depth + 1) as Heading["depth"] }
      : node,
  );
  const hast = renderer.runSync({ type: "root", children: shifted });
  return renderer.stringify(hast).trim();
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
