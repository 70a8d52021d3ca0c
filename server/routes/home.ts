/** `/` (search box, countries, articles, latest follow-up) and `/about`, with JSON twins. */
import { Router } from "express";
import { NotFoundError } from "../errors.js";
import { latestFollowups, pageRecord } from "../search/records.js";
import type { RouteDeps } from "./deps.js";
import { NO_PARAMS, readParams } from "./params.js";

export function homeRoutes(deps: RouteDeps): Router {
  const router = Router();

  const homeModel = async () => {
    const [catalog, latest] = await Promise.all([
      deps.catalog.get(),
      latestFollowups(deps.reader, 6),
    ]);
    const chapters: {
      chapter: string;
      heading: string;
      articles: { number: number; title: string; url: string }[];
    }[] = [];
    for (const a of catalog.articles) {
      const key = a.place?.chapter ?? "";
      let chapter = chapters.find((c) => c.chapter === key);
      if (!chapter) {
        chapter = {
          chapter: key,
          heading: a.place ? `Chapter ${a.place.chapter} – ${a.place.chapterHeading}` : "Articles",
          articles: [],
        };
        chapters.push(chapter);
      }
      chapter.articles.push({ number: a.number, title: a.title, url: `/articles/${a.number}` });
    }
    return {
      countries: catalog.countries.map((c) => ({
        code: c.code,
        name: c.name,
        party: c.party,
        url: `/countries/${c.code}`,
      })),
      chapters,
      latest: latest.map((f) => ({
        date: f.date,
        country: f.country,
        countryName: f.countryName,
        recommendation: f.data.recommendation,
        recTitle: f.data.recTitle,
        status: f.followup,
        summary: f.summary,
        url: f.url,
      })),
      builtAt: catalog.builtAt,
    };
  };

  router.get("/api", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    res.json(await homeModel());
  });
  router.get("/", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const model = await homeModel();
    res.send(
      deps.render(req, "home", {
        page: { title: "Home", nav: "home", jsonUrl: "/api", bodyClass: "home" },
        ...model,
      }),
    );
  });

  const pageModel = async (id: string) => {
    // Only plain ids reach the engine: the id becomes part of a URL path there.
    const doc = /^[a-z0-9-]{1,40}$/.test(id) ? await pageRecord(deps.reader, id) : null;
    if (!doc) throw new NotFoundError(`There is no page \`${id}\`.`);
    return { id, title: doc.title, html: doc.html, asOf: doc.date, sources: doc.sources };
  };
  router.get("/api/pages/:id", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    res.json(await pageModel(String(req.params["id"])));
  });
  router.get("/about", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const model = await pageModel("about");
    res.send(
      deps.render(req, "page", {
        page: { title: model.title, nav: "about", jsonUrl: "/api/pages/about" },
        ...model,
      }),
    );
  });
  return router;
}
