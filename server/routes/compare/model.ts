/** The comparison matrix: one row per article, one cell per country, read from the index. */
import type { Catalog } from "../../search/catalog.js";
import { equals, quote } from "../../search/filters.js";
import { compareRecords, type CompareAnalysis, type CompareDetail } from "../../search/records.js";
import { STATUS_LABELS } from "../../views.js";
import type { RouteDeps } from "../deps.js";
import type { CompareSelection } from "./schema.js";

export interface CompareCell {
  country: string;
  countryName: string;
  analysed: boolean;
  /** A working group's section the caller may not read: shown as "restricted", nothing more. */
  restricted: boolean;
  status: string;
  statusLabel: string;
  benchmark: boolean;
  provisions: string[];
  summary: string;
  analysis: string;
  asOf: string | null;
  url: string;
  sources: { title: string; url: string }[];
  /** The analysis and its gaps as sanitized HTML (from the indexer), for the findings in full. */
  html: string;
  gapsHtml: string;
  /** What an unknown assessment lacks. */
  missingInfo: string | null;
  /** Numbers of this cell's sources in the comparison's list of notes. */
  notes: number[];
}

/** A source cited in the comparison, numbered in order of first citation. */
export interface CompareNote {
  n: number;
  title: string;
  publisher: string;
  url: string;
  seen: string;
}

/** Builds the matrix: one row per article, one cell per country. */
export async function compareModel(
  deps: Pick<RouteDeps, "reader">,
  catalog: Catalog,
  selection: CompareSelection,
  detail: CompareDetail = "matrix",
) {
  const [{ articles, analyses }, hidden] = await Promise.all([
    compareRecords(deps.reader, selection.countries, selection.articles, detail),
    restrictedAnalyses(deps.reader, selection.countries, selection.articles),
  ]);
  // Sources become numbered notes, once each, in the order the comparison first cites them: only
  // the page shows them (at 100 countries, making them was a tenth of the matrix's server CPU).
  const withNotes = detail === "page";
  const notes: CompareNote[] = [];
  const noteByUrl = new Map<string, Map<string, CompareNote>>();
  const noteFor = (s: CompareAnalysis["sources"][number]): number => {
    let byTitle = noteByUrl.get(s.url);
    if (!byTitle) noteByUrl.set(s.url, (byTitle = new Map()));
    const found = byTitle.get(s.title);
    if (found) return found.n;
    const note = {
      n: notes.length + 1,
      title: s.title,
      publisher: s.publisher ?? "",
      url: s.url,
      seen: s.seen ?? "unknown",
    };
    notes.push(note);
    byTitle.set(s.title, note);
    return note.n;
  };
  // By country, then article number: no key string to make and hash for each of 12,000 cells.
  const byPlace = new Map<string, Map<number, CompareAnalysis>>();
  for (const a of analyses) {
    const country = a.country ?? "";
    let byArticle = byPlace.get(country);
    if (!byArticle) byPlace.set(country, (byArticle = new Map()));
    byArticle.set(a.data.article, a);
  }
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
      const a = byPlace.get(country.code)?.get(number);
      if (!a) {
        // A section the caller may not read: it exists, and that is all the cell says.
        const restricted = hidden.has(`${country.code}:${number}`);
        return {
          country: country.code,
          countryName: country.name,
          analysed: false,
          restricted,
          status: restricted ? "restricted" : "not-analysed",
          statusLabel: restricted ? "Restricted" : "Not analysed",
          benchmark: false,
          provisions: [],
          summary: "",
          analysis: "",
          asOf: null,
          url: `/countries/${country.code}`,
          sources: [],
          html: "",
          gapsHtml: "",
          missingInfo: null,
          notes: [],
        };
      }
      const status = a.status ?? "unknown";
      return {
        country: country.code,
        countryName: country.name,
        analysed: true,
        restricted: false,
        status,
        statusLabel: STATUS_LABELS[status] ?? status,
        benchmark: !a.data.party,
        provisions: a.provisions,
        summary: a.summary,
        analysis: a.text ?? "",
        asOf: a.date,
        url: a.url,
        sources: a.sources.map((s) => ({ title: s.title, url: s.url })),
        html: a.html ?? "",
        gapsHtml: a.data.gapsHtml ?? "",
        missingInfo: a.data.missing ?? null,
        notes: withNotes ? a.sources.map((s) => noteFor(s)) : [],
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
    ...(hidden.size > 0 ? ["restricted"] : []),
    "not-analysed",
  ];
  // Each country's cells by status, and the span of the shown cells' dates, in one pass each.
  const counts = countries.map(() => new Map<string, number>());
  for (const row of rows)
    row.cells.forEach((cell, i) => {
      const count = counts[i];
      if (count) count.set(cell.status, (count.get(cell.status) ?? 0) + 1);
    });
  const summary = countries.map((country, i) => ({
    code: country.code,
    name: country.name,
    party: country.party,
    counts: statuses.map((status) => ({
      status,
      label:
        status === "not-analysed"
          ? "Not analysed"
          : status === "restricted"
            ? "Restricted"
            : (STATUS_LABELS[status] ?? status),
      count: counts[i]?.get(status) ?? 0,
    })),
  }));
  let from: string | null = null;
  let to: string | null = null;
  for (const row of shown)
    for (const { asOf } of row.cells) {
      if (asOf === null) continue;
      if (from === null || asOf < from) from = asOf;
      if (to === null || asOf > to) to = asOf;
    }
  return {
    countries: summary,
    // Only the notes the rows shown cite, renumbered in their order.
    notes: withNotes ? renumber(shown, notes) : [],
    asOf: from !== null && to !== null ? { from, to } : null,
    rows: shown,
    totalRows: rows.length,
    hiddenRows: rows.length - shown.length,
  };
}

/** Where the selection has sections the caller may not read, as `country:article` keys. */
async function restrictedAnalyses(
  reader: RouteDeps["reader"],
  countries: readonly string[],
  articles: readonly number[],
): Promise<Set<string>> {
  if (countries.length === 0 || articles.length === 0) return new Set();
  const places = await reader.restrictedPlaces([
    equals("kind", "analysis"),
    `countries IN [${countries.map((c) => quote(c)).join(", ")}]`,
    `articles IN [${articles.map((n) => quote(n)).join(", ")}]`,
  ]);
  return new Set(places.flatMap((p) => p.articles.map((n) => `${p.country ?? ""}:${n}`)));
}

/** Keeps the notes the shown rows cite and numbers them 1, 2, … in order of citation. */
function renumber(rows: { cells: CompareCell[] }[], notes: CompareNote[]): CompareNote[] {
  const map = new Map<number, number>();
  for (const row of rows)
    for (const cell of row.cells)
      for (const n of cell.notes) if (!map.has(n)) map.set(n, map.size + 1);
  for (const row of rows)
    for (const cell of row.cells) cell.notes = cell.notes.map((n) => map.get(n) ?? n);
  return notes
    .filter((note) => map.has(note.n))
    .map((note) => ({ ...note, n: map.get(note.n) ?? note.n }))
    .sort((a, b) => a.n - b.n);
}

function firstSentence(text: string): string {
  const match = /^(.+?[.;])(\s|$)/.exec(text);
  return (match?.[1] ?? text).trim();
}

export type CompareModel = Awaited<ReturnType<typeof compareModel>>;
