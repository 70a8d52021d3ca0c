/**
 * `/articles` (the Convention by chapter), `/articles/:n` (one article with every country's
 * analysis of it), `/instruments/:id` (the Second Protocol), and their JSON twins under /api.
 */
import { Router, type Request } from "express";
import { NotFoundError } from "../errors.js";
import { allArticles, articleRecords, instrumentArticles } from "../search/records.js";
import type { RouteDeps } from "./deps.js";
import { NO_PARAMS, readParams } from "./params.js";
import { analysisSection } from "./view-models.js";

const LIST_LINKS = [
  { href: "/articles", label: "All Convention articles" },
  { href: "/countries", label: "All countries" },
];

/** Reads `:n` as an article number 1–48, or answers 404 with links back to the lists. */
function articleNumber(req: Request): number {
  const raw = String(req.params["n"] ?? "");
  const n = /^0*\d{1,2}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= 48)) {
    throw new NotFoundError(
      `There is no Article ${raw.slice(0, 20)} in the Budapest Convention: its articles are numbered 1 to 48.`,
      LIST_LINKS,
    );
  }
  return n;
}

export function articleRoutes(deps: RouteDeps): Router {
  const router = Router();

  const listModel = async () => {
    const articles = await allArticles(deps.reader);
    const chapters: {
      chapter: string;
      heading: string;
      groups: { heading: string | null; articles: unknown[] }[];
    }[] = [];
    for (const a of articles) {
      const place = a.data.place;
      const chapterKey = place?.chapter ?? "";
      let chapter = chapters.find((c) => c.chapter === chapterKey);
      if (!chapter) {
        chapter = {
          chapter: chapterKey,
          heading: place ? `Chapter ${place.chapter} – ${place.chapterHeading}` : "Articles",
          groups: [],
        };
        chapters.push(chapter);
      }
      const groupHeading = place?.sectionHeading
        ? `Section ${place.section} – ${place.sectionHeading}${place.titleHeading ? ` · Title ${place.title} – ${place.titleHeading}` : ""}`
        : null;
      let group = chapter.groups.at(-1);
      if (!group || group.heading !== groupHeading) {
        group = { heading: groupHeading, articles: [] };
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

  router.get("/api/articles", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const articles = await allArticles(deps.reader);
    res.json({
      articles: articles.map((a) => ({
        number: a.data.number,
        title: a.data.articleTitle,
        place: a.data.place,
        summary: a.summary,
        url: a.url,
      })),
    });
  });
  router.get("/articles", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const model = await listModel();
    res.send(
      deps.render(req, "articles", {
        page: { title: "Budapest Convention articles", nav: "articles", jsonUrl: "/api/articles" },
        ...model,
      }),
    );
  });

  const articleModel = async (n: number) => {
    const [{ article, analyses, recommendations }, catalog] = await Promise.all([
      articleRecords(deps.reader, n),
      deps.catalog.get(),
    ]);
    if (!article)
      throw new NotFoundError(`Article ${n} is not in the published index.`, LIST_LINKS);
    const analysed = new Set(analyses.map((a) => a.country));
    const countries = analyses.map((a) => ({
      ...analysisSection(a),
      code: a.country,
      name: a.countryName,
      anchor: a.country,
      sectionUrl: a.url,
    }));
    const notAnalysed = catalog.countries
      .filter((c) => !analysed.has(c.code))
      .map((c) => ({ code: c.code, name: c.name, url: `/countries/${c.code}` }));
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
      countries,
      notAnalysed,
      recommendations: recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: r.url,
        countries: r.countries,
      })),
      prev: n > 1 ? { n: n - 1, url: `/articles/${n - 1}` } : null,
      next: n < 48 ? { n: n + 1, url: `/articles/${n + 1}` } : null,
      searchUrl: `/search?article=${n}`,
      compareUrl: `/compare?articles=${n}`,
      statusSummary: summarise(countries.map((c) => c.status ?? "unknown")),
    };
  };

  router.get("/api/articles/:n", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const model = await articleModel(articleNumber(req));
    res.json(model);
  });
  router.get("/articles/:n", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const n = articleNumber(req);
    if (req.params["n"] !== String(n)) {
      res.redirect(301, `/articles/${n}`);
      return;
    }
    const model = await articleModel(n);
    res.send(
      deps.render(req, "article", {
        page: {
          title: `Article ${n} – ${model.title}`,
          nav: "articles",
          jsonUrl: `/api/articles/${n}`,
          description: model.summary,
        },
        ...model,
      }),
    );
  });

  const instrumentModel = async (id: string) => {
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
    return {
      instrument: info,
      articles: articles.map((a) => ({
        number: a.data.number,
        anchor: `art-${a.data.number}`,
        title: a.data.articleTitle,
        titleVerified: a.data.titleVerified,
        html: a.html,
        sources: a.sources,
      })),
    };
  };
  router.get("/api/instruments/:id", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    res.json(await instrumentModel(String(req.params["id"])));
  });
  router.get("/instruments/:id", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const model = await instrumentModel(String(req.params["id"]));
    res.send(
      deps.render(req, "instrument", {
        page: {
          title: model.instrument.short,
          nav: "articles",
          jsonUrl: `/api/instruments/${model.instrument.id}`,
        },
        ...model,
      }),
    );
  });
  return router;
}

/** Counts per status, in a fixed order, for the summary line above the countries. */
export function summarise(statuses: string[]): { status: string; count: number }[] {
  const order = ["implemented", "partial", "not-implemented", "not-applicable", "unknown"];
  return order
    .map((status) => ({ status, count: statuses.filter((s) => s === status).length }))
    .filter((s) => s.count > 0);
}
