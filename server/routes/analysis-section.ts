/** One country's analysis of one article, as the article and country pages (and their JSON) show it. */
import { z } from "zod";
import { AssessmentStatusJson, SourceJson } from "../http/schemas.js";
import type { AnalysisRecord } from "../search/records.js";

export const AnalysisSectionJson = z.strictObject({
  status: AssessmentStatusJson.nullable(),
  benchmark: z
    .boolean()
    .describe("The country is not a Party: its law is read as a benchmark, not assessed."),
  provisions: z.array(z.string()).describe("National provisions cited."),
  html: z.string().describe("The analysis, sanitized HTML."),
  gapsHtml: z.string(),
  missing: z.string().nullable().describe("For status unknown: what would be needed to assess it."),
  asOf: z.string().nullable(),
  sources: z.array(SourceJson),
  searchUrl: z.string(),
  restrictedTo: z
    .string()
    .nullable()
    .describe(
      "Who else may read this section: `members`, or the working groups; null when it is public.",
    ),
});
export type AnalysisSection = z.infer<typeof AnalysisSectionJson>;

/** The section's view: the same for both pages. */
export function analysisSection(a: AnalysisRecord): AnalysisSection {
  return {
    status: a.status,
    benchmark: !a.data.party,
    provisions: a.provisions,
    html: a.html,
    gapsHtml: a.data.gapsHtml,
    missing: a.data.missing,
    asOf: a.date,
    sources: a.sources,
    searchUrl: `/search?article=${a.data.article}&country=${a.country}`,
    restrictedTo: restrictedTo(a.access),
  };
}

/** Whom a document is for, in words, or null when it is public. */
export function restrictedTo(access: readonly string[] | undefined): string | null {
  if (!access || access.includes("public")) return null;
  if (access.includes("members")) return "members";
  return access.map((a) => a.replace(/^group:/, "")).join(", ");
}

/** Counts per status, in a fixed order, for the summary line above the sections. */
export function summarise(statuses: string[]): { status: string; count: number }[] {
  const order = ["implemented", "partial", "not-implemented", "not-applicable", "unknown"];
  return order
    .map((status) => ({ status, count: statuses.filter((s) => s === status).length }))
    .filter((s) => s.count > 0);
}

export const StatusSummaryJson = z.array(z.strictObject({ status: z.string(), count: z.number() }));
