/**
 * The one CSV writer of the site: UTF-8 with a byte-order mark (so spreadsheets read accents),
 * every field quoted, CRLF line ends, and no cell a spreadsheet would run as a formula.
 */
import { stringify } from "csv-stringify/sync";
import type { Response } from "express";
import { sendInBatches } from "./stream.js";

/**
 * A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
 * spreadsheets; the OWASP rule is to prefix it with a single quote, which shows as text.
 */
export function neutralise(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return typeof value === "number" ? text : /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

type CsvRecord = readonly (string | number | null | undefined)[];

const OPTIONS = { quoted: true, quoted_empty: true, record_delimiter: "\r\n" } as const;

/** The CSV text of a header row and records. */
export function toCsv(head: readonly string[], records: readonly CsvRecord[]): string {
  return stringify([[...head], ...records.map((r) => r.map(neutralise))], {
    ...OPTIONS,
    bom: true,
  });
}

/** The lines of `records`, each ended: what `toCsv` writes after its header row. */
function csvLines(records: readonly CsvRecord[]): string {
  return records.length === 0
    ? ""
    : stringify(
        records.map((r) => r.map(neutralise)),
        OPTIONS,
      );
}

/** Makes the answer a CSV download named `filename` (unsafe characters replaced). */
function asDownload(res: Response, filename: string): void {
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader(
    "Content-Disposition",
    `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
  );
}

/** Sends records as a CSV download named `filename` (unsafe characters replaced). */
export function sendCsv(
  res: Response,
  filename: string,
  head: readonly string[],
  records: readonly CsvRecord[],
): void {
  asDownload(res, filename);
  res.send(toCsv(head, records));
}

/**
 * Sends the same text as `sendCsv` would of every record `batches` give, written as they are
 * read (see `sendInBatches`): `records` gives a batch's records in groups, each group sent whole.
 */
export async function sendCsvInBatches<B>(
  res: Response,
  filename: string,
  head: readonly string[],
  batches: AsyncGenerator<B, unknown>,
  records: (batch: B) => Iterable<readonly CsvRecord[]>,
): Promise<void> {
  await sendInBatches(res, batches, {
    start() {
      asDownload(res, filename);
      return toCsv(head, []);
    },
    *pieces(batch) {
      for (const group of records(batch)) yield csvLines(group);
    },
    end: () => "",
  });
}
