/** The tracker's CSV exports: the filtered matrix, and one recommendation's dated history. */
import type { Response } from "express";
import { sendCsv } from "../../http/csv.js";
import { NO_INFORMATION } from "../../search/tracker.js";
import type { RecommendationModel, TrackerModel } from "./model.js";

/**
 * The filtered matrix as CSV: one row per recommendation and addressed country, with the
 * recommendation's text and report, and the current status with the date of the entry behind it.
 */
export function sendTrackerCsv(res: Response, m: TrackerModel, siteUrl: string): void {
  const records = m.rows.flatMap((row) =>
    row.cells
      .filter((c) => c.addressed)
      .map((c) => [
        row.recommendation.data.id,
        row.recommendation.data.recTitle,
        row.recommendation.text,
        m.reports.get(row.recommendation.data.report)?.title ?? row.recommendation.data.report,
        row.recommendation.articles.join(", "),
        c.country,
        c.status,
        c.entry?.date ?? "",
        c.entry?.text ?? "",
        row.recommendation.data.target ?? "",
        c.overdue ? "yes" : "no",
        c.changes.length > 0 ? "yes" : "no",
        c.entry?.sources.map((s) => `${s.title} <${s.url}>`).join("; ") ?? "",
        `${siteUrl}${row.recommendation.url}#${c.country}`,
      ]),
  );
  sendCsv(
    res,
    "recommendations.csv",
    [
      "recommendation",
      "title",
      "text",
      "report",
      "articles",
      "country",
      "status",
      "last_followup_date",
      "last_followup_event",
      "target",
      "overdue",
      "changed_since",
      "sources",
      "url",
    ],
    records,
  );
}

/** One recommendation's dated history as CSV: one row per entry, "no information" where none. */
export function sendHistoryCsv(res: Response, m: RecommendationModel): void {
  const records = m.row.cells.flatMap((cell) =>
    cell.history.length === 0
      ? [[m.rec.data.id, cell.country, "", NO_INFORMATION, "", ""]]
      : cell.history.map((e) => [
          m.rec.data.id,
          cell.country,
          e.date ?? "",
          e.followup ?? "",
          e.text,
          e.sources.map((s) => `${s.title} <${s.url}>`).join("; "),
        ]),
  );
  sendCsv(
    res,
    `${m.rec.data.id}-history.csv`,
    ["recommendation", "country", "date", "status", "event", "sources"],
    records,
  );
}
