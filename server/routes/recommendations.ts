/**
 * The recommendation tracker: `/recommendations` (matrix of current status, filters, charts),
 * `/recommendations/changes` (every entry after a date, by country), `/recommendations/:id`
 * (text and each country's dated history), with JSON twins and CSV exports.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { isCalendarDate } from "./params.js";
import { stackedChart } from "../charts.js";
import { sendCsv } from "../http/csv.js";
import { InvalidQueryError, NotFoundError } from "../errors.js";
import type { Catalog } from "../search/catalog.js";
import {
  trackerRecords,
  type FollowupRecord,
  type RecommendationRecord,
} from "../search/records.js";
import {
  NO_INFORMATION,
  TRACKER_STATUSES,
  progressByCountry,
  progressOverTime,
  trackerRows,
  type StatusCounts,
  type TrackerRow,
} from "../search/tracker.js";
import { STATUS_LABELS, formatDate } from "../views.js";
import type { RouteDeps } from "./deps.js";
import { readParams } from "./params.js";

const SinceShape = {
  since: z.string().max(40).optional(),
  meeting: z.string().max(80).optional(),
};

const ChangesShape = {
  ...SinceShape,
  country: z.array(z.string().max(10)).default([]),
};

const TrackerShape = {
  ...SinceShape,
  source: z.array(z.string().max(100)).default([]),
  country: z.array(z.string().max(10)).default([]),
  status: z
    .array(z.enum(TRACKER_STATUSES, { error: `expected one of ${TRACKER_STATUSES.join(", ")}` }))
    .default([]),
  article: z
    .array(
      z
        .string()
        .regex(/^\d{1,2}$/, { error: "expected an article number from 1 to 48" })
        .transform(Number)
        .refine((n) => n >= 1 && n <= 48, { error: "expected an article number from 1 to 48" }),
    )
    .default([]),
  overdue: z.enum(["0", "1"], { error: "expected 0 or 1" }).optional(),
};

interface TrackerFilters {
  since: string | null;
  meeting: string | null;
  sources: string[];
  countries: string[];
  statuses: string[];
  articles: number[];
  overdue: boolean;
}

/** `since` as a real date, or the end of a meeting from the corpus's list; empty means unset. */
function readSince(
  params: { since?: string | undefined; meeting?: string | undefined },
  catalog: Catalog,
): { since: string | null; meeting: string | null } {
  const since = params.since?.trim() || undefined;
  const meetingId = params.meeting?.trim() || undefined;
  if (since && meetingId)
    throw new InvalidQueryError("give either `since` or `meeting`, not both", { field: "since" });
  if (meetingId) {
    const meeting = catalog.meetings.find((m) => m.id === meetingId);
    if (!meeting)
      throw new InvalidQueryError(`unknown meeting \`${meetingId.slice(0, 40)}\``, {
        field: "meeting",
        value: meetingId,
      });
    return { since: meeting.end, meeting: meeting.id };
  }
  if (since) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(since))
      throw new InvalidQueryError(
        `\`since\`: \`${since.slice(0, 40)}\` is not a date written YYYY-MM-DD`,
        { field: "since", value: since },
      );
    if (!isCalendarDate(since))
      throw new InvalidQueryError(`\`since\`: ${since} is not a real calendar date`, {
        field: "since",
        value: since,
      });
    return { since, meeting: null };
  }
  return { since: null, meeting: null };
}

function readFilters(query: unknown, catalog: Catalog, reports: Set<string>): TrackerFilters {
  const params = readParams(query, TrackerShape, {
    multi: ["source", "country", "status", "article"],
    commaLists: true,
    maxItems: 60,
  });
  const known = new Set(catalog.countries.map((c) => c.code));
  const countries = params.country.map((c) => c.toUpperCase());
  const badCountry = countries.find((c) => !known.has(c));
  if (badCountry)
    throw new InvalidQueryError(
      `unknown country \`${badCountry}\` (known: ${[...known].join(", ")})`,
      { field: "country", value: badCountry },
    );
  const badSource = params.source.find((s) => !reports.has(s));
  if (badSource)
    throw new InvalidQueryError(
      `unknown source \`${badSource}\` (known: ${[...reports].join(", ")})`,
      { field: "source", value: badSource },
    );
  return {
    ...readSince(params, catalog),
    sources: params.source,
    countries: [...new Set(countries)],
    statuses: params.status,
    articles: params.article,
    overdue: params.overdue === "1",
  };
}

