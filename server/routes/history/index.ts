/**
 * History pages (each dated version of a section, with what changed), `/changes` between two
 * dates or meetings, and the Atom feed of changes — all read from the corpus's git history.
 * Where that history is not available, the pages say so and the rest of the site works.
 */
import type { Request } from "express";
import { z } from "zod";
import type { KbDocument } from "../../../indexer/index.js";
import { InvalidQueryError, NotFoundError } from "../../errors.js";
import type { DatedChange } from "../../history/service.js";
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import {
  ArticleParam,
  calendarDate,
  CountryParam,
  knownArticle,
  knownCountries,
} from "../../http/validators.js";
import { sendCsv } from "../../http/csv.js";
import type { Catalog } from "../../search/catalog.js";
import { formatDate, STATUS_LABELS } from "../../views.js";
import type { RouteDeps } from "../deps.js";
import { atomFeed } from "./atom.js";
import { ChangeJson, changeJson, changeView } from "./model.js";

const HistoryJson = z.strictObject({
  title: z.string(),
  url: z.string().describe("The section as it is now."),
  available: z.boolean().describe("Whether the corpus's history can be read on this server."),
  message: z.string().nullable().describe("Why not, when it cannot."),
  versions: z.array(ChangeJson).describe("Newest first."),
});

const CodeParam = z.string().describe("ISO 3166-1 alpha-2 code, e.g. GE.");
const NParam = z.string().describe("The article number.");
const IdParam = z.string().describe("The recommendation id.");

/** The history page of a document, or null when it has none (a Protocol article, a page). */
export function historyUrlOf(doc: KbDocument): string | null {
  switch (doc.kind) {
    case "analysis":
      return `/countries/${doc.country}/articles/${doc.data.article}/history`;
    case "profile":
      return `/countries/${doc.data.code}/history`;
    case "article":
      return `/articles/${doc.data.number}/history`;
    case "recommendation":
      return `/recommendations/${encodeURIComponent(doc.data.id)}/history`;
    case "followup":
      return `/recommendations/${encodeURIComponent(doc.data.recommendation)}/followup/history`;
    default:
      return null;
  }
}

/** The primary instrument's id, which article documents' ids start with. */
function primaryId(catalog: Catalog): string {
  return catalog.instruments.find((i) => i.primary)?.id ?? "bc";
}

interface Target {
  title: string;
  url: string;
  /** The documents whose versions make the history (several for a recommendation's follow-up). */
  ids: (all: readonly string[]) => string[];
}

