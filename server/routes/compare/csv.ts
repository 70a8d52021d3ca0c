/** `/compare.csv`: one row per article × country, with the full analysis and absolute links. */
import type { Response } from "express";
import { sendCsv } from "../../http/csv.js";
import type { CompareModel } from "./model.js";
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

/** Sends the comparison as CSV; links are made absolute with `siteUrl`. */
export function sendCompareCsv(
  res: Response,
  selection: CompareSelection,
  model: CompareModel,
  siteUrl: string,
): void {
  const records = model.rows.flatMap((row) =>
    row.cells.map((c) => [
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
    ]),
  );
  sendCsv(
    res,
    `compare-${selection.countries.join("-")}-articles-${compactArticles(selection.articles)}.csv`,
    CSV_COLUMNS,
    records,
  );
}