function filterQuery(f: TrackerFilters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const s of f.sources) p.append("source", s);
  for (const c of f.countries) p.append("country", c);
  for (const s of f.statuses) p.append("status", s);
  for (const a of f.articles) p.append("article", String(a));
  if (f.overdue) p.set("overdue", "1");
  if (f.meeting) p.set("meeting", f.meeting);
  else if (f.since) p.set("since", f.since);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

const label = (status: string) => STATUS_LABELS[status] ?? status;
const SERIES = TRACKER_STATUSES.map((key) => ({ key, label: label(key) }));

export function recommendationRoutes(deps: RouteDeps): Router {
  const router = Router();
  const today = () => deps.now().toISOString().slice(0, 10);

  const load = async () => {
    const [catalog, records] = await Promise.all([deps.catalog.get(), trackerRecords(deps.reader)]);
    const reports = new Map<string, { id: string; title: string; url: string }>();
    for (const r of records.recommendations) {
      const source = r.sources.find((s) => s.id === r.data.report);
      reports.set(r.data.report, {
        id: r.data.report,
        title: source?.title ?? r.data.report,
        url: source?.url ?? "",
      });
    }
    return { catalog, ...records, reports };
  };

  /** The filtered matrix and everything the page, JSON and CSV show. */
  const trackerModel = async (req: Request) => {
    const { catalog, recommendations, followups, reports } = await load();
    const filters = readFilters(req.query, catalog, new Set(reports.keys()));
    const countries = catalog.countries.filter(
      (c) => filters.countries.length === 0 || filters.countries.includes(c.code),
    );
    const codes = countries.map((c) => c.code);
    const candidates = recommendations.filter(
      (r) =>
        (filters.sources.length === 0 || filters.sources.includes(r.data.report)) &&
        (filters.articles.length === 0 || r.articles.some((a) => filters.articles.includes(a))) &&
        r.countries.some((c) => codes.includes(c)),
    );
    const rows = trackerRows(candidates, followups, codes, today(), filters.since).filter(
      (row) =>
        (filters.statuses.length === 0 ||
          row.cells.some((c) => c.addressed && filters.statuses.includes(c.status))) &&
        (!filters.overdue || row.cells.some((c) => c.overdue)),
    );
    return {
      catalog,
      filters,
      countries,
      rows,
      reports,
      byCountry: progressByCountry(rows, countries),
      overTime: progressOverTime(rows, today()),
    };
  };

  const cellJson = (cell: TrackerRow["cells"][number]) => ({
    country: cell.country,
    addressed: cell.addressed,
    status: cell.addressed ? cell.status : null,
    date: cell.entry?.date ?? null,
    event: cell.entry?.text ?? null,
    sources: cell.entry?.sources.map((s) => ({ title: s.title, url: s.url })) ?? [],
    overdue: cell.overdue,
    changedSince: cell.changes.length > 0,
  });
  const countsJson = (groups: StatusCounts[]) =>
    groups.map((g) => ({ label: g.label, counts: g.counts, total: g.total }));

  router.get("/api/recommendations", async (req, res) => {
    const m = await trackerModel(req);
    res.json({
      today: today(),
      filters: m.filters,
      countries: m.countries.map((c) => ({ code: c.code, name: c.name })),
      rows: m.rows.map((row) => ({
        id: row.recommendation.data.id,
        title: row.recommendation.data.recTitle,
        report: row.recommendation.data.report,
        articles: row.recommendation.articles,
        countries: row.recommendation.countries,
        target: row.recommendation.data.target,
        url: row.recommendation.url,
        cells: row.cells.map(cellJson),
      })),
      charts: { byCountry: countsJson(m.byCountry), overTime: countsJson(m.overTime) },
    });
  });

  router.get("/recommendations.csv", async (req, res) => {
    const m = await trackerModel(req);
    const base = `${req.protocol}://${req.get("host") ?? "localhost"}`;
    const records = m.rows.flatMap((row) =>
      row.cells
        .filter((c) => c.addressed)
        .map((c) => [
          row.recommendation.data.id,
          row.recommendation.data.recTitle,
          m.reports.get(row.recommendation.data.report)?.title ?? row.recommendation.data.report,
          row.recommendation.articles.join(", "),
          c.country,
          c.status,
          c.entry?.date ?? "",
          c.entry?.text ?? "",
          c.overdue ? "yes" : "no",
          c.changes.length > 0 ? "yes" : "no",
          c.entry?.sources.map((s) => `${s.title} <${s.url}>`).join("; ") ?? "",
          `${base}${row.recommendation.url}#${c.country}`,
        ]),
    );
    sendCsv(
      res,
      "recommendations.csv",
      [
        "recommendation",
        "title",
        "source",
        "articles",
        "country",
        "status",
        "date",
        "event",
        "overdue",
        "changed_since",
        "sources",
        "url",
      ],
      records,
    );
  });

  router.get("/recommendations", async (req, res) => {
    const m = await trackerModel(req);
    const q = filterQuery(m.filters);
    res.send(
      deps.render(req, "recommendations", {
        page: {
          title: "Recommendations and follow-up",
          nav: "recommendations",
          jsonUrl: `/api/recommendations${q}`,
        },
        today: today(),
        filters: m.filters,
        sinceLabel: m.filters.since ? formatDate(m.filters.since) : null,
        meetingLabel: m.filters.meeting ? meetingLabel(m.catalog, m.filters.meeting) : null,
        csvUrl: `/recommendations.csv${q}`,
        changesUrl: m.filters.since
          ? `/recommendations/changes${filterQuery({ ...m.filters, sources: [], statuses: [], articles: [], overdue: false })}`
          : null,
        form: formModel(m.catalog, m.filters, [...m.reports.values()]),
        countries: m.countries,
        rows: m.rows.map((row) => ({
          id: row.recommendation.data.id,
          title: row.recommendation.data.recTitle,
          url: row.recommendation.url,
          articles: row.recommendation.articles.map((a) => ({ n: a, url: `/articles/${a}` })),
          report: shortTitle(
            m.reports.get(row.recommendation.data.report)?.title ?? row.recommendation.data.report,
          ),
          target: row.recommendation.data.target,
          cells: row.cells.map((c) => ({
            ...c,
            url: `${row.recommendation.url}#${c.country}`,
            date: c.entry?.date ?? null,
            changed: c.changes.length > 0,
          })),
        })),
        charts: {
          byCountry: stackedChart({
            id: "chart-country",
            title: "Follow-up by country",
            description: `For each country, how many of the recommendations shown that are addressed to it stand at each current status. The same numbers are in the table below the chart.`,
            groups: m.byCountry,
            series: SERIES,
            layout: "bars",
          }),
          byCountryTable: chartTable(m.byCountry),
          overTime: stackedChart({
            id: "chart-time",
            title: "Follow-up over time",
            description: `At the end of each year, how many recommendation and country pairs stood at each status, replaying the dated follow-up entries; the last column runs to today. The same numbers are in the table below the chart.`,
            groups: m.overTime,
            series: SERIES,
            layout: "columns",
          }),
          overTimeTable: chartTable(m.overTime),
        },
      }),
    );
  });

  /** Follow-up entries after a date, grouped by country. */
  const changesModel = async (req: Request) => {
    const { catalog, followups, recommendations } = await load();
    const params = readParams(req.query, ChangesShape, {
      multi: ["country"],
      commaLists: true,
      maxItems: 60,
    });
    const { since, meeting } = readSince(params, catalog);
    const known = new Set(catalog.countries.map((c) => c.code));
    const bad = params.country.map((c) => c.toUpperCase()).find((c) => !known.has(c));
    if (bad)
      throw new InvalidQueryError(`unknown country \`${bad}\``, { field: "country", value: bad });
    const latestMeeting = [...catalog.meetings].sort((a, b) => a.end.localeCompare(b.end)).at(-1);
    const effective = since ?? latestMeeting?.end ?? null;
    const titles = new Map(recommendations.map((r) => [r.data.id, r.data.recTitle]));
    const selected = params.country.map((c) => c.toUpperCase());
    const groups = catalog.countries
      .filter((c) => selected.length === 0 || selected.includes(c.code))
      .map((country) => ({
        code: country.code,
        name: country.name,
        entries: followups
          .filter(
            (f) => f.country === country.code && effective !== null && (f.date ?? "") > effective,
          )
          .sort(
            (a, b) =>
              (b.date ?? "").localeCompare(a.date ?? "") || b.data.sequence - a.data.sequence,
          )
          .map((f) => entryModel(f, titles.get(f.data.recommendation) ?? "")),
      }));
    return {
      catalog,
      since: effective,
      meeting: since ? meeting : (latestMeeting?.id ?? null),
      defaulted: since === null,
      groups,
    };
  };

  router.get("/api/recommendations/changes", async (req, res) => {
    const m = await changesModel(req);
    res.json({ since: m.since, meeting: m.meeting, countries: m.groups });
  });
  router.get("/recommendations/changes", async (req, res) => {
    const m = await changesModel(req);
    const total = m.groups.reduce((sum, g) => sum + g.entries.length, 0);
    res.send(
      deps.render(req, "changes", {
        page: {
          title: "Changes since a date",
          nav: "recommendations",
          jsonUrl: `/api/recommendations/changes${m.since ? `?since=${m.since}` : ""}`,
        },
        since: m.since,
        meetingLabel: m.meeting ? meetingLabel(m.catalog, m.meeting) : null,
        defaulted: m.defaulted,
        groups: m.groups,
        total,
        form: formModel(
          m.catalog,
          {
            since: m.defaulted ? null : m.since,
            meeting: null,
            sources: [],
            countries: [],
            statuses: [],
            articles: [],
            overdue: false,
          },
          [],
        ),
      }),
    );
  });

  /** One recommendation: its text and every addressed country's dated history. */
  const recommendationModel = async (req: Request, rawId: string) => {
    const { catalog, recommendations, followups, reports } = await load();
    const rec = recommendations.find((r) => r.data.id === rawId);
    if (!rec) {
      throw new NotFoundError(`There is no recommendation \`${rawId.slice(0, 40)}\`.`, [
        { href: "/recommendations", label: "All recommendations" },
      ]);
    }
    const params = readParams(req.query, SinceShape);
    const { since, meeting } = readSince(params, catalog);
    const countries = catalog.countries.filter((c) => rec.countries.includes(c.code));
    const [row] = trackerRows(
      [rec],
      followups,
      countries.map((c) => c.code),
      today(),
      since,
    );
    return {
      catalog,
      rec,
      report: reports.get(rec.data.report),
      since,
      meeting,
      countries,
      row: row!,
    };
  };

  const sendHistoryCsv = async (req: Request, res: Response, id: string) => {
    const m = await recommendationModel(req, id);
    const records = m.row.cells.flatMap((cell) =>
      cell.history.length === 0
        ? [[m.rec.data.id, cell.country, "", NO_INFORMATION, "", ""]]
        : cell.history.map((e) => [
            m.rec.data.id,
            cell.country,
            e.date ?? "",
            e.followup ?? "",
            e.text,
            e.sources.map((s) => `${s.title} <${s.url}>`).join("; "),
          ]),
    );
    sendCsv(
      res,
      `${m.rec.data.id}-history.csv`,
      ["recommendation", "country", "date", "status", "event", "sources"],
      records,
    );
  };

  router.get("/api/recommendations/:id", async (req, res) => {
    const m = await recommendationModel(req, String(req.params["id"]));
    res.json({
      id: m.rec.data.id,
      title: m.rec.data.recTitle,
      text: m.rec.text,
      articles: m.rec.articles,
      report: m.report ?? null,
      numbering: m.rec.data.numbering,
      target: m.rec.data.target,
      since: m.since,
      countries: m.row.cells.map((c) => ({
        country: c.country,
        status: c.status,
        overdue: c.overdue,
        history: c.history.map((e) => ({
          date: e.date,
          status: e.followup,
          event: e.text,
          sources: e.sources.map((s) => ({ title: s.title, url: s.url })),
          newSince: m.since !== null && (e.date ?? "") > m.since,
        })),
      })),
    });
  });

  router.get("/recommendations/:id", async (req, res) => {
    const raw = String(req.params["id"]);
    if (raw.endsWith(".csv")) {
      await sendHistoryCsv(req, res, raw.slice(0, -4));
      return;
    }
    const m = await recommendationModel(req, raw);
    const names = new Map(m.countries.map((c) => [c.code, c.name]));
    res.send(
      deps.render(req, "recommendation", {
        page: {
          title: `${m.rec.data.id} – ${m.rec.data.recTitle}`,
          nav: "recommendations",
          jsonUrl: `/api/recommendations/${encodeURIComponent(m.rec.data.id)}`,
        },
        id: m.rec.data.id,
        title: m.rec.data.recTitle,
        html: m.rec.html,
        articles: m.rec.articles.map((a) => ({
          n: a,
          url: `/articles/${a}`,
          title: m.catalog.articles.find((x) => x.number === a)?.title ?? "",
        })),
        report: m.report,
        ownNumbering: m.rec.data.numbering === "own",
        target: m.rec.data.target,
        sources: m.rec.sources,
        since: m.since,
        csvUrl: `/recommendations/${encodeURIComponent(m.rec.data.id)}.csv`,
        countries: m.row.cells.map((cell) => ({
          code: cell.country,
          name: names.get(cell.country) ?? cell.country,
          status: cell.status,
          overdue: cell.overdue,
          entries: [...cell.history]
            .reverse()
            .map((e) => ({
              ...entryModel(e, m.rec.data.recTitle),
              isNew: m.since !== null && (e.date ?? "") > m.since,
            })),
        })),
      }),
    );
  });
  return router;
}

