/** Pieces several file types share: table rows, list cells, headings. */
import type { Root, RootContent } from "mdast";
import type { z } from "zod";
import { pointOf, readTable } from "../markdown.js";
import type { Point } from "../yaml-block.js";
import type { FileContext } from "./context.js";

/** `Article 29 – Title`, `Article 29 - Title`, `Article 29: Title` or just `Article 29`. */
export const ARTICLE_HEADING = /^Article\s+(\d{1,3})\s*(?:[–—:-]\s*(.+))?$/;

/**
 * Reads every table of the file as rows of `columns`. A table whose header differs is reported
 * once; each row is validated with `schema` after `shape` turns its cells into values.
 */
export function tableRows<S extends z.ZodType>(
  ctx: FileContext,
  tree: Root,
  columns: readonly string[],
  schema: S,
  shape: (cells: Record<string, string>) => Record<string, unknown>,
  rule: string,
): {
  value: z.infer<S>;
  point: Point;
  cells: ReturnType<typeof readTable>["rows"][number]["cells"];
}[] {
  const out: {
    value: z.infer<S>;
    point: Point;
    cells: ReturnType<typeof readTable>["rows"][number]["cells"];
  }[] = [];
  const tables = tree.children.filter((node) => node.type === "table");
  if (tables.length === 0) {
    ctx.error(
      { line: 1, column: 1 },
      `expected a table with the columns ${columns.join(" | ")}`,
      rule,
    );
  }
  for (const table of tables) {
    const { columns: found, rows } = readTable(table);
    const names = found.map((c) => c.name);
    const unknown = found.filter((c) => !columns.includes(c.name));
    const missing = columns.filter((c) => !names.includes(c));
    if (unknown.length > 0 || missing.length > 0) {
      for (const column of unknown)
        ctx.error(
          column.point,
          `unknown column \`${column.name}\`; expected ${columns.join(" | ")}`,
          rule,
        );
      for (const column of missing) ctx.error(pointOf(table), `missing column \`${column}\``, rule);
      continue;
    }
    for (const row of rows) {
      const texts: Record<string, string> = {};
      for (const [name, cell] of Object.entries(row.cells)) texts[name] = cell.text;
      const result = schema.safeParse(shape(texts));
      if (!result.success) {
        for (const issue of result.error.issues) {
          const column = String(issue.path[0] ?? "");
          const at = row.cells[column]?.point ?? row.point;
          const missingValue = issue.code === "invalid_type" && issue.input === undefined;
          ctx.error(at, `\`${column}\`: ${missingValue ? "is required" : issue.message}`, rule);
        }
        continue;
      }
      out.push({ value: result.data, point: row.point, cells: row.cells });
    }
  }
  return out;
}

/** Splits a cell such as `a, b; c` into its items. */
export function list(text: string | undefined, separator = /[;,]/): string[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Drops a leading `# Title`: pages print their own title. */
export function withoutTopHeading(nodes: RootContent[]): RootContent[] {
  const first = nodes[0];
  return first?.type === "heading" && first.depth === 1 ? nodes.slice(1) : [...nodes];
}
