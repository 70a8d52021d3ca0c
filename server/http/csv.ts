/**
 * The one CSV writer of the site: UTF-8 with a byte-order mark (so spreadsheets read accents),
 * every field quoted, CRLF line ends, and no cell a spreadsheet would run as a formula.
 */
import { stringify } from "csv-stringify/sync";
import type { Response } from "express";

/**
 * A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
 * spreadsheets; the OWASP rule is to prefix it with a single quote, which shows as text.
 */
export function neutralise(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return typeof value === "number" ? text : /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The CSV text of a header row and records. */
export function toCsv(
  head: readonly string[],
  records: readonly (readonly (string | number | null | undefined)[])[],
): string {
  return stringify([[...head], ...records.map((r) => r.map(neutralise))], {
    quoted: true,
    quoted_empty: true,
    bom: true,
    record_delimiter: "\r\n",
  });
}

/** Sends records as a CSV download named `filename` (unsafe characters replaced). */
export function sendCsv(
  res: Response,
  filename: string,
  head: readonly string[],
  records: readonly (readonly (string | number | null | undefined)[])[],
): void {
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader(
    "Content-Disposition",
    `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  );
  res.send(toCsv(head, records));
}