export function historyRoutes(deps: RouteDeps): RouteSpec[] {
  const catalogCountry = (catalog: Catalog, raw: string) => {
    const [code] = knownCountries([raw], catalog, "code").map((c) => c);
    const country = catalog.countries.find((c) => c.code === code);
    if (!country) throw new NotFoundError(`There is no country \`${raw.slice(0, 10)}\`.`);
    return country;
  };
  const catalogArticle = (catalog: Catalog, raw: string) => {
    const n = knownArticle(raw, catalog, "n");
    return { n, title: catalog.articles.find((a) => a.number === n)?.title ?? `Article ${n}` };
  };
  const catalogRecommendation = (catalog: Catalog, raw: string) => {
    if (!catalog.recommendationIds.includes(raw))
      throw new NotFoundError(`There is no recommendation \`${raw.slice(0, 40)}\`.`, [
        { href: "/recommendations", label: "All recommendations" },
      ]);
    return raw;
  };
  const slug = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

  /** The versions of a target, newest first, and whether history is available at all. */
  const historyOf = async (target: Target) => {
    const service = deps.history;
    const state = service ? await service.state() : null;
    if (!service || !state?.ok)
      return {
        available: false,
        message: state && !state.ok ? state.message : "History is not configured on this server.",
        versions: [] as DatedChange[],
      };
    const ids = target.ids(
      state.timeline.versions instanceof Map ? [...state.timeline.versions.keys()] : [],
    );
    const lists = await Promise.all(ids.map((id) => service.versions(id)));
    const versions = lists
      .flatMap((l) => l ?? [])
      .sort((a, b) => Date.parse(b.commit.date) - Date.parse(a.commit.date));
    return { available: true, message: null, versions };
  };

  const TARGETS: {
    path: string;
    params: Record<string, z.ZodType>;
    summary: string;
    target(req: Request, catalog: Catalog): Target;
  }[] = [
    {
      path: "/countries/:code/articles/:n/history",
      params: { code: CodeParam, n: NParam },
      summary: "Every dated version of one country's analysis of one article",
      target(req, catalog) {
        const country = catalogCountry(catalog, String(req.params["code"]));
        const article = catalogArticle(catalog, String(req.params["n"]));
        return {
          title: `${country.name}: Article ${article.n} – ${article.title}`,
          url: `/countries/${country.code}#art-${article.n}`,
          ids: () => [`analysis-${country.code.toLowerCase()}-${article.n}`],
        };
      },
    },
    {
      path: "/countries/:code/history",
      params: { code: CodeParam },
      summary: "Every dated version of a country profile (treaty status, authorities, laws)",
      target(req, catalog) {
        const country = catalogCountry(catalog, String(req.params["code"]));
        return {
          title: `${country.name}: country profile`,
          url: `/countries/${country.code}`,
          ids: () => [`country-${country.code.toLowerCase()}`],
        };
      },
    },
    {
      path: "/articles/:n/history",
      params: { n: NParam },
      summary: "Every dated version of a Convention article's summary and elements",
      target(req, catalog) {
        const article = catalogArticle(catalog, String(req.params["n"]));
        return {
          title: `Article ${article.n} – ${article.title}`,
          url: `/articles/${article.n}`,
          ids: () => [`${primaryId(catalog)}-art-${article.n}`],
        };
      },
    },
    {
      path: "/recommendations/:id/history",
      params: { id: IdParam },
      summary: "Every dated version of a recommendation's text",
      target(req, catalog) {
        const id = catalogRecommendation(catalog, String(req.params["id"]));
        return {
          title: `Recommendation ${id}`,
          url: `/recommendations/${encodeURIComponent(id)}`,
          ids: () => [`rec-${slug(id)}`],
        };
      },
    },
    {
      path: "/recommendations/:id/followup/history",
      params: { id: IdParam },
      summary: "Every follow-up entry of a recommendation as it was added or changed, by date",
      target(req, catalog) {
        const id = catalogRecommendation(catalog, String(req.params["id"]));
        const prefix = `fu-`;
        const marker = `-${slug(id)}-`;
        return {
          title: `Follow-up of recommendation ${id}`,
          url: `/recommendations/${encodeURIComponent(id)}`,
          ids: (all) => all.filter((d) => d.startsWith(prefix) && d.includes(marker)),
        };
      },
    },
  ];

  const specs: RouteSpec[] = [];
  for (const t of TARGETS) {
    const load = async (req: Request) => {
      const catalog = await deps.catalog.get();
      const target = t.target(req, catalog);
      return { target, ...(await historyOf(target)) };
    };
    specs.push(
      route({
        path: `/api${t.path}`,
        doc: {
          tag: "history",
          summary: t.summary,
          params: t.params,
          response: HistoryJson,
          errors: ["not_found"],
        },
        async handle(req, res) {
          const m = await load(req);
          res.json({
            title: m.target.title,
            url: m.target.url,
            available: m.available,
            message: m.message,
            versions: m.versions.map(changeJson),
          } satisfies z.infer<typeof HistoryJson>);
        },
      }),
      route({
        path: t.path,
        async handle(req, res) {
          const m = await load(req);
          res.send(
            deps.render(req, "history", {
              page: {
                title: tr(req).t("history.title", { title: m.target.title }),
                nav: "countries",
                jsonUrl: `/api${req.path}`,
              },
              title: m.target.title,
              url: m.target.url,
              available: m.available,
              message: m.message,
              versions: m.versions.map(changeView),
              count: m.versions.length,
            }),
          );
        },
      }),
    );
  }

  // ---- changes between two dates or meetings ---------------------------------------------

  const ChangesShape = {
    from: z
      .string()
      .max(80)
      .optional()
      .describe(
        "A date (YYYY-MM-DD) or a working-group meeting id: changes after its end; default: the last meeting.",
      ),
    to: z.string().max(80).optional().describe("A date or a meeting id; default: today."),
  };

  /** A date or the last day of a meeting, with a label for people. */
  const readPoint = (raw: string, field: string, catalog: Catalog) => {
    const meeting = catalog.meetings.find((m) => m.id === raw.trim());
    if (meeting)
      return {
        day: meeting.end,
        meeting: meeting.id,
        label: `${meeting.name}, ${meeting.place} (${formatDate(meeting.end)})`,
      };
    if (!/^\d{4}-/.test(raw.trim()))
      throw new InvalidQueryError(
        `\`${field}\`: \`${raw.slice(0, 40)}\` is neither a date written YYYY-MM-DD nor a meeting id`,
        { field, value: raw },
      );
    const day = calendarDate(raw, field);
    return { day, meeting: null, label: formatDate(day) };
  };

  const changesModel = async (params: { from?: string | undefined; to?: string | undefined }) => {
    const catalog = await deps.catalog.get();
    const today = deps.now().toISOString().slice(0, 10);
    // By default, what changed since the working group last met.
    const lastMeeting = [...catalog.meetings].sort((a, b) => a.end.localeCompare(b.end)).at(-1);
    const from = readPoint(params.from ?? lastMeeting?.id ?? "2001-01-01", "from", catalog);
    const to = params.to
      ? readPoint(params.to, "to", catalog)
      : { day: today, meeting: null, label: `today (${formatDate(today)})` };
    if (to.day < from.day)
      throw new InvalidQueryError("`to` comes before `from`", { field: "to", value: to.day });
    const state = deps.history ? await deps.history.state() : null;
    const list = state?.ok ? ((await deps.history?.between(from.day, to.day)) ?? []) : [];
    const names = new Map(catalog.countries.map((c) => [c.code, c.name]));
    const groups = new Map<
      string,
      { country: string | null; name: string; items: ReturnType<typeof item>[] }
    >();
    const item = (c: DatedChange) => {
      const doc = (c.doc ?? c.previous)!;
      return {
        article: doc.articles[0] ?? null,
        kind: doc.kind,
        title: doc.title,
        url: c.doc ? doc.url : null,
        historyUrl: historyUrlOf(doc),
        change: changeJson(c),
        view: changeView(c),
      };
    };
    for (const c of list) {
      const doc = (c.doc ?? c.previous)!;
      const key = doc.country ?? "";
      const group = groups.get(key) ?? {
        country: doc.country,
        name: doc.country
          ? (names.get(doc.country) ?? doc.countryName ?? doc.country)
          : "Convention, recommendations and pages",
        items: [],
      };
      group.items.push(item(c));
      groups.set(key, group);
    }
    const ordered = [...groups.values()].sort((a, b) =>
      a.country === null ? 1 : b.country === null ? -1 : a.name.localeCompare(b.name, "en"),
    );
    for (const g of ordered) g.items.sort((a, b) => (a.article ?? 99) - (b.article ?? 99));
    return {
      from,
      to,
      available: state?.ok === true,
      message:
        state && !state.ok
          ? state.message
          : state
            ? null
            : "History is not configured on this server.",
      groups: ordered,
      total: list.length,
      // Re-assessments: a section added or removed is counted as such, not as one.
      statusChanges: list.filter((c) => c.change.kind === "changed" && c.change.status).length,
    };
  };

  const ChangesJson = z.strictObject({
    from: z.strictObject({ day: z.string(), meeting: z.string().nullable(), label: z.string() }),
    to: z.strictObject({ day: z.string(), meeting: z.string().nullable(), label: z.string() }),
    available: z.boolean(),
    message: z.string().nullable(),
    total: z.number(),
    countries: z.array(
      z.strictObject({
        country: z.string().nullable(),
        name: z.string(),
        changes: z.array(
          z.strictObject({
            article: z.number().nullable(),
            kind: z.string(),
            title: z.string(),
            url: z.string().nullable(),
            historyUrl: z.string().nullable(),
            change: ChangeJson,
          }),
        ),
      }),
    ),
  });

  specs.push(
    route({
      path: "/api/changes",
      query: ChangesShape,
      doc: {
        tag: "history",
        summary:
          "Every change of status, every new, changed or removed section and every new follow-up entry between two dates or meetings, by country",
        response: ChangesJson,
      },
      async handle(_req, res, params) {
        const m = await changesModel(params);
        res.json({
          from: m.from,
          to: m.to,
          available: m.available,
          message: m.message,
          total: m.total,
          countries: m.groups.map((g) => ({
            country: g.country,
            name: g.name,
            changes: g.items.map(({ view: _v, ...rest }) => rest),
          })),
        } satisfies z.infer<typeof ChangesJson>);
      },
    }),
    route({
      path: "/changes.csv",
      query: ChangesShape,
      doc: {
        tag: "history",
        summary: "The changes between two dates or meetings as CSV, one row per change",
        response: z.string(),
        produces: "text/csv",
      },
      async handle(req, res, params) {
        const m = await changesModel(params);
        const site = deps.siteUrl(req);
        sendCsv(
          res,
          `changes-${m.from.day}-to-${m.to.day}.csv`,
          [
            "country",
            "article",
            "title",
            "change",
            "status_before",
            "status_after",
            "date",
            "summary",
            "url",
            "history_url",
          ],
          m.groups.flatMap((g) =>
            g.items.map((i) => [
              g.country ?? "",
              i.article ?? "",
              i.title,
              i.change.kind,
              i.change.status
                ? (STATUS_LABELS[i.change.status.from ?? ""] ?? i.change.status.from ?? "")
                : "",
              i.change.status
                ? (STATUS_LABELS[i.change.status.to ?? ""] ?? i.change.status.to ?? "")
                : "",
              i.change.date,
              i.change.summary,
              i.url ? `${site}${i.url}` : "",
              i.historyUrl ? `${site}${i.historyUrl}` : "",
            ]),
          ),
        );
      },
    }),
    route({
      path: "/changes",
      query: ChangesShape,
      async handle(req, res, params) {
        const catalog = await deps.catalog.get();
        const m = await changesModel(params);
        const query = new URLSearchParams({
          from: m.from.meeting ?? m.from.day,
          ...(params.to ? { to: params.to } : {}),
        }).toString();
        const { t, date, range } = tr(req);
        // The JSON's labels are English; the page says the same in the reader's language.
        const label = (point: { day: string; meeting: string | null }, today = false) => {
          const meeting = catalog.meetings.find((x) => x.id === point.meeting);
          if (meeting)
            return t("changes.meetingPoint", {
              name: meeting.name,
              place: meeting.place,
              date: date(meeting.end),
            });
          return today ? t("changes.today", { date: date(point.day) }) : date(point.day);
        };
        // A meeting's full name is long: the heading names its place and last day, the line
        // under it the meeting.
        const fromMeeting = catalog.meetings.find((x) => x.id === m.from.meeting);
        const fromLabel = fromMeeting
          ? t("changes.meetingShort", { place: fromMeeting.place, date: date(fromMeeting.end) })
          : label(m.from);
        res.send(
          deps.render(req, "changes-between", {
            page: {
              title: t("changes.titleSince", { from: fromLabel }),
              nav: "recommendations",
              jsonUrl: `/api/changes?${query}`,
              feeds: [{ href: "/feeds/changes.atom", title: t("changes.allFeed") }],
            },
            ...m,
            fromLabel,
            toLabel: label(m.to, !params.to),
            fromMeeting: fromMeeting
              ? { name: fromMeeting.name, dates: range(fromMeeting.start, fromMeeting.end) }
              : null,
            csvUrl: `/changes.csv?${query}`,
            meetings: [...catalog.meetings]
              .sort((a, b) => b.end.localeCompare(a.end))
              .map((mt) => ({
                id: mt.id,
                place: mt.place,
                dates: range(mt.start, mt.end),
                name: mt.name,
                selected: mt.id === m.from.meeting,
              })),
            meetingChosen: Boolean(m.from.meeting),
            fromValue: m.from.meeting ? "" : m.from.day,
            toValue: params.to ?? "",
          }),
        );
      },
    }),
  );

  // ---- the Atom feed ------------------------------------------------------------------------

  const FeedShape = {
    country: z.array(CountryParam).default([]),
    article: z.array(ArticleParam).default([]),
    recommendation: z.array(z.string().max(60)).default([]).describe("A recommendation id."),
  };
  specs.push(
    route({
      path: "/feeds/changes.atom",
      query: FeedShape,
      multi: ["country", "article", "recommendation"],
      maxItems: 20,
      doc: {
        tag: "history",
        summary:
          "Atom 1.0 feed of changes, one entry per changed section or follow-up entry, filtered by country, article and recommendation",
        response: z.string(),
        produces: "application/atom+xml",
      },
      async handle(req, res, params) {
        const catalog = await deps.catalog.get();
        const countries = knownCountries(params.country, catalog, "country");
        const articles = params.article.map((a) => knownArticle(a, catalog, "article"));
        for (const r of params.recommendation) catalogRecommendation(catalog, r);
        const keep = (doc: KbDocument | null) =>
          doc !== null &&
          (countries.length === 0 || doc.countries.some((c) => countries.includes(c))) &&
          (articles.length === 0 || doc.articles.some((a) => articles.includes(a))) &&
          (params.recommendation.length === 0 ||
            doc.recommendations.some((r) => params.recommendation.includes(r)));
        const recent = (await deps.history?.recent(100, (v) => keep(v.doc ?? v.previous))) ?? [];
        const site = deps.siteUrl(req);
        res.setHeader("Content-Type", "application/atom+xml; charset=utf-8");
        res.send(
          atomFeed({
            site,
            selfUrl: `${site}${req.originalUrl}`,
            filters: { countries, articles, recommendations: params.recommendation },
            changes: recent.map((c) => {
              const doc = (c.doc ?? c.previous)!;
              return { change: c, doc, historyUrl: historyUrlOf(doc) };
            }),
          }),
        );
      },
    }),
  );
  return specs;
}
