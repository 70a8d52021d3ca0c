/** The project pages' JSON answers, and their schemas for the API description. */
import { z } from "zod";
import {
  ACTIVITY_FORMS,
  ACTIVITY_STATUSES,
  INDICATOR_MEASURES,
  REQUEST_TYPES,
} from "../../../indexer/index.js";
import { FollowupStatusJson, SourceJson, SourceLinkJson } from "../../http/schemas.js";
import type { ActivityModel, ProjectModel } from "./model.js";
import {
  activityRef,
  activitySummary,
  countryLink,
  indicatorEntry,
  indicatorLine,
  activityPage,
} from "./view-model.js";

const PeriodJson = z.strictObject({
  start: z.string().describe("YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source."),
  end: z.string().nullable(),
  label: z.string().describe("The dates in words."),
  place: z.string().nullable(),
  note: z.string().nullable(),
});

const StatusJson = z
  .enum(ACTIVITY_STATUSES)
  .describe(
    "planned: only the workplan names it; held: another source confirms it took place (or was delivered); cancelled, moved: a source says so.",
  );

const ActivityRefJson = z.strictObject({
  id: z.string(),
  number: z.string().describe("The number as the workplan prints it."),
  title: z.string(),
  url: z.string(),
  status: StatusJson,
  statusLabel: z.string(),
});

const ActivitySummaryJson = ActivityRefJson.extend({
  form: z.enum(ACTIVITY_FORMS),
  planned: z.array(PeriodJson).describe("Planned dates and places, from the workplan."),
  evidence: PeriodJson.extend({ sources: z.array(SourceJson) })
    .nullable()
    .describe("What another source confirms, with those sources; null while only planned."),
  countries: z
    .array(z.string())
    .describe("Countries concerned; empty when the workplan names none."),
  parent: z.string().nullable(),
  depth: z.number(),
});

const CountsJson = z.strictObject({
  planned: z.number(),
  held: z.number(),
  cancelled: z.number(),
  moved: z.number(),
  total: z.number(),
});

const CountryLinkJson = z.strictObject({ code: z.string(), name: z.string(), url: z.string() });
const RecommendationLinkJson = z.strictObject({
  id: z.string(),
  title: z.string(),
  url: z.string(),
});

const EntryJson = z.strictObject({
  date: z.string().nullable(),
  status: FollowupStatusJson.nullable(),
  recommendation: z.string(),
  url: z.string(),
  text: z.string(),
  sources: z.array(SourceLinkJson),
});

export const ProjectJson = z.strictObject({
  id: z.string(),
  title: z.string(),
  number: z.string(),
  start: z.string(),
  end: z.string(),
  months: z.number(),
  countries: z.array(CountryLinkJson),
  implementation: z.string(),
  funding: z.string().nullable(),
  objective: z.string(),
  introHtml: z.string().describe("Sanitized HTML."),
  note: z.string().nullable(),
  sources: z.array(SourceJson),
  counts: CountsJson,
  indicators: z.array(
    z.strictObject({
      id: z.string(),
      text: z.string(),
      month: z.number().describe("The project month of the target, month 1 being the start's."),
      targetMonth: z.string(),
      targetDate: z.string().describe("The last day of the target month."),
      measure: z.enum(INDICATOR_MEASURES),
      recommendations: z.array(RecommendationLinkJson),
      statuses: z.array(FollowupStatusJson),
      sources: z.array(SourceJson),
      countries: z.array(
        CountryLinkJson.extend({
          summary: z.string(),
          byTarget: z
            .array(EntryJson)
            .describe("Entries that count, dated on or before the target."),
          afterTarget: z.array(EntryJson),
          figures: z.array(
            z.strictObject({
              period: z.string(),
              sent: z.number().nullable(),
              received: z.number().nullable(),
              note: z.string().nullable(),
              sources: z.array(SourceLinkJson),
            }),
          ),
        }),
      ),
    }),
  ),
  results: z.array(
    z.strictObject({
      number: z.number(),
      title: z.string(),
      html: z.string(),
      sources: z.array(SourceJson),
      counts: CountsJson,
      activities: z.array(ActivitySummaryJson),
    }),
  ),
});

