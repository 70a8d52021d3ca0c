/**
 * The project pages' view models: the workplan by result (a timeline of planned against held,
 * then a table in words), the outcome indicators per country, and one activity with what this
 * knowledge base has for it. The JSON twins reuse the same pieces.
 */
import type { ActivityForm, IndicatorData } from "../../../indexer/index.js";
import { timelineChart, type TimelineBar } from "../../charts.js";
import { REQUEST_TYPE_LABELS } from "../../requests/fields.js";
import type { Catalog } from "../../search/catalog.js";
import type { ActivityRecord, FollowupRecord } from "../../search/records.js";
import { activityStatusLabel, type IndicatorCountry } from "../../search/workplan.js";
import { STATUS_LABELS, formatDate } from "../../views.js";
import type { ActivityModel, IndicatorModel, ProjectModel } from "./model.js";

export const FORM_LABELS: Record<ActivityForm, string> = {
  meeting: "Meeting of the working groups",
  workshop: "Workshop, training or mission in a country",
  participation: "Taking part in another body's event",
  output: "Work to deliver",
  programme: "Group of activities",
};

/** What each status means, said on the activity's page. */
const STATUS_EXPLANATIONS = {
  planned:
    "Only the workplan names this activity. No source seen confirms that it took place; that does not mean it did not.",
  held: "A source other than the workplan confirms it; see below.",
  cancelled: "A source says it was cancelled; see below.",
  moved: "A source says it took place at another date or place; see below.",
} as const;

/** An activity's link and status in words. */
export function activityRef(a: ActivityRecord) {
  return {
    id: a.data.id,
    number: a.data.number,
    title: a.data.activityTitle,
    url: a.url,
    status: a.data.status,
    statusLabel: activityStatusLabel(a.data.status, a.data.form),
  };
}