function entryModel(e: FollowupRecord, recTitle: string) {
  return {
    date: e.date,
    status: e.followup,
    recommendation: e.data.recommendation,
    recTitle,
    url: `/recommendations/${encodeURIComponent(e.data.recommendation)}#${e.country}`,
    html: e.html,
    text: e.text,
    sources: e.sources,
  };
}

/** A source title cut to its first clause, for crowded table cells (the full title is one click away). */
function shortTitle(title: string): string {
  const cut = title.split(/[:(]/)[0]?.trim() ?? title;
  return cut.length > 60 ? `${cut.slice(0, 57).trimEnd()}…` : cut;
}

function meetingLabel(catalog: Catalog, id: string): string | null {
  const m = catalog.meetings.find((x) => x.id === id);
  return m
    ? `${m.name}, ${m.place}, ${formatDate(m.start)}${m.end !== m.start ? ` – ${formatDate(m.end)}` : ""}`
    : null;
}

function formModel(catalog: Catalog, f: TrackerFilters, reports: { id: string; title: string }[]) {
  return {
    reports: reports.map((r) => ({ ...r, selected: f.sources.includes(r.id) })),
    countries: catalog.countries.map((c) => ({
      code: c.code,
      name: c.name,
      checked: f.countries.includes(c.code),
    })),
    statuses: TRACKER_STATUSES.map((s) => ({
      value: s,
      label: label(s),
      checked: f.statuses.includes(s),
    })),
    articles: f.articles.join(","),
    overdue: f.overdue,
    since: f.meeting ? "" : (f.since ?? ""),
    meetings: [...catalog.meetings]
      .sort((a, b) => b.start.localeCompare(a.start))
      .map((m) => ({
        id: m.id,
        label: `${m.place}, ${formatDate(m.start)}${m.end !== m.start ? ` – ${formatDate(m.end)}` : ""}: ${m.name}`,
        selected: f.meeting === m.id,
      })),
  };
}

/** The numbers of a chart as a table: one row per group, one column per status. */
function chartTable(groups: StatusCounts[]) {
  return {
    head: SERIES.map((s) => s.label),
    rows: groups.map((g) => ({
      label: g.label,
      cells: TRACKER_STATUSES.map((s) => ({ status: s, count: g.counts[s] })),
      total: g.total,
    })),
  };
}

export type { RecommendationRecord };