/** `/api/project`: the workplan with its indicators per country and its activities by result. */
export function projectJson(m: ProjectModel): z.infer<typeof ProjectJson> {
  const w = m.workplan;
  const entry = (e: Parameters<typeof indicatorEntry>[0]) => {
    const { html: _html, ...rest } = indicatorEntry(e);
    return rest;
  };
  return {
    id: w.id,
    title: w.title,
    number: w.number,
    start: w.start,
    end: w.end,
    months: w.months,
    countries: w.countries.map((code) => countryLink(m.catalog, code)),
    implementation: w.implementation,
    funding: w.funding,
    objective: w.objective,
    introHtml: w.introHtml,
    note: w.note,
    sources: w.sources,
    counts: m.counts,
    indicators: m.indicators.map(({ indicator, countries, recommendations }) => ({
      id: indicator.id,
      text: indicator.text,
      month: indicator.month,
      targetMonth: indicator.targetMonth,
      targetDate: indicator.targetDate,
      measure: indicator.measure,
      recommendations: recommendations.map((r) => ({
        id: r.data.id,
        title: r.data.recTitle,
        url: r.url,
      })),
      statuses: indicator.statuses,
      sources: indicator.sources,
      countries: countries.map((row) => ({
        ...countryLink(m.catalog, row.country),
        summary: indicatorLine(indicator, row),
        byTarget: row.byTarget.map(entry),
        afterTarget: row.afterTarget.map(entry),
        figures: row.figures.map((f) => ({
          period: f.period,
          sent: f.sent,
          received: f.received,
          note: f.note,
          sources: f.sources.map((s) => ({ title: s.title, url: s.url })),
        })),
      })),
    })),
    results: m.results.map(({ result, activities, counts }) => ({
      number: result.number,
      title: result.title,
      html: result.html,
      sources: result.sources,
      counts,
      activities: activities.map((a) => activitySummary(a)),
    })),
  };
}

export const ActivityJson = ActivitySummaryJson.extend({
  formLabel: z.string(),
  workplan: z.strictObject({ id: z.string(), title: z.string(), url: z.string() }),
  result: z.strictObject({ number: z.number(), title: z.string(), url: z.string() }),
  html: z.string().describe("Sanitized HTML."),
  text: z.string(),
  meeting: z
    .strictObject({
      id: z.string(),
      name: z.string(),
      place: z.string(),
      start: z.string(),
      end: z.string(),
      changesUrl: z.string(),
    })
    .nullable()
    .describe("The meeting of the meetings list this activity is, when a source confirms it."),
  parentActivity: ActivityRefJson.nullable(),
  children: z.array(ActivityRefJson),
  see: z.array(ActivityRefJson),
  links: z.strictObject({
    countries: z.array(CountryLinkJson),
    analyses: z.array(CountryLinkJson).describe("The country analyses the activity concerns."),
    compareUrl: z.string().nullable(),
    requests: z.array(
      z.strictObject({ type: z.enum(REQUEST_TYPES), label: z.string(), url: z.string() }),
    ),
    recommendations: z.array(RecommendationLinkJson),
    articles: z.array(z.strictObject({ number: z.number(), title: z.string(), url: z.string() })),
  }),
  sources: z.array(SourceJson),
});

/** `/api/project/activities/:id`: one activity with its dates, status, sources and links. */
export function activityJson(m: ActivityModel): z.infer<typeof ActivityJson> {
  const p = activityPage(m);
  return {
    ...activitySummary(m.activity),
    formLabel: p.formLabel,
    workplan: p.workplan,
    result: p.result,
    html: m.activity.html,
    text: m.activity.text,
    meeting: p.meeting
      ? {
          id: p.meeting.id,
          name: p.meeting.name,
          place: p.meeting.place,
          start: p.meeting.start,
          end: p.meeting.end,
          changesUrl: p.meeting.changesUrl,
        }
      : null,
    parentActivity: m.parent ? activityRef(m.parent) : null,
    children: p.children,
    see: p.see,
    links: p.links,
    sources: m.activity.sources,
  };
}
