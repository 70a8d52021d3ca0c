/** Per country: its profile, and one document per article it analyses. */
import type { DocumentOf } from "../contract.js";
import type { CountryRecord } from "../extract/index.js";
import {
  accessValues,
  EMPTY,
  excerpt,
  ORDER,
  originText,
  unique,
  yearOf,
  type BuildContext,
  type Draft,
} from "./common.js";

/** One country's documents: its profile and its analyses (`countryIndex` sets their order). */
export function countryDocuments(
  ctx: BuildContext,
  country: CountryRecord,
  countryIndex: number,
): Draft<DocumentOf<"profile"> | DocumentOf<"analysis">>[] {
  const out: Draft<DocumentOf<"profile"> | DocumentOf<"analysis">>[] = [];
  {
    const { meta } = country;
    const profileSources = ctx.sourceRefs(meta.sources);
    const withSources = <T extends { sources: string[] }>(items: T[]) =>
      items.map((item) => ({ ...item, sources: ctx.sourceRefs(item.sources) }));
    const declarations = withSources(meta.declarations);
    const profileArticles = unique(declarations.map((d) => Number(d.ref.split(".")[0]))).sort(
      (a, b) => a - b,
    );
    const profileText = [
      country.introText,
      ...meta.central_authorities.map((a) => `${a.authority}: ${a.role}`),
      ...meta.contact_points.map((a) => `${a.authority}: ${a.role}`),
      ...meta.declarations.map((d) => `${d.kind} ${d.ref}: ${d.text}`),
      ...meta.laws.map((l) => `${l.title} ${l.number} ${l.date}`),
    ].join("\n\n");
    const allProfileSources = ctx.sourceRefs([
      ...meta.sources,
      ...meta.budapest.sources,
      ...meta.protocol2.sources,
      ...meta.declarations.flatMap((d) => d.sources),
      ...meta.central_authorities.flatMap((a) => a.sources),
      ...meta.contact_points.flatMap((a) => a.sources),
      ...meta.laws.flatMap((l) => l.sources),
    ]);
    out.push({
      ...EMPTY,
      id: `country-${meta.code.toLowerCase()}`,
      access: accessValues(meta.access),
      kind: "profile",
      title: `${meta.name}: country profile`,
      country: meta.code,
      countryName: meta.name,
      countries: [meta.code],
      articles: profileArticles,
      articleRefs: unique(declarations.map((d) => d.ref)),
      source: ctx.publishers(allProfileSources),
      date: meta.as_of,
      year: yearOf(meta.as_of),
      provisions: meta.laws.map((l) => l.title),
      keywords: meta.aliases,
      summary: excerpt(country.introText),
      text: profileText,
      html: country.introHtml,
      url: `/countries/${meta.code}`,
      order: ORDER.country + countryIndex * ORDER.perCountry,
      sources: profileSources,
      origin: originText(country.origin),
      data: {
        code: meta.code,
        name: meta.name,
        aliases: meta.aliases,
        party: meta.party,
        asOf: meta.as_of,
        portal: meta.portal,
        budapest: { ...meta.budapest, sources: ctx.sourceRefs(meta.budapest.sources) },
        protocol2: { ...meta.protocol2, sources: ctx.sourceRefs(meta.protocol2.sources) },
        declarations,
        centralAuthorities: withSources(meta.central_authorities),
        contactPoints: withSources(meta.contact_points),
        laws: withSources(meta.laws),
        analysedArticles: country.analyses.map((a) => a.article).sort((a, b) => a - b),
      },
    });

    for (const analysis of country.analyses) {
      const sources = ctx.sourceRefs(analysis.block.sources);
      const place = ctx.places.get(analysis.article) ?? null;
      const title = ctx.articleTitle.get(analysis.article) ?? analysis.headingTitle;
      const related = ctx.corpus.recommendations
        .filter(
          (r) =>
            r.block.articles.includes(analysis.article) && r.block.countries.includes(meta.code),
        )
        .map((r) => r.id);
      out.push({
        ...EMPTY,
        id: `analysis-${meta.code.toLowerCase()}-${analysis.article}`,
        access: accessValues(analysis.block.access ?? meta.access),
        kind: "analysis",
        title: `${meta.name}: Article ${analysis.article}${title ? ` – ${title}` : ""}`,
        country: meta.code,
        countryName: meta.name,
        countries: [meta.code],
        articles: [analysis.article],
        articleRefs: [String(analysis.article)],
        chapter: place?.chapter ?? null,
        status: analysis.block.status,
        source: ctx.publishers(sources),
        date: analysis.block.as_of,
        year: yearOf(analysis.block.as_of),
        provisions: analysis.block.provisions,
        keywords: ctx.articleKeywords.get(analysis.article) ?? [],
        recommendations: related,
        summary: excerpt(analysis.analysisText || analysis.block.missing || ""),
        text: [analysis.analysisText, analysis.gapsText, analysis.block.missing ?? ""]
          .filter(Boolean)
          .join("\n\n"),
        html: analysis.analysisHtml,
        url: `/countries/${meta.code}#art-${analysis.article}`,
        order: ORDER.country + countryIndex * ORDER.perCountry + analysis.article,
        sources,
        origin: originText(analysis.origin),
        data: {
          article: analysis.article,
          articleTitle: title,
          party: meta.party,
          gapsHtml: analysis.gapsHtml,
          missing: analysis.block.missing ?? null,
        },
      });
    }
  }

  return out;
}
