/**
 * Validators shared by every route: country codes and article numbers are checked against the
 * catalog (what the published corpus holds, not a number typed into the code), dates against
 * the calendar. Each refusal names the parameter and the bad value.
 */
import { z } from "zod";
import { InvalidQueryError } from "../errors.js";
import { catalogIndex, type Catalog } from "../search/catalog.js";

/** A country code as typed in a query: two letters, any case. */
export const CountryParam = z
  .string()
  .max(10)
  .describe("ISO 3166-1 alpha-2 code of a country in the knowledge base, e.g. GE.");

/** An article number as typed in a query. */
export const ArticleParam = z
  .string()
  .max(10)
  .describe("A Budapest Convention article number, e.g. 29.");

/** A date as typed in a query. */
export const DateParam = z.string().max(40).describe("A date written YYYY-MM-DD.");

/** The codes, upper-cased and checked against the catalog; the first unknown one is a 400. */
export function knownCountries(
  values: readonly string[],
  catalog: Catalog,
  field: string,
): string[] {
  const known = catalogIndex(catalog).country;
  const out: string[] = [];
  for (const raw of values) {
    const code = raw.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !known.has(code)) {
      throw new InvalidQueryError(
        `unknown country \`${raw.slice(0, 20)}\` (known: ${[...known.keys()].join(", ")})`,
        { field, value: raw },
      );
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/** The number of articles of the primary instrument (the Convention), from the catalog. */
export function articleCount(catalog: Catalog): number {
  return catalog.articleCount;
}

/** One article number, checked against the Convention's range. */
export function knownArticle(raw: string | number, catalog: Catalog, field: string): number {
  const text = String(raw).trim();
  const n = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  const max = articleCount(catalog);
  if (Number.isNaN(n))
    throw new InvalidQueryError(
      `malformed article or range \`${text.slice(0, 20)}\` (write 29 or 29-35)`,
      { field, value: text },
    );
  if (n < 1 || n > max)
    throw new InvalidQueryError(`article ${n} is outside the Convention's 1–${max}`, {
      field,
      value: text,
    });
  return n;
}

/** Article numbers and ranges (`29`, `29-31`), checked and expanded, in order, without repeats. */
export function knownArticles(
  values: readonly string[],
  catalog: Catalog,
  field: string,
): number[] {
  const out = new Set<number>();
  for (const token of values) {
    const range = /^\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*$/.exec(token);
    if (!range) {
      out.add(knownArticle(token, catalog, field));
      continue;
    }
    const from = knownArticle(range[1] ?? "", catalog, field);
    const to = knownArticle(range[2] ?? "", catalog, field);
    if (to < from)
      throw new InvalidQueryError(`the range \`${token.trim()}\` runs backwards`, {
        field,
        value: token,
      });
    for (let n = from; n <= to; n++) out.add(n);
  }
  return [...out];
}

/** A real calendar date written YYYY-MM-DD (zod's ISO date checks months and leap years). */
export const CalendarDateSchema = z.iso.date({ error: "expected a real date written YYYY-MM-DD" });

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  return CalendarDateSchema.safeParse(value).success;
}

/** A date parameter, or a 400 saying whether the form or the day is wrong. */
export function calendarDate(value: string, field: string): string {
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new InvalidQueryError(
      `\`${field}\`: \`${text.slice(0, 40)}\` is not a date written YYYY-MM-DD`,
      { field, value: text },
    );
  if (!isCalendarDate(text))
    throw new InvalidQueryError(`\`${field}\`: ${text} is not a real calendar date`, {
      field,
      value: text,
    });
  return text;
}
