/**
 * The coverage table `npm run check` prints: for each country, how many articles have a section
 * and how they are assessed.
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
  return [
    fmt(header),
    ...lines.map(fmt),
    "",
    `${corpus.primary?.meta.short ?? "no primary instrument"}: ${articles} articles · ${rows.length} countries · ${total} article sections (${unknown} unknown) · ${corpus.recommendations.length} recommendations · ${corpus.followups.length} follow-up entries · ${corpus.workplan?.results.reduce((n, r) => n + r.activities.length, 0) ?? 0} workplan activities · ${corpus.sources.size} sources`,
  ].join("\n");
}
