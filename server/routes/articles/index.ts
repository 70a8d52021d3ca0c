/**
 * `/articles` (the Convention by chapter), `/articles/:n` (one article with every country's
 * analysis of it), `/instruments/:id` (the Second Protocol), and their JSON twins under /api.
 */
import type { Request } from "express";
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import type { Catalog } from "../../search/catalog.js";
import { equals, quote } from "../../search/filters.js";
import { allArticles, articleRecords, instrumentArticles } from "../../search/records.js";
import { analysisSection, summarise } from "../analysis-section.js";
import type { RouteDeps } from "../deps.js";
import { AtShape, readAt } from "../point-in-time.js";
import { interpretation } from "../interpretation.js";
import { ArticleJson, ArticleListJson, InstrumentJson } from "./json.js";

const LIST_LINKS = [
  { href: "/articles", label: "All Convention articles" },
  { href: "/countries", label: "All countries" },
];

/** Reads `:n` as an article number of the Convention, or answers 404 with links back to the lists. */
function articleNumber(req: Request, catalog: Catalog): number {
  const raw = String(req.params["n"] ?? "");
  const n = /^0*\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= catalog.articleCount)) {
    throw new NotFoundError(
      `There is no Article ${raw.slice(0, 20)} in the Budapest Convention: its articles are numbered 1 to ${catalog.articleCount}.`,
      LIST_LINKS,
    );
  }
  return n;
}

