/** `/` (search box, countries, articles, latest follow-up) and `/about`, with JSON twins. */
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { FollowupStatusJson, SourceJson } from "../../http/schemas.js";
import { latestFollowups, pageRecord, restrictedMaterial } from "../../search/records.js";
import { seesRestricted } from "../../search/access.js";
import { formatDate } from "../../views.js";
import { tr } from "../../i18n.js";
import type { RouteDeps } from "../deps.js";

export const HomeJson = z.strictObject({
  countries: z.array(
    z.strictObject({ code: z.string(), name: z.string(), party: z.boolean(), url: z.string() }),
  ),
  chapters: z.array(
    z.strictObject({
      chapter: z.string(),
      heading: z.string(),
      title: z.string().nullable().describe("The chapter's own heading, without its number."),
      articles: z.array(z.strictObject({ number: z.number(), title: z.string(), url: z.string() })),
    }),
  ),
  latest: z.array(
    z.strictObject({
      date: z.string().nullable(),
      country: z.string().nullable(),
      countryName: z.string().nullable(),
      recommendation: z.string(),
      recTitle: z.string().nullable(),
      status: FollowupStatusJson.nullable(),
      summary: z.string(),
      url: z.string(),
    }),
  ),
  project: z
    .strictObject({ title: z.string(), period: z.string(), url: z.string() })
    .nullable()
    .describe("The project workplan the knowledge base holds, if any."),
  builtAt: z.string().nullable().describe("When the published index was built."),
  restricted: z
    .array(
      z.strictObject({
        title: z.string(),
        url: z.string(),
        kind: z.string(),
        date: z.string().nullable(),
        for: z
          .array(z.string())
          .describe("Who may read it: `members`, or the working groups named."),
      }),
    )
    .describe(
      "The newest material that is not public among what the caller may read (empty for the public).",
    ),
});

export const PageJson = z.strictObject({
  id: z.string(),
  title: z.string(),
  html: z.string().describe("Sanitized HTML."),
  asOf: z.string().nullable(),
  sources: z.array(SourceJson),
});

export function homeRoutes(deps: RouteDeps): RouteSpec[] {
  const homeModel = async (): Promise<z.infer<typeof HomeJson>> => {
    const [catalog, latest, restricted] = await Promise.all([
      deps.catalog.get(),
      latestFollowups(deps.reader, 6),
      // Only a caller who may read more than the public is asked about it.
      seesRestricted() ? restrictedMaterial(deps.reader, 8) : [],
    ]);
    const chapters: z.infer<typeof HomeJson>["chapters"] = [];
    for (const a of catalog.articles) {
      const key = a.place?.chapter ?? "";
      let chapter = chapters.find((c) => c.chapter === key);
      if (!chapter) {
        chapter = {
          chapter: key,
          heading: a.place ? `Chapter ${a.place.chapter} – ${a.place.chapterHeading}` : "Articles",
          title: a.place?.chapterHeading ?? null,
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
      project: catalog.workplan
        ? {
            title: catalog.workplan.title,
            period: `${formatDate(catalog.workplan.start)} – ${formatDate(catalog.workplan.end)}`,
            url: "/project",
          }
        : null,
      builtAt: catalog.builtAt,
      restricted: restricted.map((d) => ({
        title: d.title,
        url: d.url,
        kind: d.kind,
        date: d.date ?? null,
        for: d.access.map((a) => a.replace(/^group:/, "")),
      })),
    };
  };

  const pageModel = async (id: string): Promise<z.infer<typeof PageJson>> => {
    // Only plain ids reach the engine: the id becomes part of a URL path there.
    const doc = /^[a-z0-9-]{1,40}$/.test(id) ? await pageRecord(deps.reader, id) : null;
    if (!doc) throw new NotFoundError(`There is no page \`${id.slice(0, 40)}\`.`);
    return { id, title: doc.title, html: doc.html, asOf: doc.date, sources: doc.sources };
  };

  return [
    route({
      path: "/api",
      doc: {
        tag: "pages",
        summary: "Home page data: countries, articles by chapter, latest follow-up",
        response: HomeJson,
      },
      async handle(_req, res) {
        res.json(await homeModel());
      },
    }),
    route({
      path: "/",
      async handle(req, res) {
        const { t, date } = tr(req);
        const model = await homeModel();
        const catalog = await deps.catalog.get();
        res.send(
          deps.render(req, "home", {
            page: { title: t("nav.home"), nav: "home", jsonUrl: "/api", bodyClass: "home" },
            ...model,
            // Who may read each restricted item, in the reader's words.
            restricted: model.restricted.map((d) => ({
              ...d,
              forWhom: d.for
                .map((who) => (who === "members" ? t("home.forMembers") : who))
                .join(", "),
            })),
            project:
              model.project && catalog.workplan
                ? {
                    ...model.project,
                    period: `${date(catalog.workplan.start)} – ${date(catalog.workplan.end)}`,
                  }
                : null,
          }),
        );
      },
    }),
    route({
      path: "/api/pages/:id",
      doc: {
        tag: "pages",
        summary: "A page of prose (e.g. about)",
        params: { id: z.string().describe("The page id, e.g. about.") },
        response: PageJson,
        errors: ["not_found"],
      },
      async handle(req, res) {
        res.json(await pageModel(String(req.params["id"])));
      },
    }),
    route({
      path: "/about",
      async handle(req, res) {
        const model = await pageModel("about");
        res.send(
          deps.render(req, "page", {
            page: { title: model.title, nav: "about", jsonUrl: "/api/pages/about" },
            ...model,
          }),
        );
      },
    }),
    // Every other page of prose the corpus has (a search hit links here).
    route({
      path: "/pages/:id",
      async handle(req, res) {
        const id = String(req.params["id"]);
        if (id === "about") {
          const query = req.originalUrl.indexOf("?");
          return res.redirect(301, `/about${query < 0 ? "" : req.originalUrl.slice(query)}`);
        }
        const model = await pageModel(id);
        res.send(
          deps.render(req, "page", {
            page: { title: model.title, jsonUrl: `/api/pages/${id}` },
            ...model,
          }),
        );
      },
    }),
  ];
}
