/**
 * The workplan's rules, as pure functions over records read from the index: what the corpus
 * knows, per country, about each outcome indicator, and how many activities stand at each status.
 * Nothing is estimated: an indicator measured by follow-up shows the dated entries that count,
 * split at its target date; one measured by request counts shows the figures a source gives, and
 * none where no source gives any.
 */
import {
  ACTIVITY_STATUSES,
  type ActivityForm,
  type ActivityStatus,
  type IndicatorData,
} from "../../indexer/index.js";
import { translator, type Translator } from "../i18n.js";
import type { ActivityRecord, FollowupRecord } from "./records.js";
import { byTime } from "./tracker.js";

export interface IndicatorCountry {
  country: string;
  /** Entries that count, dated on or before the target date (the last day of the target month). */
  byTarget: FollowupRecord[];
  /** Entries that count, dated after the target date. */
  afterTarget: FollowupRecord[];
  /** Figures a source gives for the country (request-counts indicators). */
  figures: IndicatorData["figures"];
}

/** Whether a follow-up entry is evidence for an indicator: one of its recommendations and statuses. */
export function countsFor(indicator: IndicatorData, entry: FollowupRecord): boolean {
  return (
    indicator.measure === "followup" &&
    indicator.recommendations.includes(entry.data.recommendation) &&
    entry.followup !== null &&
    indicator.statuses.includes(entry.followup)
  );
}

/**
 * Per country, in the order given: the entries that count for the indicator, before and after its
 * target date, in time order; and the figures sources give.
 */
export function indicatorByCountry(
  indicator: IndicatorData,
  followups: readonly FollowupRecord[],
  countries: readonly string[],
): IndicatorCountry[] {
  return countries.map((country) => {
    const entries = followups
      .filter((f) => f.country === country && countsFor(indicator, f))
      .sort(byTime);
    return {
      country,
      byTarget: entries.filter((e) => (e.date ?? "") <= indicator.targetDate),
      afterTarget: entries.filter((e) => (e.date ?? "") > indicator.targetDate),
      figures: indicator.figures.filter((f) => f.country === country),
    };
  });
}

/** How many activities stand at each status. */
export function statusCounts(
  activities: readonly Pick<ActivityRecord, "data">[],
): Record<ActivityStatus, number> & { total: number } {
  const counts = Object.fromEntries(ACTIVITY_STATUSES.map((s) => [s, 0])) as Record<
    ActivityStatus,
    number
  >;
  for (const a of activities) counts[a.data.status] += 1;
  return { ...counts, total: activities.length };
}

/** The word for an activity's status: a delivered piece of work is done, an event held. */
export function activityStatusWord(
  status: ActivityStatus,
  form: ActivityForm,
): ActivityStatus | "done" {
  return status === "held" && form === "output" ? "done" : status;
}

/** The words for an activity's status, in the translator's language (English by default). */
export function activityStatusLabel(
  status: ActivityStatus,
  form: ActivityForm,
  tr: Translator = translator("en"),
): string {
  return tr.t(`activityStatus.${activityStatusWord(status, form)}`);
}
