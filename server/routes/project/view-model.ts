/**
 * The project pages' view models: the workplan by result (a timeline of planned against held,
 * then a table in words), the outcome indicators per country, and one activity with what this
 * knowledge base has for it. The JSON twins reuse the same pieces.
 */
import type { IndicatorData } from "../../../indexer/index.js";
import { timelineChart, type TimelineBar } from "../../charts.js";
import { translator, type Translator } from "../../i18n.js";
import type { Catalog } from "../../search/catalog.js";
import type { ActivityRecord, FollowupRecord } from "../../search/records.js";
import { activityStatusLabel, type IndicatorCountry } from "../../search/workplan.js";
import type { ActivityModel, IndicatorModel, ProjectModel } from "./model.js";

// Every function here speaks the translator's language; the JSON twins call them in English
// (the default), so the API does not change with the interface language.
const ENGLISH = () => translator("en");

/** An activity's link and status in words. */
export function activityRef(a: ActivityRecord, tr: Translator = ENGLISH()) {
  return {
    id: a.data.id,
    number: a.data.number,
    title: a.data.activityTitle,
    url: a.url,
    status: a.data.status,
    statusLabel: activityStatusLabel(a.data.status, a.data.form, tr),
  };
}

/** An activity as lists show it: dates planned and confirmed, countries, place in the tree. */
export function activitySummary(a: ActivityRecord, tr: Translator = ENGLISH()) {
  return {
    ...activityRef(a, tr),
    form: a.data.form,
    planned: a.data.planned,
    evidence: a.data.evidence,
    countries: a.countries,
    parent: a.data.parent,
    /** How deep the number sits: 1.2 is 1, 1.2.1 is 2. */
    depth: a.data.number.split(".").length - 1,
  };
}

/** A country code as a link to its page, with its name from the catalog. */
export function countryLink(catalog: Catalog, code: string) {
  return {
    code,
    name: catalog.countries.find((c) => c.code === code)?.name ?? code,
    url: `/countries/${code}`,
  };
}

/** A follow-up entry as the indicator lists show it. */
export function indicatorEntry(e: FollowupRecord) {
  return {
    date: e.date,
    status: e.followup,
    recommendation: e.data.recommendation,
    url: `/recommendations/${encodeURIComponent(e.data.recommendation)}#${e.country}`,
    text: e.text,
    html: e.html,
    sources: e.sources.map((s) => ({ title: s.title, url: s.url })),
  };
}

/** What the corpus knows for one country, in one line: counts only, never an estimate. */
export function indicatorLine(
  indicator: IndicatorData,
  row: IndicatorCountry,
  tr: Translator = ENGLISH(),
): string {
  const { t } = tr;
  if (indicator.measure === "request-counts")
    return row.figures.length === 0
      ? t("project.line.noFigures")
      : t("project.line.figures", { count: row.figures.length });
  if (row.byTarget.length + row.afterTarget.length === 0)
    return t("project.line.noEntries", { statuses: statusWords(indicator, tr) });
  return t("project.line.byAndAfter", {
    by: t("project.line.entries", { count: row.byTarget.length }),
    after: t("project.line.entries", { count: row.afterTarget.length }),
    date: tr.date(indicator.targetDate),
  });
}

/** "partly implemented or implemented": the statuses an indicator counts, in words. */
function statusWords(indicator: IndicatorData, tr: Translator): string {
  return tr.list(
    indicator.statuses.map((s) => tr.t(`status.${s}`).toLocaleLowerCase(tr.lang)),
    "or",
  );
}

/** "month 24 (April 2017)". */
export function monthLabel(indicator: IndicatorData, tr: Translator = ENGLISH()): string {
  return tr.t("project.month", { n: indicator.month, date: tr.date(indicator.targetMonth) });
}

