/** The selection of a comparison: countries and articles, from parameters checked against the catalog. */
import { z } from "zod";
import { InvalidQueryError } from "../../errors.js";
import {
  ArticleParam,
  CountryParam,
  knownArticles,
  knownCountries,
} from "../../http/validators.js";
import type { Catalog } from "../../search/catalog.js";

export const MAX_ITEMS = 100;

export const CompareParamsShape = {
  countries: z.array(CountryParam).default([]).describe("Country codes; default: every country."),
  articles: z
    .array(ArticleParam)
    .default([])
    .describe("Article numbers and ranges, e.g. 29-35; default: Chapter III."),
  chapter: z.array(z.string().max(10)).default([]).describe("Add a chapter's articles, e.g. III."),
  section: z
    .array(z.string().max(10))
    .default([])
    .describe("Add a section's articles, e.g. III.2."),
  diff: z
    .enum(["0", "1"], { error: "expected 0 or 1" })
    .optional()
    .describe("1: only rows where countries differ."),
};
export const COMPARE_MULTI = ["countries", "articles", "chapter", "section"] as const;
export type CompareParams = z.infer<z.ZodObject<typeof CompareParamsShape>>;

export interface CompareSelection {
  countries: string[];
  articles: number[];
  diff: boolean;
}

/** The selection, every value checked against the catalog; defaults to Chapter III. */
export function compareSelection(params: CompareParams, catalog: Catalog): CompareSelection {
  const countries = knownCountries(params.countries, catalog, "countries");
  const articles = new Set<number>(knownArticles(params.articles, catalog, "articles"));
  for (const chapter of params.chapter) {
    const inChapter = catalog.articles.filter((a) => a.place?.chapter === chapter.toUpperCase());
    if (inChapter.length === 0)
      throw new InvalidQueryError(`unknown chapter \`${chapter.slice(0, 10)}\``, {
        field: "chapter",
        value: chapter,
      });
    for (const a of inChapter) articles.add(a.number);
  }
  for (const section of params.section) {
    const [chapter, number] = section.toUpperCase().split(".");
    const inSection = catalog.articles.filter(
      (a) => a.place?.chapter === chapter && String(a.place?.section) === number,
    );
    if (inSection.length === 0)
      throw new InvalidQueryError(
        `unknown section \`${section.slice(0, 10)}\` (write e.g. III.2)`,
        { field: "section", value: section },
      );
    for (const a of inSection) articles.add(a.number);
  }
  const noArticles =
    params.articles.length === 0 && params.chapter.length === 0 && params.section.length === 0;
  return {
    countries: countries.length > 0 ? countries : catalog.countries.map((c) => c.code),
    articles: noArticles
      ? catalog.articles.filter((a) => a.place?.chapter === "III").map((a) => a.number)
      : [...articles].sort((a, b) => a - b),
    diff: params.diff === "1",
  };
}

/** `23-35,40`: the shortest way to write a set of article numbers. */
export function compactArticles(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] ?? 0) + 1) j++;
    parts.push(i === j ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The canonical query string of a selection. */
export function selectionQuery(selection: CompareSelection): string {
  const params = new URLSearchParams({
    countries: selection.countries.join(","),
    articles: compactArticles(selection.articles),
  });
  if (selection.diff) params.set("diff", "1");
  return params.toString().replace(/%2C/g, ",");
}
