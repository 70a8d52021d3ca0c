/**
 * YAML inside Markdown (front matter, ```yaml blocks under headings) parsed with positions, so
 * that a problem deep inside a value is reported at its own line and column in the file.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { textCache } from "./text-cache.js";

/** 1-based line and column in a corpus file. */
export interface Point {
  line: number;
  column: number;
}

export interface BlockProblem {
  point: Point;
  message: string;
}

export interface YamlBlock {
  value: unknown;
  problems: BlockProblem[];
  /** The file position of the value at `path`, or of its nearest existing parent. */
  locate(path: readonly PropertyKey[], key?: string): Point;
}

/**
 * Parses `text` that starts at `origin` in its file. Syntax errors become problems; the value is
 * whatever YAML could read (undefined when it could not).
 */
export function parseYamlBlock(text: string, origin: Point): YamlBlock {
  const { doc, lineCounter } = parsedYaml(text);

  const toPoint = (offset: number): Point => {
    const pos = lineCounter.linePos(offset);
    return {
      line: origin.line + pos.line - 1,
      column: pos.line === 1 ? origin.column + pos.col - 1 : pos.col,
    };
  };

  const problems: BlockProblem[] = [...doc.errors, ...doc.warnings].map((error) => ({
    point: toPoint(error.pos[0]),
    message: yamlMessage(error.code, error.message),
  }));

  const locate = (path: readonly PropertyKey[], key?: string): Point => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (!isNode(node)) continue;
      if (depth === path.length && key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        const keyNode = pair?.key;
        if (isNode(keyNode) && keyNode.range) return toPoint(keyNode.range[0]);
      }
      if (depth < path.length && isMap(node)) {
        // A missing key: point at the map itself.
        return rangeStart(node) ?? origin;
      }
      return rangeStart(node) ?? origin;
    }
    return origin;
  };

  const rangeStart = (node: Node): Point | undefined =>
    node.range ? toPoint(node.range[0]) : undefined;

  return {
    value: problems.length > 0 && doc.errors.length > 0 ? undefined : doc.toJS(),
    problems: doc.errors.length > 0 ? problems : [],
    locate,
  };
}

/**
 * Parsed blocks by their text. A country file has a block per article and a save changes one:
 * the others are read from here (positions are worked out from the origin at each use). The
 * parsed document is only read, never changed.
 */
const parsedYaml = textCache(500_000, (text) => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, lineCounter };
});

/** Turns the zod issues of validating a block into positioned problems. */
export function zodProblems(block: YamlBlock, error: z.ZodError, prefix = ""): BlockProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
      const key = issue.keys[0] ?? "";
      return {
        point: block.locate(path, key),
        message: `${prefix}unknown field \`${[...path, key].join(".")}\`${
          issue.keys.length > 1
            ? ` (also ${issue.keys
                .slice(1)
                .map((k) => `\`${k}\``)
                .join(", ")})`
            : ""
        }`,
      };
    }
    const field = path.length > 0 ? `\`${path.join(".")}\`: ` : "";
    const missing = issue.code === "invalid_type" && !hasPath(block.value, path);
    const value = missing ? null : foundText(valueAt(block.value, path));
    // Said once: "a section with status unknown must say what is missing" names its value.
    const found = value !== null && !issue.message.includes(value) ? value : null;
    return {
      point: block.locate(path),
      message: `${prefix}${field}${missing ? "is required" : issue.message}${found === null ? "" : ` (found \`${found}\`)`}`,
    };
  });
}

/** What a block has where a problem is, when that is a word, a number or a short text. */
function foundText(value: unknown): string | null {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string" || value.trim() === "") return null;
  const line = value.trim().split("\n")[0]!.replace(/`/g, "'");
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Whether `path` leads to a value (even null) inside `value`. */
export function hasPath(value: unknown, path: readonly PropertyKey[]): boolean {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || !(key in current)) return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY") return "duplicate key in YAML";
  return `broken YAML: ${first.replace(/ at line \d+, column \d+:?$/, "")}`;
}