export function articleRoutes(deps: RouteDeps): RouteSpec[] {
  const listModel = async () => {
    const articles = await allArticles(deps.reader);
    // `heading` in English as a whole; the page writes "Chapter"/"Section" in the reader's
    // language and the headings themselves (`title`, `sectionHeading`…) marked as English.
    const chapters: {
      chapter: string;
      heading: string;
      title: string | null;
      groups: {
        heading: string | null;
        section: string | null;
        sectionHeading: string | null;
        titleNo: string | null;
        titleHeading: string | null;
        articles: unknown[];
      }[];
    }[] = [];
    for (const a of articles) {
      const place = a.data.place;
      const chapterKey = place?.chapter ?? "";
      let chapter = chapters.find((c) => c.chapter === chapterKey);
      if (!chapter) {
        chapter = {
          chapter: chapterKey,
          heading: place ? `Chapter ${place.chapter} – ${place.chapterHeading}` : "Articles",
          title: place?.chapterHeading ?? null,
          groups: [],
        };
        chapters.push(chapter);
      }
      const groupHeading = place?.sectionHeading
        ? `Section ${place.section} – ${place.sectionHeading}${place.titleHeading ? ` · Title ${place.title} – ${place.titleHeading}` : ""}`
        : null;
      let group = chapter.groups.at(-1);
      if (!group || group.heading !== groupHeading) {
        group = {
          heading: groupHeading,
          section: place?.sectionHeading ? String(place.section) : null,
          sectionHeading: place?.sectionHeading ?? null,
          titleNo: place?.titleHeading ? String(place.title) : null,
          titleHeading: place?.titleHeading ?? null,
          articles: [],
        };
        chapter.groups.push(group);
      }
      group.articles.push({
        number: a.data.number,
        title: a.data.articleTitle,
        summary: a.summary,
        url: a.url,
      });
    }
    return { chapters, count: articles.length };
  };

  const articleModel = async (
    at: RouteDeps,
    n: number,
    catalog: Catalog,
  ): Promise<z.infer<typeof ArticleJson>> => {
    const [{ article, analyses, recommendations, guidanceNotes }, hidden] = await Promise.all([
      articleRecords(at.reader, n),
      at.reader.restrictedPlaces([equals("kind", "analysis"), `articles = ${quote(n)}`]),
    ]);
    const restrictedIn = new Set(hidden.map((h) => h.country));
    if (!article)
      throw new NotFoundError(`Article ${n} is not in the published index.`, LIST_LINKS);
    const analysed = new Set(analyses.map((a) => a.country));
    // "Last changed" is about the record as it is now; a point-in-time view leaves it out.
    const changed =
      at === deps
        ? ((await deps.history?.lastChanged([article.id, ...analyses.map((a) => a.id)])) ??
          new Map<string, string>())
        : new Map<string, string>();
    const countries = analyses.map((a) => ({
      ...analysisSection(a),
      code: a.country,
      name: a.countryName,
      anchor: a.country,
      sectionUrl: a.url,
      historyUrl: `/countries/${a.country}/articles/${n}/history`,
      lastChanged: changed.get(a.id) ?? null,
    }));
    const notAnalysed = catalog.countries
      .filter((c) => !analysed.has(c.code) && !restrictedIn.has(c.code))
      .map((c) => ({ code: c.code, name: c.name, url: `/countries/${c.code}` }));
    // Sections the caller may not read: where they are, nothing more.
    const restricted = catalog.countries
      .filter((c) => restrictedIn.has(c.code))
      .map((c) => ({ code: c.code, name: c.name, url: `/countries/${c.code}#art-${n}` }));
    const d = article.data;
    return {
      number: n,
      title: d.articleTitle ?? `Article ${n}`,
      titleVerified: d.titleVerified,
      place: d.place,
      html: article.html,
      summary: article.summary,
      elements: d.elements,
      declarations: d.declarations,
      reservations: d.reservations,
      notifications: d.notifications,
      sources: article.sources,
      ...interpretation(article, guidanceNotes),
      countries,
      notAnalysed,
      restricted,
      recommendations: recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: r.url,
        countries: r.countries,
      })),
      prev: n > 1 ? { n: n - 1, url: `/articles/${n - 1}` } : null,
      next: n < catalog.articleCount ? { n: n + 1, url: `/articles/${n + 1}` } : null,
      searchUrl: `/search?article=${n}`,
      compareUrl: `/compare?articles=${n}`,
      historyUrl: `/articles/${n}/history`,
      lastChanged: changed.get(article.id) ?? null,
      statusSummary: summarise(countries.map((c) => c.status ?? "unknown")),
    };
  };

  const instrumentModel = async (id: string): Promise<z.infer<typeof InstrumentJson>> => {
    const catalog = await deps.catalog.get();
    const info = catalog.instruments.find((i) => i.id === id && !i.primary);
    if (!info)
      throw new NotFoundError(
        `There is no instrument \`${id.slice(0, 20)}\` besides the Convention.`,
        [{ href: "/articles", label: "Convention articles" }],
      );
    const articles = (await instrumentArticles(deps.reader)).filter(
      (a) => a.data.instrument === id,
    );
    const unverifiedTitles = articles.filter((a) => !a.data.titleVerified).length;
    return {
      instrument: {
        id: info.id,
        short: info.short,
        title: info.title,
        treaty: info.treaty,
        primary: info.primary,
        opened: info.opened,
        adopted: info.adopted,
        inForce: info.inForce,
        note: info.note,
        articleCount: info.articleCount,
        introHtml: info.introHtml,
        sources: info.sources,
      },
      articles: articles.map((a) => ({
        number: a.data.number,
        anchor: `art-${a.data.number}`,
        title: a.data.articleTitle,
        titleVerified: a.data.titleVerified,
        html: a.html,
        sources: a.sources,
      })),
      unverifiedTitles,
    };
  };

  return [
    route({
      path: "/api/articles",
      doc: {
        tag: "articles",
        summary: "All Convention articles by chapter",
        response: ArticleListJson,
      },
      async handle(_req, res) {
        const articles = await allArticles(deps.reader);
        res.json({
          articles: articles.map((a) => ({
            number: a.data.number,
            title: a.data.articleTitle,
            place: a.data.place,
            summary: a.summary,
            url: a.url,
          })),
        } satisfies z.infer<typeof ArticleListJson>);
      },
    }),
    route({
      path: "/articles",
      async handle(req, res) {
        res.send(
          deps.render(req, "articles", {
            page: {
              title: tr(req).t("articles.title"),
              nav: "articles",
              jsonUrl: "/api/articles",
            },
            ...(await listModel()),
          }),
        );
      },
    }),
    route({
      path: "/api/articles/:n",
      query: AtShape,
      doc: {
        tag: "articles",
        summary:
          "One article: summary, elements, declarations and reservations, and every country's analysis",
        params: {
          n: z
            .string()
            .regex(/^\d{1,3}$/)
            .describe("The article number."),
        },
        response: ArticleJson,
        errors: ["not_found"],
      },
      async handle(req, res, params) {
        const catalog = await deps.catalog.get();
        const n = articleNumber(req, catalog);
        const { deps: at } = await readAt(deps, req, params.at);
        res.json(await articleModel(at, n, await at.catalog.get()));
      },
    }),
    route({
      path: "/articles/:n",
      query: AtShape,
      async handle(req, res, params) {
        const catalog = await deps.catalog.get();
        const n = articleNumber(req, catalog);
        if (req.params["n"] !== String(n)) {
          res.redirect(301, `/articles/${n}`);
          return;
        }
        const { deps: at, banner } = await readAt(deps, req, params.at);
        const model = await articleModel(at, n, await at.catalog.get());
        res.send(
          deps.render(req, "article", {
            page: {
              title: ((title) =>
                banner
                  ? tr(req).t("common.asOn", { title, date: tr(req).date(banner.day) })
                  : title)(tr(req).t("common.articleTitled", { n, title: model.title })),
              nav: "articles",
              jsonUrl: `/api/articles/${n}${params.at ? `?at=${params.at}` : ""}`,
              description: model.summary,
              pointInTime: banner,
              feeds: [
                {
                  href: `/feeds/changes.atom?article=${n}`,
                  title: tr(req).t("article.feed", { n }),
                },
              ],
            },
            ...model,
            pointInTime: banner,
          }),
        );
      },
    }),
    route({
      path: "/api/instruments/:id",
      doc: {
        tag: "articles",
        summary: "A secondary instrument (the Second Additional Protocol, id p2) and its articles",
        params: { id: z.string().describe("The instrument id, e.g. p2.") },
        response: InstrumentJson,
        errors: ["not_found"],
      },
      async handle(req, res) {
        res.json(await instrumentModel(String(req.params["id"])));
      },
    }),
    route({
      path: "/instruments/:id",
      async handle(req, res) {
        const model = await instrumentModel(String(req.params["id"]));
        res.send(
          deps.render(req, "instrument", {
            page: {
              title: model.instrument.short,
              nav: "articles",
              jsonUrl: `/api/instruments/${model.instrument.id}`,
            },
            ...model,
            // Said once above the articles instead of under every heading.
            allUnverified:
              model.articles.length > 0 && model.unverifiedTitles === model.articles.length,
          }),
        );
      },
    }),
  ];
}
