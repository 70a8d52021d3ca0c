/** One document per recommendation, and one per dated follow-up entry. */
import type { DocumentOf } from "../contract.js";
import {
  accessValues,
  EMPTY,
  excerpt,
  ORDER,
  originText,
  slug,
  unique,
  yearOf,
  type BuildContext,
  type Draft,
} from "./common.js";

/** The recommendations' and follow-up entries' documents. */
export function recommendationDocuments(
  ctx: BuildContext,
): Draft<DocumentOf<"recommendation"> | DocumentOf<"followup">>[] {
  const out: Draft<DocumentOf<"recommendation"> | DocumentOf<"followup">>[] = [];
  ctx.corpus.recommendations.forEach((rec, index) => {
    const sources = ctx.sourceRefs(unique([rec.report, ...rec.block.sources]));
    out.push({
      ...EMPTY,
      id: `rec-${slug(rec.id)}`,
      access: accessValues(rec.access),
      kind: "recommendation",
      title: `${rec.id} – ${rec.title}`,
      countries: [...rec.block.countries].sort(),
      articles: [...rec.block.articles].sort((a, b) => a - b),
      articleRefs: rec.block.articles.map(String),
      chapter: ctx.places.get(rec.block.articles[0] ?? 0)?.chapter ?? null,
      source: ctx.publishers(sources),
      recommendations: [rec.id],
      summary: excerpt(rec.text),
      text: rec.text,
      html: rec.html,
      url: `/recommendations/${encodeURIComponent(rec.id)}`,
      order: ORDER.recommendation + index,
      sources,
      origin: originText(rec.origin),
      data: {
        id: rec.id,
        recTitle: rec.title,
        report: rec.report,
        numbering: rec.numbering,
        topics: rec.block.topics,
        target: rec.block.target ?? null,
      },
    });
  });

  const recById = new Map(ctx.corpus.recommendations.map((r) => [r.id, r]));
  // An entry's id is its recommendation, country and date (and its rank among entries of the same
  // day): stable when other rows are added above it, so its history can be followed.
  const sameDay = new Map<string, number>();
  for (const entry of ctx.corpus.followups) {
    const { row } = entry;
    const day = `${row.country.toLowerCase()}-${slug(row.recommendation)}-${row.date}`;
    const nth = (sameDay.get(day) ?? 0) + 1;
    sameDay.set(day, nth);
    const rec = recById.get(row.recommendation);
    const sources = ctx.sourceRefs(row.sources);
    const name = ctx.countryName.get(row.country) ?? row.country;
    out.push({
      ...EMPTY,
      id: `fu-${day}${nth > 1 ? `-${nth}` : ""}`,
      access: accessValues(entry.access),
      kind: "followup",
      title: `${name}: ${row.recommendation}, ${row.date}`,
      country: row.country,
      countryName: name,
      countries: [row.country],
      articles: rec ? [...rec.block.articles].sort((a, b) => a - b) : [],
      articleRefs: rec ? rec.block.articles.map(String) : [],
      followup: row.status,
      source: ctx.publishers(sources),
      date: row.date,
      year: yearOf(row.date),
      recommendations: [row.recommendation],
      summary: excerpt(row.event),
      text: row.event,
      html: entry.eventHtml,
      url: `/recommendations/${encodeURIComponent(row.recommendation)}#${row.country}`,
      order: ORDER.followup + entry.sequence,
      sources,
      origin: originText(entry.origin),
      data: {
        recommendation: row.recommendation,
        recTitle: rec?.title ?? null,
        sequence: entry.sequence,
      },
    });
  }

  return out;
}
