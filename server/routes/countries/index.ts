/**
 * `/countries` (every country with its assessment summary) and `/countries/:code` (profile,
 * treaty status, authorities, laws, then the analysis article by article), with JSON twins.
 */
import type { Request } from "express";
import { z } from "zod";
import { ProfileDataSchema } from "../../../indexer/index.js";
import { NotFoundError } from "../../errors.js";
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { SourceJson } from "../../http/schemas.js";
import { equals } from "../../search/filters.js";
import { allCountries, countryRecords } from "../../search/records.js";
import {
  AnalysisSectionJson,
  analysisSection,
  StatusSummaryJson,
  summarise,
} from "../analysis-section.js";
import type { RouteDeps } from "../deps.js";
import { AtShape, readAt } from "../point-in-time.js";

const LIST_LINKS = [
  { href: "/countries", label: "All countries" },
  { href: "/articles", label: "All Convention articles" },
];

const profile = ProfileDataSchema.shape;

export const CountryListJson = z.strictObject({
  countries: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      party: z.boolean(),
      url: z.string(),
      asOf: z.string(),
      budapest: profile.budapest,
      protocol2: profile.protocol2,
      sections: z.number(),
      statusSummary: StatusSummaryJson,
      centralAuthorities: z.array(z.string()),
      contactPoints: z.array(z.string()),
    }),
  ),
});

export const CountryJson = z.strictObject({
  code: z.string(),
  name: z.string(),
  party: z.boolean(),
  asOf: z.string(),
  aliases: z.array(z.string()),
  introHtml: z.string(),
  portal: profile.portal,
  budapest: profile.budapest,
  protocol2: profile.protocol2,
  declarations: profile.declarations,
  centralAuthorities: profile.centralAuthorities,
  contactPoints: profile.contactPoints,
  laws: profile.laws,
  sources: z.array(SourceJson),
  sections: z.array(
    AnalysisSectionJson.extend({
      article: z.number(),
      anchor: z.string(),
      title: z.string().nullable(),
      articleUrl: z.string(),
      historyUrl: z.string(),
      lastChanged: z
        .string()
        .nullable()
        .describe("The day this section last changed in the corpus's history, if known."),
    }),
  ),
  statusSummary: StatusSummaryJson,
  restrictedSections: z
    .array(
      z.strictObject({ article: z.number(), title: z.string().nullable(), anchor: z.string() }),
    )
    .describe(
      "Sections for a working group the caller may not read: where they are, nothing more.",
    ),
  recommendations: z.array(z.strictObject({ id: z.string(), title: z.string(), url: z.string() })),
  searchUrl: z.string(),
  compareUrl: z.string(),
  historyUrl: z.string(),
  lastChanged: z.string().nullable(),
});

export function countryRoutes(deps: RouteDeps): RouteSpec[] {
  const listModel = async (): Promise<z.infer<typeof CountryListJson>> => {
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

  /** The country of `:code`, or a 404 that lists the countries there are. */
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

  const countryModel = async (at: RouteDeps, cc: string): Promise<z.infer<typeof CountryJson>> => {
    const [{ profile: record, analyses, recommendations }, hidden, catalog] = await Promise.all([
      countryRecords(at.reader, cc),
      at.reader.restrictedPlaces([equals("kind", "analysis"), equals("countries", cc)]),
      at.catalog.get(),
    ]);
    if (!record)
      throw new NotFoundError(`The profile of ${cc} is not in the published index.`, LIST_LINKS);
    const d = record.data;
    // "Last changed" is about the record as it is now; a point-in-time view leaves it out.
    const changed =
      at === deps
        ? ((await deps.history?.lastChanged([record.id, ...analyses.map((a) => a.id)])) ??
          new Map<string, string>())
        : new Map<string, string>();
    const sections = analyses.map((a) => ({
      article: a.data.article,
      ...analysisSection(a),
      anchor: `art-${a.data.article}`,
      title: a.data.articleTitle,
      articleUrl: `/articles/${a.data.article}#${cc}`,
      historyUrl: `/countries/${cc}/articles/${a.data.article}/history`,
      lastChanged: changed.get(a.id) ?? null,
    }));
    return {
      code: cc,
      name: d.name,
      party: d.party,
      asOf: d.asOf,
      aliases: d.aliases,
      introHtml: record.html,
      portal: d.portal,
      budapest: d.budapest,
      protocol2: d.protocol2,
      declarations: d.declarations,
      centralAuthorities: d.centralAuthorities,
      contactPoints: d.contactPoints,
      laws: d.laws,
      sources: record.sources,
      sections,
      statusSummary: summarise(sections.map((s) => s.status ?? "unknown")),
      restrictedSections: hidden
        .flatMap((h) => h.articles)
        .sort((a, b) => a - b)
        .map((n) => ({
          article: n,
          title: catalog.articles.find((a) => a.number === n)?.title ?? null,
          anchor: `art-${n}`,
        })),
      recommendations: recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: `${r.url}#${cc}`,
      })),
      searchUrl: `/search?country=${cc}`,
      compareUrl: `/compare?countries=${cc}`,
      historyUrl: `/countries/${cc}/history`,
      lastChanged: changed.get(record.id) ?? null,
    };
  };

  return [
    route({
      path: "/api/countries",
      doc: {
        tag: "countries",
        summary: "Countries with treaty status and assessment summary",
        response: CountryListJson,
      },
      async handle(_req, res) {
        res.json(await listModel());
      },
    }),
    route({
      path: "/countries",
      async handle(req, res) {
        res.send(
          deps.render(req, "countries", {
            page: {
              title: tr(req).t("nav.countries"),
              nav: "countries",
              jsonUrl: "/api/countries",
            },
            ...(await listModel()),
          }),
        );
      },
    }),
    route({
      path: "/api/countries/:code",
      query: AtShape,
      doc: {
        tag: "countries",
        summary: "One country: profile, authorities, laws and analysis article by article",
        params: { code: z.string().describe("ISO 3166-1 alpha-2 code, e.g. GE.") },
        response: CountryJson,
        errors: ["not_found"],
      },
      async handle(req, res, params) {
        const cc = await code(req);
        const { deps: d } = await readAt(deps, req, params.at);
        res.json(await countryModel(d, cc));
      },
    }),
    route({
      path: "/countries/:code",
      query: AtShape,
      async handle(req, res, params) {
        const cc = await code(req);
        if (req.params["code"] !== cc) {
          res.redirect(301, `/countries/${cc}`);
          return;
        }
        const { deps: d, banner } = await readAt(deps, req, params.at);
        const model = await countryModel(d, cc);
        const { t, date } = tr(req);
        res.send(
          deps.render(req, "country", {
            page: {
              title: banner
                ? t("common.asOn", { title: model.name, date: date(banner.day) })
                : model.name,
              nav: "countries",
              jsonUrl: `/api/countries/${cc}${params.at ? `?at=${params.at}` : ""}`,
              description: t("country.description", { name: model.name }),
              pointInTime: banner,
              feeds: [
                {
                  href: `/feeds/changes.atom?country=${cc}`,
                  title: t("country.feed", { name: model.name }),
                },
              ],
            },
            ...model,
            // Readable and restricted sections in article order, for the page.
            sectionsInOrder: [
              ...model.sections.map((s) => ({ ...s, restricted: false })),
              ...model.restrictedSections.map((s) => ({ ...s, restricted: true })),
            ].sort((a, b) => a.article - b.article),
            pointInTime: banner,
          }),
        );
      },
    }),
  ];
}