/** An activity as lists show it: dates planned and confirmed, countries, place in the tree. */
export function activitySummary(a: ActivityRecord) {
  return {
    ...activityRef(a),
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
export function indicatorLine(indicator: IndicatorData, row: IndicatorCountry): string {
  if (indicator.measure === "request-counts")
    return row.figures.length === 0
      ? "No public figures."
      : `${row.figures.length} figure${row.figures.length === 1 ? "" : "s"} from the sources.`;
  const n = (count: number) => `${count} entr${count === 1 ? "y" : "ies"}`;
  if (row.byTarget.length + row.afterTarget.length === 0)
    return `No dated follow-up entry (${statusWords(indicator)}).`;
  return `${n(row.byTarget.length)} by ${formatDate(indicator.targetDate)}, ${n(row.afterTarget.length)} after.`;
}

function statusWords(indicator: IndicatorData): string {
  const words = indicator.statuses.map((s) => (STATUS_LABELS[s] ?? s).toLowerCase());
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words.join("");
}

/** "month 24 (April 2017)". */
export function monthLabel(indicator: IndicatorData): string {
  return `month ${indicator.month} (${formatDate(indicator.targetMonth)})`;
}

function indicatorView(m: IndicatorModel, catalog: Catalog) {
  const { indicator } = m;
  return {
    id: indicator.id,
    text: indicator.text,
    monthLabel: monthLabel(indicator),
    targetDate: indicator.targetDate,
    followup: indicator.measure === "followup",
    statusWords: statusWords(indicator),
    recommendations: m.recommendations.map((r) => ({
      id: r.data.id,
      title: r.data.recTitle,
      url: r.url,
    })),
    sources: indicator.sources,
    countries: m.countries.map((row) => ({
      ...countryLink(catalog, row.country),
      line: indicatorLine(indicator, row),
      byTarget: row.byTarget.map(indicatorEntry),
      afterTarget: row.afterTarget.map(indicatorEntry),
      figures: row.figures,
    })),
  };
}

function dates(periods: readonly { label: string; place: string | null }[]): string {
  return periods.map((p) => [p.label, p.place].filter(Boolean).join(", ")).join("; ");
}

/** The timeline bars of one activity: its planned periods and the period a source confirms. */
function bars(a: ActivityRecord): TimelineBar[] {
  const number = a.data.number;
  const out: TimelineBar[] = a.data.planned
    .filter((p) => p.start !== "")
    .map((p) => ({
      kind: "planned" as const,
      start: p.start,
      end: p.end,
      title: `${number} planned: ${[p.label, p.place].filter(Boolean).join(", ")}`,
    }));
  const e = a.data.evidence;
  if (e?.start)
    out.push({
      kind: "held",
      start: e.start,
      end: e.end,
      title: `${number} ${activityStatusLabel(a.data.status, a.data.form).toLowerCase()}: ${[e.label, e.place].filter(Boolean).join(", ")} (confirmed by a source)`,
    });
  return out;
}

/** `/project`: the frame, the indicators, then each result's timeline and table. */
export function projectPage(m: ProjectModel) {
  const w = m.workplan;
  const c = m.counts;
  return {
    page: {
      title: `${w.title}: summary and workplan`,
      jsonUrl: "/api/project",
      description: `${w.title} (${w.number}): results, activities with planned and confirmed dates, outcome indicators`,
    },
    project: {
      title: w.title,
      number: w.number,
      period: `${formatDate(w.start)} – ${formatDate(w.end)}`,
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
    indicators: m.indicators.map((i) => indicatorView(i, m.catalog)),
    results: m.results.map(({ result, activities, counts }) => {
      const dated = activities.filter((a) => bars(a).length > 0);
      return {
        number: result.number,
        title: result.title,
        anchor: `result-${result.number}`,
        html: result.html,
        counts,
        chart: timelineChart({
          id: `timeline-${result.number}`,
          title: `Result ${result.number}: activities planned and confirmed`,
          description: `One row per activity of Result ${result.number} that has dates. The upper bar of a row is the period the workplan planned; a lower, darker bar is the period another source confirms. The table below the chart gives the same dates in words.`,
          from: w.start,
          to: w.end,
          // The id, not the number: the workplan prints 1.3.4.4 twice.
          rows: dated.map((a) => ({ label: a.data.id, bars: bars(a) })),
        }),
        activities: activities.map((a) => ({
          ...activitySummary(a),
          plannedText:
            dates(a.data.planned) ||
            (a.data.see.length > 0
              ? `See ${a.data.see.join(", ")}`
              : "Dated by the activities under it"),
          heldText: a.data.evidence
            ? [a.data.evidence.label, a.data.evidence.place].filter(Boolean).join(", ") ||
              "Date not given by the source"
            : "",
          countryNames:
            a.countries.length === 0
              ? "Not stated"
              : a.countries.length === w.countries.length
                ? "All six"
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
export function activityPage(m: ActivityModel) {
  const a = m.activity;
  const d = a.data;
  const countries = a.countries.map((code) => countryLink(m.catalog, code));
  const inWorkplan = new Set(m.workplan.countries);
  return {
    page: {
      title: `Activity ${d.number} – ${d.activityTitle}`,
      jsonUrl: `/api/project/activities/${encodeURIComponent(d.id)}`,
      description: `${m.workplan.title}, activity ${d.number}: planned dates, status and sources`,
    },
    ...activitySummary(a),
    formLabel: FORM_LABELS[d.form],
    statusExplanation: STATUS_EXPLANATIONS[d.status],
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
          label: `${d.meeting.place}, ${formatDate(d.meeting.start)}${d.meeting.end !== d.meeting.start ? ` – ${formatDate(d.meeting.end)}` : ""}`,
          changesUrl: `/recommendations/changes?meeting=${encodeURIComponent(d.meeting.id)}`,
        }
      : null,
    plannedMeeting: plannedMeeting(m.catalog, d.id),
    parentActivity: m.parent ? activityRef(m.parent) : null,
    children: m.children.map(activityRef),
    see: m.see.map(activityRef),
    links: {
      countries,
      analyses: d.analyses ? countries : [],
      compareUrl:
        d.analyses && countries.length > 1
          ? `/compare?countries=${countries.map((c) => c.code).join(",")}`
          : null,
      requests: d.requests.map((type) => ({
        type,
        label: REQUEST_TYPE_LABELS[type],
        url: `/requests/new?type=${type}`,
      })),
      recommendations: m.recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: r.url,
      })),
      articles: a.articles.map((n) => ({
        number: n,
        title: m.catalog.articles.find((x) => x.number === n)?.title ?? `Article ${n}`,
        url: `/articles/${n}`,
      })),
    },
    allCountries:
      countries.length === inWorkplan.size && countries.every((c) => inWorkplan.has(c.code)),
    sources: a.sources,
  };
}
