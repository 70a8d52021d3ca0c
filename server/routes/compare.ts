/**
 * `/compare` (matrix of Convention articles × countries), `/api/compare` (the same as JSON) and
 * `/compare.csv` (one row per article × country). The data comes from the index, fetched by
 * filter; any number of countries and articles works.
 */
import { Router, type Request } from "express";
import { z } from "zod";
import { InvalidQueryError } from "../errors.js";
import { sendCsv } from "../http/csv.js";
import type { Catalog } from "../search/catalog.js";
import { compareRecords, type AnalysisRecord } from "../search/records.js";
import { STATUS_LABELS } from "../views.js";
import type { RouteDeps } from "./deps.js";
import { readParams } from "./params.js";

const MAX_ITEMS = 100;

const CompareParamsShape = {
  countries: z.array(z.string()).default([]),
  articles: z.array(z.string()).default([]),
  chapter: z.array(z.string()).default([]),
  section: z.array(z.string()).default([]),
  diff: z.enum(["0", "1"], { error: "expected 0 or 1" }).optional(),
};

export interface CompareSelection {
  countries: string[];
  articles: number[];
  diff: boolean;
}

/** Reads the selection, checking every value against the catalog; defaults to Chapter III. */
export function readSelection(query: unknown, catalog: Catalog): CompareSelection {
  const params = readParams(query, CompareParamsShape, {
    multi: ["countries", "articles", "chapter", "section"],
    commaLists: true,
    maxItems: MAX_ITEMS,
  });
  const known = new Set(catalog.countries.map((c) => c.code));
  const countries: string[] = [];
  for (const raw of params.countries) {
    const code = raw.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !known.has(code)) {
      throw new InvalidQueryError(
        `unknown country \`${raw.slice(0, 20)}\` (known: ${[...known].join(", ")})`,
        { field: "countries", value: raw },
      );
    }
    if (!countries.includes(code)) countries.push(code);
  }

  const articles = new Set<number>();
  for (const token of params.articles) {
    const match = /^(\d{1,3})(?:\s*-\s*(\d{1,3}))?$/.exec(token);
    if (!match)
      throw new InvalidQueryError(
        `malformed article or range \`${token.slice(0, 20)}\` (write 29 or 29-35)`,
        { field: "articles", value: token },
      );
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (const n of [from, to]) {
      if (n < 1 || n > 48)
        throw new InvalidQueryError(`article ${n} is outside the Convention's 1–48`, {
          field: "articles",
          value: String(n),
        });
    }
    if (to < from)
      throw new InvalidQueryError(`the range \`${token}\` runs backwards`, {
        field: "articles",
        value: token,
      });
    for (let n = from; n <= to; n++) articles.add(n);
  }
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

export interface CompareCell {
  country: string;
  countryName: string;
  analysed: boolean;
  status: string;
  statusLabel: string;
  benchmark: boolean;
  provisions: string[];
  summary: string;
  analysis: string;
  asOf: string | null;
  url: string;
  sources: { title: string; url: string }[];
}

/** Builds the matrix: one row per article, one cell per country. */
export async function compareModel(
  deps: RouteDeps,
  catalog: Catalog,
  selection: CompareSelection,
  withText = false,
) {
  const { articles, analyses } = await compareRecords(
    deps.reader,
    selection.countries,
    selection.articles,
    withText,
  );
  const byKey = new Map<string, AnalysisRecord>(
    analyses.map((a) => [`${a.country}:${a.data.article}`, a]),
  );
  const countries = selection.countries.map(
    (code) =>
      catalog.countries.find((c) => c.code === code) ?? {
        code,
        name: code,
        party: true,
        aliases: [],
        asOf: null,
      },
  );
  const rows = articles.map((article) => {
    const number = article.data.number;
    const cells: CompareCell[] = countries.map((country) => {
      const a = byKey.get(`${country.code}:${number}`);
      if (!a) {
        return {
          country: country.code,
          countryName: country.name,
          analysed: false,
          status: "not-analysed",
          statusLabel: "Not analysed",
          benchmark: false,
          provisions: [],
          summary: "",
          analysis: "",
          asOf: null,
          url: `/countries/${country.code}`,
          sources: [],
        };
      }
      const status = a.status ?? "unknown";
      return {
        country: country.code,
        countryName: country.name,
        analysed: true,
        status,
        statusLabel: STATUS_LABELS[status] ?? status,
        benchmark: !a.data.party,
        provisions: a.provisions,
        summary: a.summary,
        analysis: a.text ?? "",
        asOf: a.date,
        url: a.url,
        sources: a.sources.map((s) => ({ title: s.title, url: s.url })),
      };
    });
    const differs = new Set(cells.map((c) => c.status)).size > 1;
    return {
      number,
      title: article.data.articleTitle ?? `Article ${number}`,
      summary: firstSentence(article.summary),
      url: article.url,
      chapter: article.data.place?.chapter ?? null,
      differs,
      cells,
    };
  });
  const shown = selection.diff ? rows.filter((r) => r.differs) : rows;
  const statuses = [
    "implemented",
    "partial",
    "not-implemented",
    "not-applicable",
    "unknown",
    "not-analysed",
  ];
  const summary = countries.map((country, i) => ({
    code: country.code,
    name: country.name,
    party: country.party,
    counts: statuses.map((status) => ({
      status,
      label: status === "not-analysed" ? "Not analysed" : (STATUS_LABELS[status] ?? status),
      count: rows.filter((r) => r.cells[i]?.status === status).length,
    })),
  }));
  return {
    countries: summary,
    rows: shown,
    totalRows: rows.length,
    hiddenRows: rows.length - shown.length,
  };
}

