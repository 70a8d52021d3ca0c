/**
 * Adding a row to a follow-up table: the new row goes after the last row of the file's last table,
 * and nothing else in the file changes. Cells are escaped so that a `|` in the event stays text.
 */
import { parseMarkdown, readTable, toString } from "../markdown.js";
import { EditError, type EditResult, type FieldSpan, type FollowupFields } from "./fields.js";
import { lastTableEnd } from "./layout.js";
import { LineText } from "./lines.js";

const COLUMNS = ["date", "recommendation", "country", "status", "event", "sources"] as const;

/** A cell's text: one line, `|` escaped. */
function cell(value: string): string {
  return value
    .replace(/\s*\r?\n\s*/g, " ")
    .trim()
    .replace(/\\?\|/g, "\\|");
}

/** Normalises a follow-up row as typed (one line per cell, trimmed). */
export function normaliseFollowup(fields: FollowupFields): FollowupFields {
  const t = (s: string) => s.replace(/\s*\r?\n\s*/g, " ").trim();
  return {
    date: t(fields.date),
    recommendation: t(fields.recommendation),
    country: t(fields.country),
    status: t(fields.status),
    event: t(fields.event),
    sources: fields.sources.map(t).filter(Boolean),
  };
}

/** Appends a row to the last table of a follow-up file. */
export function appendFollowup(text: string, input: FollowupFields): EditResult {
  const fields = normaliseFollowup(input);
  const end = lastTableEnd(text);
  if (end === null) throw new EditError("followup", "the follow-up file has no table to add to");
  const values: Record<(typeof COLUMNS)[number], string> = {
    ...fields,
    sources: fields.sources.join(", "),
  };
  const cells = COLUMNS.map((c) => cell(values[c]));
  const row = `| ${cells.join(" | ")} |`;
  const lt = new LineText(text);
  lt.replace(end + 1, end, [row]);
  const out = lt.toString();

  // Read the table back: its last row must hold exactly the values given.
  const tree = parseMarkdown(out);
  const table = tree.children.filter((node) => node.type === "table").at(-1);
  const last = table ? readTable(table).rows.at(-1) : undefined;
  const got = last ? Object.fromEntries(COLUMNS.map((c) => [c, last.cells[c]?.text ?? ""])) : {};
  // Each cell must read as it does on its own: Markdown in it is fine, a stray `|` is not.
  const same = COLUMNS.every((c, i) => {
    const alone = toString(parseMarkdown(cells[i] ?? "")).trim();
    return got[c] === alone || got[c] === values[c];
  });
  if (!same || last?.point.line !== end + 1)
    throw new EditError("event", "this entry cannot be written as one row of the table");

  const spans: FieldSpan[] = [];
  let column = 1;
  cells.forEach((c, i) => {
    // "| " + cell + " " : from the pipe before the cell to the space after it.
    const width = c.length + 3;
    spans.push({
      field: COLUMNS[i] ?? "event",
      start: { line: end + 1, column },
      end: { line: end + 1, column: column + width - 1 },
    });
    column += width;
  });
  spans.push({
    field: "row",
    start: { line: end + 1, column: 1 },
    end: { line: end + 1, column: Number.MAX_SAFE_INTEGER },
  });
  return { text: out, spans };
}
