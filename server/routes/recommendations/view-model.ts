/** The tracker pages' view models: filters form, matrix, charts with their tables, histories. */
import { stackedChart } from "../../charts.js";
import type { Catalog } from "../../search/catalog.js";
import { TRACKER_STATUSES, type StatusCounts } from "../../search/tracker.js";
import { STATUS_LABELS, formatDate } from "../../views.js";
import {
  entryModel,
  type ChangesModel,
  type RecommendationModel,
  type ReportInfo,
  type TrackerModel,
} from "./model.js";
import { filterQuery, type TrackerFilters } from "./schema.js";

const label = (status: string) => STATUS_LABELS[status] ?? status;
const SERIES = TRACKER_STATUSES.map((key) => ({ key, label: label(key) }));

const NO_FILTERS: TrackerFilters = {
  since: null,
  meeting: null,
  sources: [],
  countries: [],
  statuses: [],
  articles: [],
  overdue: false,
  attention: [],
};

const ATTENTION_OPTIONS = [
  { value: "overdue", label: "Overdue (target date passed, not implemented)" },
  { value: "no-followup", label: "No follow-up recorded" },
] as const;

/** The tracker page: filters form, matrix, notices and the charts with their tables. */
export function trackerPage(m: TrackerModel) {
  const q = filterQuery(m.filters);
  return {
    page: {
      title: "Recommendations and follow-up",
      nav: "recommendations",
      jsonUrl: `/api/recommendations${q}`,
    },
    today: m.today,
    notices: m.notices,
    filters: m.filters,
    sinceLabel: m.filters.since ? formatDate(m.filters.since) : null,
    meetingLabel: m.filters.meeting ? meetingLabel(m.catalog, m.filters.meeting) : null,
    meetingActivity: meetingActivity(m.catalog, m.filters.meeting),
    csvUrl: `/recommendations.csv${q}`,
    changesUrl: m.filters.since
      ? `/recommendations/changes${filterQuery({ ...NO_FILTERS, since: m.filters.since, meeting: m.filters.meeting, countries: m.filters.countries })}`
      : null,
    form: {
      ...formModel(m.catalog, m.filters, [...m.reports.values()]),
      noTargets: m.withTarget === 0,
    },
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
        countryName: m.countries.find((x) => x.code === c.country)?.name ?? c.country,
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
  };
}

/** The changes page: every follow-up entry after a date or a meeting, by country. */
export function changesPage(m: ChangesModel) {
  return {
    page: {
      title: "Changes since a date",
      nav: "recommendations",
      jsonUrl: `/api/recommendations/changes${m.since ? `?since=${m.since}` : ""}`,
    },
    since: m.since,
    meetingLabel: m.meeting ? meetingLabel(m.catalog, m.meeting) : null,
    meetingActivity: meetingActivity(m.catalog, m.meeting),
    meetings: meetingList(m.catalog),
    defaulted: m.defaulted,
    groups: m.groups,
    total: m.groups.reduce((sum, g) => sum + g.entries.length, 0),
    form: formModel(m.catalog, { ...NO_FILTERS, since: m.defaulted ? null : m.since }, []),
  };
}

/** One recommendation: its text, its report and each country's dated history. */
export function recommendationPage(m: RecommendationModel) {
  const names = new Map(m.countries.map((c) => [c.code, c.name]));
  return {
    page: {
      title: `${m.rec.data.id} – ${m.rec.data.recTitle}`,
      nav: "recommendations",
      jsonUrl: `/api/recommendations/${encodeURIComponent(m.rec.data.id)}`,
      feeds: [
        {
          href: `/feeds/changes.atom?recommendation=${encodeURIComponent(m.rec.data.id)}`,
          title: `Changes to ${m.rec.data.id} (Atom)`,
        },
      ],
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
    historyUrl: `/recommendations/${encodeURIComponent(m.rec.data.id)}/history`,
    followupHistoryUrl: `/recommendations/${encodeURIComponent(m.rec.data.id)}/followup/history`,
    feedUrl: `/feeds/changes.atom?recommendation=${encodeURIComponent(m.rec.data.id)}`,
    countries: m.row.cells.map((cell) => ({
      code: cell.country,
      name: names.get(cell.country) ?? cell.country,
      status: cell.status,
      overdue: cell.overdue,
      entries: [...cell.history].reverse().map((e) => ({
        ...entryModel(e, m.rec.data.recTitle),
        isNew: m.since !== null && (e.date ?? "") > m.since,
      })),
    })),
  };
}

/** A source title cut to its first clause, for crowded table cells (the full title is one click away). */
function shortTitle(title: string): string {
  const cut = title.split(/[:(]/)[0]?.trim() ?? title;
  return cut.length > 60 ? `${cut.slice(0, 57).trimEnd()}…` : cut;
}

const PLANNED = " (planned; not confirmed)";

function meetingLabel(catalog: Catalog, id: string): string | null {
  const m = catalog.meetings.find((x) => x.id === id);
  return m
    ? `${m.name}, ${m.place}, ${formatDate(m.start)}${m.end !== m.start ? ` – ${formatDate(m.end)}` : ""}${m.planned ? PLANNED : ""}`
    : null;
}

/** The workplan activity a meeting is, as a link, if any. */
function meetingActivity(catalog: Catalog, id: string | null) {
  const m = id ? catalog.meetings.find((x) => x.id === id) : undefined;
  return m?.activity
    ? { id: m.activity, url: `/project/activities/${encodeURIComponent(m.activity)}` }
    : null;
}

/**
 * Every meeting the tracker knows, newest first: those of the meetings list, and those only the
 * project's workplan names, marked planned; each with its workplan activity and "changes since".
 */
export function meetingList(catalog: Catalog) {
  return [...catalog.meetings]
    .sort((a, b) => b.start.localeCompare(a.start))
    .map((m) => ({
      id: m.id,
      name: m.name,
      place: m.place,
      start: m.start,
      end: m.end,
      dates: `${formatDate(m.start)}${m.end !== m.start ? ` – ${formatDate(m.end)}` : ""}`,
      planned: m.planned,
      activity: meetingActivity(catalog, m.id),
      changesUrl: `/recommendations/changes?meeting=${encodeURIComponent(m.id)}`,
    }));
}

function formModel(catalog: Catalog, f: TrackerFilters, reports: ReportInfo[]) {
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
    attention: ATTENTION_OPTIONS.map((o) => ({ ...o, checked: f.attention.includes(o.value) })),
    since: f.meeting ? "" : (f.since ?? ""),
    meetings: [...catalog.meetings]
      .sort((a, b) => b.start.localeCompare(a.start))
      .map((m) => ({
        id: m.id,
        label: `${m.place}, ${formatDate(m.start)}${m.end !== m.start ? ` – ${formatDate(m.end)}` : ""}: ${m.name}${m.planned ? PLANNED : ""}`,
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
