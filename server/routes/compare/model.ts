/** The comparison matrix: one row per article, one cell per country, read from the index. */
import type { Catalog } from "../../search/catalog.js";
import { compareRecords, type CompareAnalysis } from "../../search/records.js";
import { STATUS_LABELS } from "../../views.js";
import type { RouteDeps } from "../deps.js";
import type { CompareSelection } from "./schema.js";

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
  deps: Pick<RouteDeps, "reader">,
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
  const byKey = new Map<string, CompareAnalysis>(
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

export type CompareModel = Awaited<ReturnType<typeof compareModel>>;