function firstSentence(text: string): string {
  const match = /^(.+?[.;])(\s|$)/.exec(text);
  return (match?.[1] ?? text).trim();
}

/** The pickers: every country, and every article grouped by chapter and section. */
function pickers(catalog: Catalog, selection: CompareSelection) {
  const chapters: {
    label: string;
    chapter: string;
    sections: {
      label: string;
      key: string | null;
      articles: { number: number; title: string; checked: boolean }[];
    }[];
  }[] = [];
  for (const a of catalog.articles) {
    const chapterKey = a.place?.chapter ?? "";
    let chapter = chapters.find((c) => c.chapter === chapterKey);
    if (!chapter) {
      chapter = {
        label: a.place ? `Chapter ${a.place.chapter} – ${a.place.chapterHeading}` : "Articles",
        chapter: chapterKey,
        sections: [],
      };
      chapters.push(chapter);
    }
    const sectionKey = a.place?.section ? `${chapterKey}.${a.place.section}` : null;
    let section = chapter.sections.find((s) => s.key === sectionKey);
    if (!section) {
      section = {
        label: a.place?.sectionHeading
          ? `Section ${a.place.section} – ${a.place.sectionHeading}`
          : "",
        key: sectionKey,
        articles: [],
      };
      chapter.sections.push(section);
    }
    section.articles.push({
      number: a.number,
      title: a.title,
      checked: selection.articles.includes(a.number),
    });
  }
  const countries = selection.countries.join(",");
  const quick = [
    {
      label: "Chapter III – international co-operation (23–35)",
      query: `countries=${countries}&chapter=III`,
    },
    {
      label: "Mutual assistance, specific provisions (29–35)",
      query: `countries=${countries}&section=III.2`,
    },
    { label: "Procedural law (14–21)", query: `countries=${countries}&section=II.2` },
    { label: "Everything analysed (14–35)", query: `countries=${countries}&articles=14-35` },
  ];
  return {
    countries: catalog.countries.map((c) => ({
      code: c.code,
      name: c.name,
      checked: selection.countries.includes(c.code),
    })),
    chapters,
    quick: quick.map((q) => ({ label: q.label, url: `/compare?${q.query}` })),
  };
}

/** The JSON shape of a comparison (also what the CSV and the page show). */
function compareJson(selection: CompareSelection, model: Awaited<ReturnType<typeof compareModel>>) {
  return {
    selection: {
      countries: selection.countries,
      articles: selection.articles,
      diff: selection.diff,
    },
    countries: model.countries,
    rows: model.rows.map((r) => ({
      article: r.number,
      title: r.title,
      summary: r.summary,
      url: r.url,
      differs: r.differs,
      cells: r.cells.map((c) => ({
        country: c.country,
        status: c.status,
        provisions: c.provisions,
        summary: c.summary,
        asOf: c.asOf,
        url: c.analysed ? c.url : null,
        sources: c.sources,
      })),
    })),
    hiddenRows: model.hiddenRows,
  };
}

export const CSV_COLUMNS = [
  "country",
  "country_name",
  "article",
  "title",
  "status",
  "provisions",
  "analysis",
  "as_of",
  "sources",
  "url",
] as const;

export function compareRoutes(deps: RouteDeps): Router {
  const router = Router();
  const load = async (req: Request, withText = false) => {
    const catalog = await deps.catalog.get();
    const selection = readSelection(req.query, catalog);
    return { catalog, selection, model: await compareModel(deps, catalog, selection, withText) };
  };
  const origin = (req: Request) => `${req.protocol}://${req.get("host") ?? "localhost"}`;

  router.get("/api/compare", async (req, res) => {
    const { selection, model } = await load(req);
    res.json(compareJson(selection, model));
  });

  router.get("/compare.csv", async (req, res) => {
    const { selection, model } = await load(req, true);
    const base = origin(req);
    const records = model.rows.flatMap((row) =>
      row.cells.map((c) => [
        c.country,
        c.countryName,
        row.number,
        row.title,
        c.analysed ? c.status : "not analysed",
        c.provisions.join("; "),
        c.analysis,
        c.asOf ?? "",
        c.sources.map((s) => `${s.title} <${s.url}>`).join("; "),
        c.analysed ? `${base}${c.url}` : "",
      ]),
    );
    sendCsv(
      res,
      `compare-${selection.countries.join("-")}-articles-${compactArticles(selection.articles)}.csv`,
      CSV_COLUMNS,
      records,
    );
  });

  router.get("/compare", async (req, res) => {
    const { catalog, selection, model } = await load(req);
    const query = selectionQuery(selection);
    res.send(
      deps.render(req, "compare", {
        page: {
          title: "Compare countries",
          nav: "compare",
          jsonUrl: `/api/compare?${query}`,
          bodyClass: "compare-page",
        },
        ...model,
        selection,
        columnCount: model.countries.length + 1,
        csvUrl: `/compare.csv?${query}`,
        diffUrl: `/compare?${selectionQuery({ ...selection, diff: !selection.diff })}`,
        pickers: pickers(catalog, selection),
        articlesLabel: compactArticles(selection.articles).replace(/,/g, ", "),
      }),
    );
  });
  return router;
}
