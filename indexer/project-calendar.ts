/**
 * Project months, the way a workplan counts them: month 1 is the month the project starts in,
 * so for a project starting on 1 May 2015, month 24 is April 2017 and month 30 October 2017.
 * A target "by month N" is met by the last day of that month.
 */

/** The calendar month (YYYY-MM) of project month `n`, counted from the month of `start`. */
export function projectMonth(start: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`project months start at 1 (got ${n})`);
  const match = /^(\d{4})-(\d{2})/.exec(start);
  if (!match?.[1] || !match[2]) throw new RangeError(`not a date: ${start}`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + (n - 1);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The last day (YYYY-MM-DD) of a calendar month written YYYY-MM. */
export function lastDayOf(month: string): string {
  const [year, m] = month.split("-").map(Number);
  if (year === undefined || m === undefined) throw new RangeError(`not a month: ${month}`);
  // Day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, "0")}`;
}

/** The target of "by month `n`": that month and its last day. */
export function monthTarget(start: string, n: number): { month: string; date: string } {
  const month = projectMonth(start, n);
  return { month, date: lastDayOf(month) };
}

/** How many project months run from `start` to `end`, both months counted (1 May 2015 – 31 December 2017: 32). */
export function projectLength(start: string, end: string): number {
  const at = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return at(end) - at(start) + 1;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

interface Parts {
  year: string;
  month: string | null;
  day: string | null;
}

function parts(date: string): Parts {
  const [year = "", month, day] = date.split("-");
  return {
    year,
    month: month ? (MONTHS[Number(month) - 1] ?? month) : null,
    day: day ? String(Number(day)) : null,
  };
}

function whole(p: Parts): string {
  return [p.day, p.month, p.year].filter(Boolean).join(" ");
}

/**
 * A period written with dates as precise as their source, in words: "14–16 December 2015",
 * "30 September – 2 October 2015", "January–March 2017", "December 2015 – March 2016", "2016".
 */
export function periodLabel(start: string, end: string | null = null): string {
  const a = parts(start);
  if (end === null || end === start) return whole(a);
  const b = parts(end);
  const samePrecision =
    (a.day === null) === (b.day === null) && (a.month === null) === (b.month === null);
  if (samePrecision && a.year === b.year) {
    if (a.day !== null && a.month === b.month) return `${a.day}–${whole(b)}`;
    if (a.day !== null) return `${a.day} ${a.month} – ${whole(b)}`;
    if (a.month !== null) return `${a.month}–${whole(b)}`;
  }
  return `${whole(a)} – ${whole(b)}`;
}
