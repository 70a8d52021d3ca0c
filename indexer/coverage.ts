/**
 * The coverage `npm run check` prints: for each country, how many articles have a section and
 * how they are assessed; then, per article, the Explanatory Report paragraphs and Guidance Notes
 * recorded for it.
 */
import { ASSESSMENT_STATUSES, type AssessmentStatus } from "./contract.js";
import type { Corpus } from "./corpus/index.js";

export interface CoverageRow {
  code: string;
  name: string;
  party: boolean;
  sections: number;
  byStatus: Record<AssessmentStatus, number>;
  articles: number[];
}

/** Counts analysis sections per country and status. */
export function coverage(corpus: Corpus): CoverageRow[] {
  return corpus.countries.map((country) => {
    const byStatus = Object.fromEntries(ASSESSMENT_STATUSES.map((s) => [s, 0])) as Record<
      AssessmentStatus,
      number
    >;
    for (const analysis of country.analyses) byStatus[analysis.block.status] += 1;
    return {
      code: country.meta.code,
      name: country.meta.name,
      party: country.meta.party,
      sections: country.analyses.length,
      byStatus,
      articles: country.analyses.map((a) => a.article).sort((a, b) => a - b),
    };
  });
}

/** The articles whose Explanatory Report and Guidance Notes coverage is always reported. */
export const INTERPRETATION_ARTICLES = { from: 14, to: 35 } as const;

export interface InterpretationRow {
  article: number;
  /** Paragraph lists of the Explanatory Report summarised for the article, as written. */
  paragraphs: string[];
  /** Numbers of the Guidance Notes that concern the article. */
  notes: number[];
}

/**
 * Explanatory Report paragraphs and Guidance Notes per article of the primary instrument: every
 * article of Arts. 14–35, and any other article that has either.
 */
export function interpretationCoverage(corpus: Corpus): InterpretationRow[] {
  const primary = corpus.primary;
  if (!primary) return [];
  const { from, to } = INTERPRETATION_ARTICLES;
  return primary.articles
    .map((article) => ({
      article: article.number,
      paragraphs: (article.block.explanatory_report ?? []).map((r) => r.paragraphs),
      notes: corpus.guidanceNotes
        .filter(
          (n) => n.instrument === primary.meta.id && n.block.articles.includes(article.number),
        )
        .map((n) => n.number),
    }))
    .filter(
      (row) =>
        (row.article >= from && row.article <= to) ||
        row.paragraphs.length > 0 ||
        row.notes.length > 0,
    )
    .sort((a, b) => a.article - b.article);
}

/** `"171-174, 180"` → `¶¶171–174, 180`; `"176"` → `¶176`. */
export function paragraphLabel(paragraphs: string): string {
  const text = paragraphs.replace(/\s*-\s*/g, "–").replace(/\s*,\s*/g, ", ");
  return `${/^\d+$/.test(text) ? "¶" : "¶¶"}${text}`;
}

/** The coverage of Explanatory Report links and Guidance Notes, one line per article. */
export function formatInterpretationCoverage(corpus: Corpus): string {
  const rows = interpretationCoverage(corpus);
  if (rows.length === 0) return "";
  const cells = rows.map((r) => [
    `Art. ${r.article}`,
    r.paragraphs.length > 0 ? `ER ${r.paragraphs.map(paragraphLabel).join("; ")}` : "ER none",
    r.notes.length > 0 ? `GN ${r.notes.join(", ")}` : "GN none",
  ]);
  const widths = [0, 1].map((i) => Math.max(...cells.map((c) => (c[i] ?? "").length)));
  const { from, to } = INTERPRETATION_ARTICLES;
  const inRange = rows.filter((r) => r.article >= from && r.article <= to);
  const count = (pick: (r: InterpretationRow) => unknown[]) =>
    inRange.filter((r) => pick(r).length > 0).length;
  return [
    `Explanatory Report (ER) paragraphs and T-CY Guidance Notes (GN) per article:`,
    ...cells.map((c) =>
      `  ${(c[0] ?? "").padEnd(widths[0] ?? 0)}  ${(c[1] ?? "").padEnd(widths[1] ?? 0)}  ${c[2] ?? ""}`.trimEnd(),
    ),
    `Arts. ${from}–${to}: ER for ${count((r) => r.paragraphs)} of ${inRange.length}, GN for ${count((r) => r.notes)} of ${inRange.length}`,
  ].join("\n");
}

/** A plain-text table, one line per country, and a summary line. */
export function formatCoverage(corpus: Corpus): string {
  const rows = coverage(corpus);
  const header = ["country", "sections", ...ASSESSMENT_STATUSES];
  const lines = rows.map((r) => [
    `${r.code} ${r.name}${r.party ? "" : " (non-Party)"}`,
    String(r.sections),
    ...ASSESSMENT_STATUSES.map((s) => String(r.byStatus[s])),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ");
  const articles = corpus.primary?.articles.length ?? 0;
  const unknown = rows.reduce((sum, r) => sum + r.byStatus.unknown, 0);
  const total = rows.reduce((sum, r) => sum + r.sections, 0);
  const interpretation = formatInterpretationCoverage(corpus);
  return [
    fmt(header),
    ...lines.map(fmt),
    ...(interpretation ? ["", interpretation] : []),
    "",
    `${corpus.primary?.meta.short ?? "no primary instrument"}: ${articles} articles · ${rows.length} countries · ${total} article sections (${unknown} unknown) · ${corpus.recommendations.length} recommendations · ${corpus.followups.length} follow-up entries · ${corpus.workplan?.results.reduce((n, r) => n + r.activities.length, 0) ?? 0} workplan activities · ${corpus.sources.size} sources`,
  ].join("\n");
}
