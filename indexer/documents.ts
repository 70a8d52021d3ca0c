/**
 * Turns the validated corpus into search documents: one per Convention article, country profile,
 * country analysis of an article, recommendation, follow-up entry, protocol article and page,
 * plus one `meta` document with the corpus fingerprint and reference data.
 */
import { CONTRACT_VERSION, KIND_RANK, type KbDocument, type SourceRef } from "./contract.js";
import { structureArticles, type ArticlePlace, type Corpus } from "./corpus/index.js";
import type { Origin } from "./extract/index.js";

/** Builds every document of the corpus, in reading order. */
export function buildDocuments(corpus: Corpus, builtAt = new Date().toISOString()): KbDocument[] {
  const docs: Omit<KbDocument, "rank">[] = [];
  const sourceRefs = (ids: readonly string[]): SourceRef[] =>
    [...new Set(ids)].flatMap((id) => {
      const s = corpus.sources.get(id);
      return s
        ? [
            {
              id,
              title: s.title,
              publisher: s.publisher,
              url: s.url,
              seen: s.seen,
              official: s.official,
            },
          ]
        : [];
    });
  const publishers = (refs: SourceRef[]) => [...new Set(refs.map((r) => r.publisher))];
  const primary = corpus.primary;
  const places = primary
    ? structureArticles(primary.meta.structure)
    : new Map<number, ArticlePlace>();
  const articleTitle = new Map(
    (primary?.articles ?? []).map((a) => [a.number, a.title ?? `Article ${a.number}`]),
  );
  const countryName = new Map(corpus.countries.map((c) => [c.meta.code, c.meta.name]));
  const base = {
    country: null,
    countryName: null,
    countries: [],
    articles: [],
    articleRefs: [],
    chapter: null,
    status: null,
    followup: null,
    year: null,
    date: null,
    provisions: [],
    recommendations: [],
    keywords: [],
  } satisfies Partial<KbDocument>;
  const articleKeywords = new Map(
    (primary?.articles ?? []).map((a) => [a.number, a.block.keywords ?? []]),
  );

  corpus.pages.forEach((page, index) => {
    const sources = sourceRefs(page.sources);
    docs.push({
      ...base,
      id: `page-${page.id}`,
      kind: "page",
      title: page.title,
      source: publishers(sources),
      date: page.asOf,
      year: yearOf(page.asOf),
      summary: excerpt(page.text),
      text: page.text,
      html: page.html,
      url: `/${page.id}`,
      order: index,
      sources,
      origin: originText(page.origin),
      data: { asOf: page.asOf },
    });
  });

  for (const instrument of corpus.instruments) {
    const isPrimary = instrument === primary;
    const instrumentPlaces = structureArticles(instrument.meta.structure);
    for (const article of instrument.articles) {
      const place = instrumentPlaces.get(article.number) ?? null;
      const sources = sourceRefs(article.block.sources);
      const title = `Article ${article.number}${article.title ? ` – ${article.title}` : ""}`;
      const options = [
        ...(article.block.elements ?? []),
        ...(article.block.declarations ?? []),
        ...(article.block.reservations ?? []),
        ...(article.block.notifications ?? []),
      ];
      const refs = [String(article.number), ...options.map((o) => o.ref)];
      const elementsText = options.map((o) => `${o.ref}: ${o.text}`).join("\n");
      docs.push({
        ...base,
        id: `${instrument.meta.id}-art-${article.number}`,
        kind: isPrimary ? "article" : "protocol-article",
        title: isPrimary ? title : `${instrument.meta.short}, ${title}`,
        articles: isPrimary ? [article.number] : [],
        articleRefs: isPrimary ? unique(refs) : [],
        chapter: isPrimary && place ? place.chapter : null,
        source: publishers(sources),
        summary: excerpt(article.text),
        keywords: article.block.keywords ?? [],
        text: [article.text, elementsText].filter(Boolean).join("\n\n"),
        html: article.html,
        url: isPrimary
          ? `/articles/${article.number}`
          : `/instruments/${instrument.meta.id}#art-${article.number}`,
        order: (isPrimary ? 1000 : 1500) + article.number,
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
        },
      });
    }
  }

  corpus.countries.forEach((country, countryIndex) => {
    const { meta } = country;
    const profileSources = sourceRefs(meta.sources);
    const withSources = <T extends { sources: string[] }>(items: T[]) =>
      items.map((item) => ({ ...item, sources: sourceRefs(item.sources) }));
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
    const allProfileSources = sourceRefs([
      ...meta.sources,
      ...meta.budapest.sources,
      ...meta.protocol2.sources,
      ...meta.declarations.flatMap((d) => d.sources),
      ...meta.central_authorities.flatMap((a) => a.sources),
      ...meta.contact_points.flatMap((a) => a.sources),
      ...meta.laws.flatMap((l) => l.sources),
    ]);
    docs.push({
      ...base,
      id: `country-${meta.code.toLowerCase()}`,
      kind: "profile",
      title: `${meta.name}: country profile`,
      country: meta.code,
      countryName: meta.name,
      countries: [meta.code],
      articles: profileArticles,
      articleRefs: unique(declarations.map((d) => d.ref)),
      source: publishers(allProfileSources),
      date: meta.as_of,
      year: yearOf(meta.as_of),
      provisions: meta.laws.map((l) => l.title),
      keywords: meta.aliases,
      summary: excerpt(country.introText),
      text: profileText,
      html: country.introHtml,
      url: `/countries/${meta.code}`,
      order: 2000 + countryIndex * 100,
      sources: profileSources,
      origin: originText(country.origin),
      data: {
        code: meta.code,
        name: meta.name,
        aliases: meta.aliases,
        party: meta.party,
        asOf: meta.as_of,
        portal: meta.portal,
        budapest: { ...meta.budapest, sources: sourceRefs(meta.budapest.sources) },
        protocol2: { ...meta.protocol2, sources: sourceRefs(meta.protocol2.sources) },
        declarations,
        centralAuthorities: withSources(meta.central_authorities),
        contactPoints: withSources(meta.contact_points),
        laws: withSources(meta.laws),
        analysedArticles: country.analyses.map((a) => a.article).sort((a, b) => a - b),
      },
    });

    for (const analysis of country.analyses) {
      const sources = sourceRefs(analysis.block.sources);
      const place = places.get(analysis.article) ?? null;
      const title = articleTitle.get(analysis.article) ?? analysis.headingTitle;
      const related = corpus.recommendations
        .filter(
          (r) =>
            r.block.articles.includes(analysis.article) && r.block.countries.includes(meta.code),
        )
        .map((r) => r.id);
      docs.push({
        ...base,
        id: `analysis-${meta.code.toLowerCase()}-${analysis.article}`,
        kind: "analysis",
        title: `${meta.name}: Article ${analysis.article}${title ? ` – ${title}` : ""}`,
        country: meta.code,
        countryName: meta.name,
        countries: [meta.code],
        articles: [analysis.article],
        articleRefs: [String(analysis.article)],
        chapter: place?.chapter ?? null,
        status: analysis.block.status,
        source: publishers(sources),
        date: analysis.block.as_of,
        year: yearOf(analysis.block.as_of),
        provisions: analysis.block.provisions,
        keywords: articleKeywords.get(analysis.article) ?? [],
        recommendations: related,
        summary: excerpt(analysis.analysisText || analysis.block.missing || ""),
        text: [analysis.analysisText, analysis.gapsText, analysis.block.missing ?? ""]
          .filter(Boolean)
          .join("\n\n"),
        html: analysis.analysisHtml,
        url: `/countries/${meta.code}#art-${analysis.article}`,
        order: 2000 + countryIndex * 100 + analysis.article,
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
  });

  corpus.recommendations.forEach((rec, index) => {
    const sources = sourceRefs(unique([rec.report, ...rec.block.sources]));
    docs.push({
      ...base,
      id: `rec-${slug(rec.id)}`,
      kind: "recommendation",
      title: `${rec.id} – ${rec.title}`,
      countries: [...rec.block.countries].sort(),
      articles: [...rec.block.articles].sort((a, b) => a - b),
      articleRefs: rec.block.articles.map(String),
      chapter: places.get(rec.block.articles[0] ?? 0)?.chapter ?? null,
      source: publishers(sources),
      recommendations: [rec.id],
      summary: excerpt(rec.text),
      text: rec.text,
      html: rec.html,
      url: `/recommendations/${encodeURIComponent(rec.id)}`,
      order: 5000 + index,
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

  const recById = new Map(corpus.recommendations.map((r) => [r.id, r]));
  for (const entry of corpus.followups) {
    const { row } = entry;
    const rec = recById.get(row.recommendation);
    const sources = sourceRefs(row.sources);
    const name = countryName.get(row.country) ?? row.country;
    docs.push({
      ...base,
      id: `fu-${row.country.toLowerCase()}-${slug(row.recommendation)}-${entry.sequence}`,
      kind: "followup",
      title: `${name}: ${row.recommendation}, ${row.date}`,
      country: row.country,
      countryName: name,
      countries: [row.country],
      articles: rec ? [...rec.block.articles].sort((a, b) => a - b) : [],
      articleRefs: rec ? rec.block.articles.map(String) : [],
      followup: row.status,
      source: publishers(sources),
      date: row.date,
      year: yearOf(row.date),
      recommendations: [row.recommendation],
      summary: excerpt(row.event),
      text: row.event,
      html: entry.eventHtml,
      url: `/recommendations/${encodeURIComponent(row.recommendation)}#${row.country}`,
      order: 6000 + entry.sequence,
      sources,
      origin: originText(entry.origin),
      data: {
        recommendation: row.recommendation,
        recTitle: rec?.title ?? null,
        sequence: entry.sequence,
      },
    });
  }

  docs.push({
    ...base,
    id: "meta",
    kind: "meta",
    title: "Corpus metadata",
    source: [],
    summary: "",
    text: "",
    html: "",
    url: "/",
    order: 0,
    sources: [],
    origin: "",
    data: {
      fingerprint: corpus.fingerprint,
      contractVersion: CONTRACT_VERSION,
      builtAt,
      meetings: corpus.meetings.map((m) => ({ ...m.row, sources: sourceRefs(m.row.sources) })),
      instruments: corpus.instruments.map((i) => ({
        id: i.meta.id,
        short: i.meta.short,
        title: i.meta.title,
        treaty: i.meta.treaty,
        primary: i.meta.primary,
        opened: i.meta.opened ?? null,
        adopted: i.meta.adopted ?? null,
        inForce: i.meta.in_force ?? null,
        note: i.meta.note ?? null,
        articleCount: i.meta.article_count,
        structure: i.meta.structure,
        introHtml: i.introHtml,
        sources: sourceRefs(i.meta.sources),
      })),
    },
  });
  return docs.map((doc) => ({ ...doc, rank: KIND_RANK[doc.kind] }));
}

/** Synonym settings: every term of a group maps to the others. */
export function buildSynonyms(corpus: Corpus): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const group of corpus.synonyms) {
    for (const term of group.terms) {
      const set = (out[term] ??= new Set());
      for (const other of group.terms) if (other !== term) set.add(other);
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([term, set]) => [term, [...set].slice(0, 50)]),
  );
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function yearOf(date: string | undefined): number | null {
  const match = date ? /^(\d{4})/.exec(date) : null;
  return match?.[1] ? Number(match[1]) : null;
}

/** A document id may hold only letters, digits, `-` and `_`. */
function slug(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The first sentences of a text, cut at a word boundary near 280 characters. */
export function excerpt(text: string, max = 280): string {
  const first = (text.split(/\n\n/)[0] ?? "").replace(/\s+/g, " ").trim();
  if (first.length <= max) return first;
  const cut = first.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${cut.slice(0, space > max * 0.6 ? space : max).trimEnd()}…`;
}

function originText(origin: Origin): string {
  return `${origin.path}:${origin.point.line}`;
}
