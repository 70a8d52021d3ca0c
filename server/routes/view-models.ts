/** View models shared by several pages. */
import type { AnalysisRecord } from "../search/records.js";

/** One country's analysis of one article, as the article and country pages show it. */
export function analysisSection(a: AnalysisRecord) {
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
  };
}
