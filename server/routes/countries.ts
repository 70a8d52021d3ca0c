/**
 * `/countries` (every country with its assessment summary) and `/countries/:code` (profile,
 * treaty status, authorities, laws, then the analysis article by article), with JSON twins.
 */
import { Router, type Request } from "express";
import { NotFoundError } from "../errors.js";
import { allCountries, countryRecords } from "../search/records.js";
import { summarise } from "./articles.js";
import type { RouteDeps } from "./deps.js";
import { NO_PARAMS, readParams } from "./params.js";
import { analysisSection } from "./view-models.js";

const LIST_LINKS = [
  { href: "/countries", label: "All countries" },
  { href: "/articles", label: "All Convention articles" },
];

export function countryRoutes(deps: RouteDeps): Router {
  const router = Router();

  const listModel = async () => {
    const { profiles, analyses } = await allCountries(deps.reader);
    return {
      countries: profiles.map((p) => {
        const own = analyses.filter((a) => a.country === p.country);
        return {
          code: p.data.code,
          name: p.data.name,
          party: p.data.party,
          url: p.url,
          asOf: p.data.asOf,
          budapest: p.data.budapest,
          protocol2: p.data.protocol2,
          sections: own.length,
          statusSummary: summarise(own.map((a) => a.status ?? "unknown")),
          centralAuthorities: p.data.centralAuthorities.map((a) => a.authority),
          contactPoints: p.data.contactPoints.map((a) => a.authority),
        };
      }),
    };
  };

  router.get("/api/countries", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    res.json(await listModel());
  });
  router.get("/countries", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    res.send(
      deps.render(req, "countries", {
        page: { title: "Countries", nav: "countries", jsonUrl: "/api/countries" },
        ...(await listModel()),
      }),
    );
  });

  const code = async (req: Request): Promise<string> => {
    const raw = String(req.params["code"] ?? "");
    const catalog = await deps.catalog.get();
    const upper = raw.toUpperCase();
    if (!/^[A-Za-z]{2}$/.test(raw) || !catalog.countries.some((c) => c.code === upper)) {
      throw new NotFoundError(
        `There is no country \`${raw.slice(0, 20)}\` in this knowledge base. It covers ${catalog.countries.map((c) => `${c.name} (${c.code})`).join(", ")}.`,
        LIST_LINKS,
      );
    }
    return upper;
  };

  const countryModel = async (cc: string) => {
    const { profile, analyses, recommendations } = await countryRecords(deps.reader, cc);
    if (!profile)
      throw new NotFoundError(`The profile of ${cc} is not in the published index.`, LIST_LINKS);
    const d = profile.data;
    const sections = analyses.map((a) => ({
      article: a.data.article,
      ...analysisSection(a),
      anchor: `art-${a.data.article}`,
      title: a.data.articleTitle,
      articleUrl: `/articles/${a.data.article}#${cc}`,
    }));
    return {
      code: cc,
      name: d.name,
      party: d.party,
      asOf: d.asOf,
      aliases: d.aliases,
      introHtml: profile.html,
      portal: d.portal,
      budapest: d.budapest,
      protocol2: d.protocol2,
      declarations: d.declarations,
      centralAuthorities: d.centralAuthorities,
      contactPoints: d.contactPoints,
      laws: d.laws,
      sources: profile.sources,
      sections,
      statusSummary: summarise(sections.map((s) => s.status ?? "unknown")),
      recommendations: recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: `${r.url}#${cc}`,
      })),
      searchUrl: `/search?country=${cc}`,
      compareUrl: `/compare?countries=${cc}`,
    };
  };

  router.get("/api/countries/:code", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    res.json(await countryModel(await code(req)));
  });
  router.get("/countries/:code", async (req, res) => {
    readParams(req.query, NO_PARAMS);
    const cc = await code(req);
    if (req.params["code"] !== cc) {
      res.redirect(301, `/countries/${cc}`);
      return;
    }
    const model = await countryModel(cc);
    res.send(
      deps.render(req, "country", {
        page: {
          title: model.name,
          nav: "countries",
          jsonUrl: `/api/countries/${cc}`,
          description: `${model.name}: treaty status, authorities and article-by-article analysis`,
        },
        ...model,
      }),
    );
  });
  return router;
}
