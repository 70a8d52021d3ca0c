/** The tracker pages' view models: filters form, matrix, charts with their tables, histories. */
import { stackedChart } from "../../charts.js";
import { translator, type Translator } from "../../i18n.js";
import type { Catalog } from "../../search/catalog.js";
import { TRACKER_STATUSES, type StatusCounts } from "../../search/tracker.js";
import {
  entryModel,
  type ChangesModel,
  type RecommendationModel,
  type ReportInfo,
  type TrackerModel,
} from "./model.js";
import { filterQuery, type TrackerFilters } from "./schema.js";

/** The chart's series: every tracker status, with its words in the page's language. */
const seriesIn = (tr: Translator) =>
  TRACKER_STATUSES.map((key) => ({ key, label: tr.t(`status.${key}`) }));

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

/** The "needs attention" choices; their words are `tracker.attentionOption.<value>`. */
export const ATTENTION_OPTIONS = ["overdue", "no-followup"] as const;

/** The tracker page: filters form, matrix, notices and the charts with their tables. */
export function trackerPage(m: TrackerModel, tr: Translator) {
  const { t } = tr;
  const q = filterQuery(m.filters);
  const series = seriesIn(tr);
  // The current year counts only up to today: the table says so, the chart marks it with *.
  const overTime = m.overTime.map((g) => ({
    ...g,
    label: g.toDate ? t("tracker.yearToDate", { year: g.label.slice(0, 4) }) : g.label,
    short: g.toDate ? `${g.label.slice(0, 4)}*` : g.label,
  }));
  return {
    page: {
      title: t("tracker.title"),
      nav: "recommendations",
      jsonUrl: `/api/recommendations${q}`,
    },
    today: m.today,
    notices: m.notices,
    filters: m.filters,
    meeting: m.filters.meeting ? meetingInWords(m.catalog, m.filters.meeting, tr) : null,
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
        title: t("tracker.chart.byCountry"),
        description: t("tracker.chart.byCountryDescription"),
        groups: m.byCountry,
        series,
        layout: "bars",
        labelLang: tr.lang === "en" ? undefined : "en",
      }),
      byCountryTable: chartTable(m.byCountry, series),
      overTime: stackedChart({
        id: "chart-time",
        title: t("tracker.chart.overTime"),
        description: t("tracker.chart.overTimeDescription"),
        groups: overTime,
        series,
        layout: "columns",
      }),
      overTimeTable: chartTable(overTime, series),
    },
  };
}

/** The changes page: every follow-up entry after a date or a meeting, by country. */
export function changesPage(m: ChangesModel, tr: Translator) {
  return {
    page: {
      title: m.since
        ? tr.t("changes.titleSince", { from: tr.date(m.since) })
        : tr.t("followup.sinceADate"),
      nav: "recommendations",
      jsonUrl: `/api/recommendations/changes${m.since ? `?since=${m.since}` : ""}`,
    },
    since: m.since,
    meeting: m.meeting ? meetingInWords(m.catalog, m.meeting, tr) : null,
    meetingActivity: meetingActivity(m.catalog, m.meeting),
    meetings: meetingList(m.catalog, tr),
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

/** "14–16 December 2015", or one date when a meeting lasts a day. */
function meetingDates(m: { start: string; end: string }, tr: Translator): string {
  return tr.range(m.start, m.end);
}

/** A meeting as sentences name it: its name and place (English, as the sources give them), dates. */
function meetingInWords(catalog: Catalog, id: string, tr: Translator) {
  const m = catalog.meetings.find((x) => x.id === id);
  return m
    ? { name: m.name, place: m.place, dates: meetingDates(m, tr), planned: m.planned }
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
export function meetingList(catalog: Catalog, tr: Translator = translator("en")) {
  return [...catalog.meetings]
    .sort((a, b) => b.start.localeCompare(a.start))
    .map((m) => ({
      id: m.id,
      name: m.name,
      place: m.place,
      start: m.start,
      end: m.end,
      dates: meetingDates(m, tr),
      planned: m.planned,
      activity: meetingActivity(catalog, m.id),
      changesUrl: `/recommendations/changes?meeting=${encodeURIComponent(m.id)}`,
    }));
}

/**
 * The meetings to choose from, planned ones apart (the picker groups them under a heading in the
 * reader's words): each option is the corpus's English — place, dates and name — and is marked as
 * English whole, dates included (an option can hold no markup to mark only a part).
 */
function meetingOptions(catalog: Catalog, chosen: string | null | undefined) {
  const english = translator("en");
  const options = [...catalog.meetings]
    .sort((a, b) => b.start.localeCompare(a.start))
    .map((m) => ({
      id: m.id,
      label: `${m.place}, ${meetingDates(m, english)}: ${m.name}`,
      planned: m.planned,
      selected: chosen === m.id,
    }));
  return {
    planned: options.filter((o) => o.planned),
    listed: options.filter((o) => !o.planned),
  };
}

function formModel(catalog: Catalog, f: TrackerFilters, reports: ReportInfo[]) {
  return {
    reports: reports.map((r) => ({ ...r, selected: f.sources.includes(r.id) })),
    countries: catalog.countries.map((c) => ({
      code: c.code,
      name: c.name,
      checked: f.countries.includes(c.code),
    })),
    statuses: TRACKER_STATUSES.map((s) => ({ value: s, checked: f.statuses.includes(s) })),
    articles: f.articles.join(","),
    overdue: f.overdue,
    attention: ATTENTION_OPTIONS.map((value) => ({ value, checked: f.attention.includes(value) })),
    since: f.meeting ? "" : (f.since ?? ""),
    meetings: meetingOptions(catalog, f.meeting),
  };
}

/** The numbers of a chart as a table: one row per group, one column per status. */
function chartTable(groups: StatusCounts[], series: { key: string; label: string }[]) {
  return {
    head: series.map((s) => s.label),
    rows: groups.map((g) => ({
      label: g.label,
      cells: TRACKER_STATUSES.map((s) => ({ status: s, count: g.counts[s] })),
      total: g.total,
    })),
  };
}
