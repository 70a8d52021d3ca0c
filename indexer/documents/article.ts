/** One document per article of every instrument: the Convention's, and the Protocol's. */
import type { DocumentOf } from "../contract.js";
import { structureArticles } from "../corpus/index.js";
import {
  EMPTY,
  excerpt,
  ORDER,
  originText,
  unique,
  type BuildContext,
  type Draft,
} from "./common.js";

type ArticleDocument = DocumentOf<"article"> | DocumentOf<"protocol-article">;

/** The articles' documents. */
export function articleDocuments(ctx: BuildContext): Draft<ArticleDocument>[] {
  const out: Draft<ArticleDocument>[] = [];
  const primary = ctx.corpus.primary;
  for (const instrument of ctx.corpus.instruments) {
    const isPrimary = instrument === primary;
    const instrumentPlaces = structureArticles(instrument.meta.structure);
    const reportRef = instrument.meta.explanatory_report
      ? (ctx.sourceRefs([instrument.meta.explanatory_report])[0] ?? null)
      : null;
    for (const article of instrument.articles) {
      const place = instrumentPlaces.get(article.number) ?? null;
      const sources = ctx.sourceRefs(article.block.sources);
      const title = `Article ${article.number}${article.title ? ` – ${article.title}` : ""}`;
      const options = [
        ...(article.block.elements ?? []),
        ...(article.block.declarations ?? []),
        ...(article.block.reservations ?? []),
        ...(article.block.notifications ?? []),
      ];
      const refs = [String(article.number), ...options.map((o) => o.ref)];
      const elementsText = options.map((o) => `${o.ref}: ${o.text}`).join("\n");
      const report = article.block.explanatory_report ?? [];
      // The Report's summaries are searchable with the article: a lawyer reads them together.
      const reportText = report
        .map((r) => `Explanatory Report paragraphs ${r.paragraphs}: ${r.text}`)
        .join("\n");
      out.push({
        ...EMPTY,
        id: `${instrument.meta.id}-art-${article.number}`,
        kind: isPrimary ? "article" : "protocol-article",
        title: isPrimary ? title : `${instrument.meta.short}, ${title}`,
        articles: isPrimary ? [article.number] : [],
        articleRefs: isPrimary ? unique(refs) : [],
        chapter: isPrimary && place ? place.chapter : null,
        source: ctx.publishers(report.length > 0 && reportRef ? [...sources, reportRef] : sources),
        summary: excerpt(article.text),
        keywords: article.block.keywords ?? [],
        text: [article.text, elementsText, reportText].filter(Boolean).join("\n\n"),
        html: article.html,
        url: isPrimary
          ? `/articles/${article.number}`
          : `/instruments/${instrument.meta.id}#art-${article.number}`,
        order: (isPrimary ? ORDER.article : ORDER.protocolArticle) + article.number,
        sources,
        origin: originText(article.origin),
        data: {
          instrument: instrument.meta.id,
          number: article.number,
          articleTitle: article.title,
          titleVerified: article.block.title_verified,
          place,
          elements: article.block.elements ?? [],
          declarations: article.block.declarations ?? [],
          reservations: article.block.reservations ?? [],
          notifications: article.block.notifications ?? [],
          explanatoryReport: report.map(({ paragraphs, text }) => ({ paragraphs, text })),
          explanatoryReportSource: reportRef,
        },
      });
    }
  }

  return out;
}
