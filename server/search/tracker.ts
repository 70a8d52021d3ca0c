/**
 * The recommendation tracker's rules, as pure functions over records read from the index:
 * the current status of a recommendation in a country is its latest dated follow-up entry
 * (entries of the same day count in file order); no entry means "no information".
 */
import { FOLLOWUP_STATUSES } from "../../indexer/index.js";
import type { FollowupRecord, RecommendationRecord } from "./records.js";

export const NO_INFORMATION = "no-information";
/** Every status a cell can show, in the order charts stack them. */
export const TRACKER_STATUSES = [NO_INFORMATION, ...FOLLOWUP_STATUSES] as const;
export type TrackerStatus = (typeof TRACKER_STATUSES)[number];

/** Orders entries in time: by date, then by their place in the corpus files. */
export function byTime(a: FollowupRecord, b: FollowupRecord): number {
  return (a.date ?? "").localeCompare(b.date ?? "") || a.data.sequence - b.data.sequence;
}

/** The entry that decides the current status, or undefined when there is none. */
export function latest(entries: readonly FollowupRecord[]): FollowupRecord | undefined {
  return [...entries].sort(byTime).at(-1);
}

/** The status as of the end of `day` (YYYY-MM-DD), from the entries dated up to that day. */
export function statusOn(entries: readonly FollowupRecord[], day: string): TrackerStatus {
  const upTo = entries.filter((e) => (e.date ?? "") <= day);
  return (latest(upTo)?.followup ?? NO_INFORMATION) as TrackerStatus;
}

export interface TrackerCell {
  country: string;
  addressed: boolean;
  status: TrackerStatus;
  entry: FollowupRecord | null;
  history: FollowupRecord[];
  /** Entries dated after `since`. */
  changes: FollowupRecord[];
  overdue: boolean;
}

export interface TrackerRow {
  recommendation: RecommendationRecord;
  cells: TrackerCell[];
}

/** Builds the matrix rows × countries; `today` decides overdue, `since` what counts as changed. */
export function trackerRows(
  recommendations: readonly RecommendationRecord[],
  followups: readonly FollowupRecord[],
  countries: readonly string[],
  today: string,
  since: string | null,
): TrackerRow[] {
  const byKey = new Map<string, FollowupRecord[]>();
  for (const entry of followups) {
    const key = `${entry.data.recommendation}|${entry.country}`;
    const list = byKey.get(key) ?? [];
    list.push(entry);
    byKey.set(key, list);
  }
  return recommendations.map((recommendation) => ({
    recommendation,
    cells: countries.map((country) => {
      const addressed = recommendation.countries.includes(country);
      const history = [...(byKey.get(`${recommendation.data.id}|${country}`) ?? [])].sort(byTime);
      const entry = history.at(-1) ?? null;
      const status = (entry?.followup ?? NO_INFORMATION) as TrackerStatus;
      const target = recommendation.data.target;
      return {
        country,
        addressed,
        status,
        entry,
        history,
        changes: since ? history.filter((e) => (e.date ?? "") > since) : [],
        overdue: addressed && target !== null && target < today && status !== "implemented",
      };
    }),
  }));
}

export interface StatusCounts {
  label: string;
  /** Over time: this is the current year, counted up to today rather than to its end. */
  toDate?: boolean;
  counts: Record<TrackerStatus, number>;
  total: number;
}

function emptyCounts(): Record<TrackerStatus, number> {
  return Object.fromEntries(TRACKER_STATUSES.map((s) => [s, 0])) as Record<TrackerStatus, number>;
}

/** Per country: how many of the recommendations addressed to it are at each current status. */
export function progressByCountry(
  rows: readonly TrackerRow[],
  countries: readonly { code: string; name: string }[],
): StatusCounts[] {
  return countries.map((country, index) => {
    const counts = emptyCounts();
    for (const row of rows) {
      const cell = row.cells[index];
      if (cell?.addressed) counts[cell.status] += 1;
    }
    return { label: country.name, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  });
}

/**
 * Over time: at the end of each year, how many recommendation × country pairs stood at each
 * status (replaying the dated entries).
 */
export function progressOverTime(rows: readonly TrackerRow[], today: string): StatusCounts[] {
  const cells = rows.flatMap((row) => row.cells.filter((c) => c.addressed));
  const years = cells
    .flatMap((c) => c.history.map((e) => Number((e.date ?? "").slice(0, 4))))
    .filter((y) => y > 0);
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Number(today.slice(0, 4));
  const out: StatusCounts[] = [];
  for (let year = first; year <= last; year++) {
    const day = year === last ? today : `${year}-12-31`;
    const counts = emptyCounts();
    for (const cell of cells) counts[statusOn(cell.history, day)] += 1;
    out.push({
      label: year === last ? `${year} (to date)` : String(year),
      toDate: year === last,
      counts,
      total: cells.length,
    });
  }
  return out;
}