function indicatorView(m: IndicatorModel, catalog: Catalog, tr: Translator) {
  const { indicator } = m;
  return {
    id: indicator.id,
    text: indicator.text,
    /** The indicator's text as a name, without its full stop (for captions and labels). */
    name: indicator.text.replace(/\.$/, ""),
    monthLabel: monthLabel(indicator, tr),
    targetDate: indicator.targetDate,
    followup: indicator.measure === "followup",
    statusWords: statusWords(indicator, tr),
    recommendations: m.recommendations.map((r) => ({
      id: r.data.id,
      title: r.data.recTitle,
      url: r.url,
    })),
    sources: indicator.sources,
    countries: m.countries.map((row) => ({
      ...countryLink(catalog, row.country),
      line: indicatorLine(indicator, row, tr),
      byTarget: row.byTarget.map(indicatorEntry),
      afterTarget: row.afterTarget.map(indicatorEntry),
      figures: row.figures,
    })),
  };
}

/** A period's dates in words in the reader's language ("14–16 декабря 2015 г."), and its place. */
function periodWords(
  p: { start: string; end: string | null; place: string | null },
  tr: Translator,
): string {
  return [p.start ? tr.range(p.start, p.end ?? p.start) : "", p.place].filter(Boolean).join(", ");
}

function dates(
  periods: readonly { start: string; end: string | null; place: string | null }[],
  tr: Translator,
): string {
  return periods.map((p) => periodWords(p, tr)).join("; ");
}

type Dated = { start: string; end: string | null };

/** The activity with its periods' dates in the reader's language (the JSON keeps English). */
function inWords<T extends { planned: readonly Dated[]; evidence: Dated | null }>(
  summary: T,
  tr: Translator,
) {
  const label = (p: Dated) => (p.start ? tr.range(p.start, p.end ?? p.start) : "");
  return {
    ...summary,
    planned: summary.planned.map((p) => ({ ...p, label: label(p) })),
    evidence: summary.evidence ? { ...summary.evidence, label: label(summary.evidence) } : null,
  };
}

/** The timeline bars of one activity: its planned periods and the period a source confirms. */
function bars(a: ActivityRecord, tr: Translator): TimelineBar[] {
  const number = a.data.number;
  const out: TimelineBar[] = a.data.planned
    .filter((p) => p.start !== "")
    .map((p) => ({
      kind: "planned" as const,
      start: p.start,
      end: p.end,
      title: tr.t("project.bar.planned", {
        number,
        dates: periodWords(p, tr),
      }),
    }));
  const e = a.data.evidence;
  if (e?.start)
    out.push({
      kind: "held",
      start: e.start,
      end: e.end,
      title: tr.t("project.bar.held", {
        number,
        status: activityStatusLabel(a.data.status, a.data.form, tr).toLocaleLowerCase(tr.lang),
        dates: periodWords(e, tr),
      }),
    });
  return out;
}

