/** `/compare.csv`: one row per article × country, with the full analysis and absolute links. */
import type { Response } from "express";
import { sendCsvInBatches } from "../../http/csv.js";
import type { CompareRow, CompareStream } from "./model.js";
import { compactArticles, type CompareSelection } from "./schema.js";

export const CSV_COLUMNS = [
  "country",
  "country_name",
  "article",
  "title",
  "status",
  "provisions",
  "analysis",
  "as_of",
  "sources",
  "url",
] as const;

/** The CSV's records of a row of the matrix: one per country. */
function rowRecords(row: CompareRow, siteUrl: string) {
  return row.cells.map((c) => [
    c.country,
    c.countryName,
    row.number,
    row.title,
    c.analysed ? c.status : c.restricted ? "restricted" : "not analysed",
    c.provisions.join("; "),
    c.analysis,
    c.asOf ?? "",
    c.sources.map((s) => `${s.title} <${s.url}>`).join("; "),
    c.analysed ? `${siteUrl}${c.url}` : "",
  ]);
}

/**
 * Sends the comparison as CSV, written a batch of articles at a time as `stream` reads them;
 * links are made absolute with `siteUrl`.
 */
export async function sendCompareCsv(
  res: Response,
  selection: CompareSelection,
  stream: Pick<CompareStream, "rows">,
  siteUrl: string,
): Promise<void> {
  await sendCsvInBatches(
    res,
    `compare-${selection.countries.join("-")}-articles-${compactArticles(selection.articles)}.csv`,
    CSV_COLUMNS,
    stream.rows(),
    (rows) => rows.map((row) => rowRecords(row, siteUrl)),
  );
}
