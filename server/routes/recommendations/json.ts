/** The tracker's JSON answers, and their schemas for the API description. */
import { z } from "zod";
import { FollowupStatusJson, SourceJson, SourceLinkJson } from "../../http/schemas.js";
import { translator } from "../../i18n.js";
import { TRACKER_STATUSES, type StatusCounts, type TrackerRow } from "../../search/tracker.js";
import type { ChangesModel, RecommendationModel, TrackerModel } from "./model.js";
import { meetingList } from "./view-model.js";

const TrackerStatusJson = z.enum(TRACKER_STATUSES);
const CountsJson = z.array(
  z.strictObject({
    label: z.string(),
    counts: z.record(TrackerStatusJson, z.number()),
    total: z.number(),
  }),
);

const FiltersJson = z.strictObject({
  since: z.string().nullable(),
  meeting: z.string().nullable(),
  sources: z.array(z.string()),
  countries: z.array(z.string()),
  statuses: z.array(z.string()),
  articles: z.array(z.number()),
  overdue: z.boolean(),
  attention: z.array(z.enum(["overdue", "no-followup"])),
});

const CellJson = z.strictObject({
  country: z.string(),
  addressed: z.boolean().describe("The recommendation is addressed to this country."),
  status: TrackerStatusJson.nullable().describe("Current status: the latest dated entry."),
  date: z.string().nullable(),
  event: z.string().nullable(),
  sources: z.array(SourceLinkJson),
  overdue: z.boolean(),
  changedSince: z.boolean(),
});

export const TrackerJson = z.strictObject({
  today: z.string(),
  withTarget: z.number().describe("How many recommendations have a target date at all."),
  notices: z.array(z.string()),
  filters: FiltersJson,
  countries: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  rows: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      report: z.string(),
      articles: z.array(z.number()),
      countries: z.array(z.string()),
      target: z.string().nullable(),
      url: z.string(),
      cells: z.array(CellJson),
    }),
  ),
  charts: z.strictObject({ byCountry: CountsJson, overTime: CountsJson }),
});

const cellJson = (cell: TrackerRow["cells"][number]): z.infer<typeof CellJson> => ({
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

export function trackerJson(m: TrackerModel): z.infer<typeof TrackerJson> {
  return {
    today: m.today,
    withTarget: m.withTarget,
    // The JSON API speaks English whatever the interface language.
    notices: m.notices.map((n) => translator("en").t(`tracker.notice.${n}`)),
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
  };
}

const EntryJson = z.strictObject({
  date: z.string().nullable(),
  status: FollowupStatusJson.nullable(),
  recommendation: z.string(),
  recTitle: z.string(),
  url: z.string(),
  html: z.string(),
  text: z.string(),
  sources: z.array(SourceJson),
});

export const ChangesJson = z.strictObject({
  since: z.string().nullable(),
  meeting: z.string().nullable(),
  countries: z.array(
    z.strictObject({ code: z.string(), name: z.string(), entries: z.array(EntryJson) }),
  ),
  meetings: z
    .array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        place: z.string(),
        start: z.string(),
        end: z.string(),
        planned: z
          .boolean()
          .describe(
            "Only the project's workplan names it, at planned dates; no source confirms it was held.",
          ),
        activity: z.string().nullable().describe("The workplan activity the meeting is."),
        activityUrl: z.string().nullable(),
        changesUrl: z.string(),
      }),
    )
    .describe("Every meeting a `meeting` parameter may name, newest first."),
});

export function changesJson(m: ChangesModel): z.infer<typeof ChangesJson> {
  return {
    since: m.since,
    meeting: m.meeting,
    countries: m.groups,
    meetings: meetingList(m.catalog).map((x) => ({
      id: x.id,
      name: x.name,
      place: x.place,
      start: x.start,
      end: x.end,
      planned: x.planned,
      activity: x.activity?.id ?? null,
      activityUrl: x.activity?.url ?? null,
      changesUrl: x.changesUrl,
    })),
  };
}

export const RecommendationJson = z.strictObject({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  articles: z.array(z.number()),
  report: z.strictObject({ id: z.string(), title: z.string(), url: z.string() }).nullable(),
  numbering: z.enum(["report", "own"]),
  target: z.string().nullable(),
  since: z.string().nullable(),
  countries: z.array(
    z.strictObject({
      country: z.string(),
      status: TrackerStatusJson,
      overdue: z.boolean(),
      history: z.array(
        z.strictObject({
          date: z.string().nullable(),
          status: FollowupStatusJson.nullable(),
          event: z.string(),
          sources: z.array(SourceLinkJson),
          newSince: z.boolean(),
        }),
      ),
    }),
  ),
});

export function recommendationJson(m: RecommendationModel): z.infer<typeof RecommendationJson> {
  return {
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
  };
}
