/** The tracker's data: recommendations and follow-up read from the index, shaped by the tracker's rules. */
import { NotFoundError } from "../../errors.js";
import { knownCountries } from "../../http/validators.js";
import { trackerRecords, type FollowupRecord } from "../../search/records.js";
import {
  NO_INFORMATION,
  progressByCountry,
  progressOverTime,
  trackerRows,
  type TrackerCell,
} from "../../search/tracker.js";
import type { RouteDeps } from "../deps.js";
import { readSince, trackerFilters, type Attention, type TrackerParams } from "./schema.js";

export type TrackerDeps = Pick<RouteDeps, "reader" | "catalog" | "now">;

/** What the tracker may have to tell, as keys of `tracker.notice` in the locale files. */
export const TRACKER_NOTICES = ["noTargets", "noTargetsOverdue"] as const;
export type TrackerNotice = (typeof TRACKER_NOTICES)[number];

export interface ReportInfo {
  id: string;
  title: string;
  url: string;
}

const today = (deps: TrackerDeps) => deps.now().toISOString().slice(0, 10);

/** Everything the tracker pages read: catalog, recommendations, follow-up, the reports cited. */
export async function loadTracker(deps: TrackerDeps) {
  const [catalog, records] = await Promise.all([deps.catalog.get(), trackerRecords(deps.reader)]);
  const reports = new Map<string, ReportInfo>();
  for (const r of records.recommendations) {
    const source = r.sources.find((s) => s.id === r.data.report);
    reports.set(r.data.report, {
      id: r.data.report,
      title: source?.title ?? r.data.report,
      url: source?.url ?? "",
    });
  }
  return { catalog, ...records, reports };
}

/** The filtered matrix and everything the page, JSON and CSV show. */
export async function trackerModel(deps: TrackerDeps, params: TrackerParams) {
  const { catalog, recommendations, followups, reports } = await loadTracker(deps);
  const filters = trackerFilters(params, catalog, new Set(reports.keys()));
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
  const day = today(deps);
  const rows = trackerRows(candidates, followups, codes, day, filters.since).filter(
    (row) =>
      (filters.statuses.length === 0 ||
        row.cells.some((c) => c.addressed && filters.statuses.includes(c.status))) &&
      (filters.attention.length === 0 ||
        row.cells.some((c) => filters.attention.some((a) => needsAttention(c, a)))),
  );
  // No target date anywhere means the overdue filter can never find anything: say so.
  const withTarget = recommendations.filter((r) => r.data.target !== null).length;
  const notices: TrackerNotice[] =
    withTarget === 0 ? [filters.overdue ? "noTargetsOverdue" : "noTargets"] : [];
  return {
    today: day,
    withTarget,
    notices,
    catalog,
    filters,
    countries,
    rows,
    reports,
    byCountry: progressByCountry(rows, countries),
    overTime: progressOverTime(rows, day),
  };
}
export type TrackerModel = Awaited<ReturnType<typeof trackerModel>>;

/** Whether an addressed cell needs the kind of attention asked for. */
export function needsAttention(cell: TrackerCell, attention: Attention): boolean {
  if (!cell.addressed) return false;
  return attention === "overdue" ? cell.overdue : cell.status === NO_INFORMATION;
}

/** Follow-up entries after a date (by default the end of the latest meeting), by country. */
export async function changesModel(
  deps: TrackerDeps,
  params: { since?: string | undefined; meeting?: string | undefined; country: string[] },
) {
  const { catalog, followups, recommendations } = await loadTracker(deps);
  const { since, meeting } = readSince(params, catalog);
  const selected = knownCountries(params.country, catalog, "country");
  // A meeting only the workplan names, at planned dates, is no default: nothing confirms it.
  const latestMeeting = catalog.meetings
    .filter((m) => !m.planned)
    .sort((a, b) => a.end.localeCompare(b.end))
    .at(-1);
  const effective = since ?? latestMeeting?.end ?? null;
  const titles = new Map(recommendations.map((r) => [r.data.id, r.data.recTitle]));
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
          (a, b) => (b.date ?? "").localeCompare(a.date ?? "") || b.data.sequence - a.data.sequence,
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
}
export type ChangesModel = Awaited<ReturnType<typeof changesModel>>;

/** One recommendation: its text and every addressed country's dated history. */
export async function recommendationModel(
  deps: TrackerDeps,
  rawId: string,
  params: { since?: string | undefined; meeting?: string | undefined },
) {
  const { catalog, recommendations, followups, reports } = await loadTracker(deps);
  const rec = recommendations.find((r) => r.data.id === rawId);
  if (!rec) {
    throw new NotFoundError(`There is no recommendation \`${rawId.slice(0, 40)}\`.`, [
      { href: "/recommendations", label: "All recommendations" },
    ]);
  }
  const { since, meeting } = readSince(params, catalog);
  const countries = catalog.countries.filter((c) => rec.countries.includes(c.code));
  const [row] = trackerRows(
    [rec],
    followups,
    countries.map((c) => c.code),
    today(deps),
    since,
  );
  // trackerRows gives one row per recommendation passed in.
  if (!row) throw new Error(`no tracker row for ${rawId}`);
  return { catalog, rec, report: reports.get(rec.data.report), since, meeting, countries, row };
}
export type RecommendationModel = Awaited<ReturnType<typeof recommendationModel>>;

/** A follow-up entry as the pages and JSON show it. */
export function entryModel(e: FollowupRecord, recTitle: string) {
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