/** `/project`: the frame, the indicators, then each result's timeline and table. */
export function projectPage(m: ProjectModel, tr: Translator) {
  const { t } = tr;
  const w = m.workplan;
  const c = m.counts;
  return {
    page: {
      title: t("project.title", { title: w.title }),
      jsonUrl: "/api/project",
      description: t("project.description", { title: w.title, number: w.number }),
    },
    project: {
      title: w.title,
      number: w.number,
      period: tr.range(w.start, w.end),
      firstMonth: w.start.slice(0, 7),
      months: w.months,
      countries: w.countries.map((code) => countryLink(m.catalog, code)),
      implementation: w.implementation,
      funding: w.funding,
      objective: w.objective,
      introHtml: w.introHtml,
      sources: w.sources,
    },
    counts: c,
    held: c.held,
    indicators: m.indicators.map((i) => indicatorView(i, m.catalog, tr)),
    results: m.results.map(({ result, activities, counts }) => {
      const dated = activities.filter((a) => bars(a, tr).length > 0);
      return {
        number: result.number,
        title: result.title,
        anchor: `result-${result.number}`,
        html: result.html,
        counts,
        chart: timelineChart({
          id: `timeline-${result.number}`,
          title: t("project.timeline.title", { n: result.number }),
          description: t("project.timeline.description", { n: result.number }),
          from: w.start,
          to: w.end,
          // The id, not the number: the workplan prints 1.3.4.4 twice.
          rows: dated.map((a) => ({ label: a.data.id, bars: bars(a, tr) })),
          legend: { planned: t("project.planned"), held: t("project.timeline.held") },
        }),
        activities: activities.map((a) => ({
          ...activitySummary(a, tr),
          // Dates in the reader's language; places as the workplan and the sources name them.
          plannedText: dates(a.data.planned, tr),
          see: a.data.see.join(", "),
          heldText: a.data.evidence ? periodWords(a.data.evidence, tr) : "",
          countryNames:
            a.countries.length === 0
              ? t("project.notStated")
              : a.countries.length === w.countries.length
                ? t("project.allSix")
                : a.countries.map((code) => countryLink(m.catalog, code).name).join(", "),
        })),
      };
    }),
  };
}

/** The tracker's entry for a meeting only the workplan names, with its "changes since" link. */
function plannedMeeting(catalog: Catalog, activity: string) {
  const meeting = catalog.meetings.find((x) => x.planned && x.activity === activity);
  return meeting
    ? {
        id: meeting.id,
        changesUrl: `/recommendations/changes?meeting=${encodeURIComponent(meeting.id)}`,
      }
    : null;
}

/** `/project/activities/:id`: the activity, its dates and status, and where to go from it. */
export function activityPage(m: ActivityModel, tr: Translator = ENGLISH()) {
  const { t } = tr;
  const a = m.activity;
  const d = a.data;
  const countries = a.countries.map((code) => countryLink(m.catalog, code));
  const inWorkplan = new Set(m.workplan.countries);
  return {
    page: {
      title: t("activity.title", { number: d.number, title: d.activityTitle }),
      jsonUrl: `/api/project/activities/${encodeURIComponent(d.id)}`,
      description: t("activity.description", { workplan: m.workplan.title, number: d.number }),
    },
    ...inWords(activitySummary(a, tr), tr),
    formLabel: t(`activity.form.${d.form}`),
    statusExplanation: t(`activity.explain.${d.status}`),
    workplan: { id: m.workplan.id, title: m.workplan.title, url: "/project" },
    result: {
      number: d.result,
      title: d.resultTitle,
      url: `/project#result-${d.result}`,
    },
    html: a.html,
    meeting: d.meeting
      ? {
          ...d.meeting,
          dates: tr.range(d.meeting.start, d.meeting.end),
          changesUrl: `/recommendations/changes?meeting=${encodeURIComponent(d.meeting.id)}`,
        }
      : null,
    plannedMeeting: plannedMeeting(m.catalog, d.id),
    parentActivity: m.parent ? activityRef(m.parent, tr) : null,
    children: m.children.map((x) => activityRef(x, tr)),
    see: m.see.map((x) => activityRef(x, tr)),
    links: {
      countries,
      analyses: d.analyses ? countries : [],
      compareUrl:
        d.analyses && countries.length > 1
          ? `/compare?countries=${countries.map((c) => c.code).join(",")}`
          : null,
      requests: d.requests.map((type) => ({
        type,
        label: t(`request.type.${type}`),
        url: `/requests/new?type=${type}`,
      })),
      recommendations: m.recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: r.url,
      })),
      articles: a.articles.map((n) => ({
        number: n,
        title:
          m.catalog.articles.find((x) => x.number === n)?.title ??
          t("common.articleRef", { ref: n }),
        url: `/articles/${n}`,
      })),
    },
    allCountries:
      countries.length === inWorkplan.size && countries.every((c) => inWorkplan.has(c.code)),
    sources: a.sources,
  };
}
