/** The tracker's parameters: filters, and "since" a date or a working-group meeting. */
import { z } from "zod";
import { InvalidQueryError } from "../../errors.js";
import {
  ArticleParam,
  calendarDate,
  CountryParam,
  DateParam,
  knownArticle,
  knownCountries,
} from "../../http/validators.js";
import type { Catalog } from "../../search/catalog.js";
import { TRACKER_STATUSES } from "../../search/tracker.js";

/** What "needs attention" can mean; a row is shown when one of the chosen applies somewhere. */
export const ATTENTION = ["overdue", "no-followup"] as const;
export type Attention = (typeof ATTENTION)[number];

export const SinceShape = {
  since: DateParam.optional().describe("Mark entries dated after this day (YYYY-MM-DD)."),
  meeting: z
    .string()
    .max(80)
    .optional()
    .describe("Use the last day of a working-group meeting (its id) as `since`."),
};

export const ChangesShape = {
  ...SinceShape,
  country: z.array(CountryParam).default([]),
};
export const CHANGES_MULTI = ["country"] as const;

export const TrackerShape = {
  ...SinceShape,
  source: z
    .array(z.string().max(100))
    .default([])
    .describe("Source report id of the recommendations."),
  country: z.array(CountryParam).default([]),
  status: z
    .array(z.enum(TRACKER_STATUSES, { error: `expected one of ${TRACKER_STATUSES.join(", ")}` }))
    .default([])
    .describe("Current follow-up status in at least one country shown."),
  article: z.array(ArticleParam).default([]),
  overdue: z
    .enum(["0", "1"], { error: "expected 0 or 1" })
    .optional()
    .describe(
      "1: only recommendations past their target date somewhere (same as attention=overdue).",
    ),
  attention: z
    .array(z.enum(ATTENTION, { error: `expected one of ${ATTENTION.join(", ")}` }))
    .default([])
    .describe(
      "Needs attention, several values combined with OR: `overdue` (target date passed, not implemented) and `no-followup` (no dated follow-up entry) in at least one country shown.",
    ),
};
export const TRACKER_MULTI = ["source", "country", "status", "article", "attention"] as const;
export type TrackerParams = z.infer<z.ZodObject<typeof TrackerShape>>;

export interface TrackerFilters {
  since: string | null;
  meeting: string | null;
  sources: string[];
  countries: string[];
  statuses: string[];
  articles: number[];
  /** The overdue filter is on (`overdue=1` or `attention=overdue`). */
  overdue: boolean;
  attention: Attention[];
}

/** `since` as a real date, or the end of a meeting from the corpus's list; empty means unset. */
export function readSince(
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
  if (since) return { since: calendarDate(since, "since"), meeting: null };
  return { since: null, meeting: null };
}

/** The tracker's filters, each value checked against the catalog or the known reports. */
export function trackerFilters(
  params: TrackerParams,
  catalog: Catalog,
  reports: Set<string>,
): TrackerFilters {
  const attention = ATTENTION.filter(
    (a) => params.attention.includes(a) || (a === "overdue" && params.overdue === "1"),
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
    countries: knownCountries(params.country, catalog, "country"),
    statuses: params.status,
    articles: [...new Set(params.article.map((a) => knownArticle(a, catalog, "article")))],
    overdue: attention.includes("overdue"),
    attention,
  };
}

/** The query string of a set of filters, with `extra` parameters. */
export function filterQuery(f: TrackerFilters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const s of f.sources) p.append("source", s);
  for (const c of f.countries) p.append("country", c);
  for (const s of f.statuses) p.append("status", s);
  for (const a of f.articles) p.append("article", String(a));
  for (const a of f.attention) p.append("attention", a);
  if (f.meeting) p.set("meeting", f.meeting);
  else if (f.since) p.set("since", f.since);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
