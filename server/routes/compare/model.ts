/** The comparison matrix: one row per article, one cell per country, read from the index. */
import type { Catalog } from "../../search/catalog.js";
import { equals, quote } from "../../search/filters.js";
import {
  compareAnalyses,
  compareArticles,
  type CompareAnalysis,
  type CompareDetail,
} from "../../search/records.js";
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

/** A row of the matrix: an article and its cell for each country. */
export interface CompareRow {
  number: number;
  title: string;
  summary: string;
  url: string;
  chapter: string | null;
  /** The countries' statuses are not all the same. */
  differs: boolean;
  cells: CompareCell[];
}

/** What the matrix says of each country: its cells counted by status. */
export interface CompareCountry {
  code: string;
  name: string;
  party: boolean;
  counts: { status: string; label: string; count: number }[];
}

/**
 * About this many cells are read from the engine and built at a time: the analyses of a batch of
 * articles for every country, one page of the engine's document reads. While a batch is built
 * and written, the next READ_AHEAD are being read, so that the engine and the server work at
 * once, and a comparison of every country holds a few batches, not the whole matrix (see
 * `compareStream`). Two ahead was faster than one, four, or the whole matrix read at once
 * (docs/performance.md).
 */
export const BATCH_CELLS = 1_000;
const READ_AHEAD = 2;

/**
 * The matrix as it is read: its rows a batch of articles at a time (those `diff` leaves out
 * already left out), then, once every row has been given, what the rows say of each country.
 * `detail` chooses the fields read: the JSON's (`matrix`), the page's or the CSV's.
 */
export async function compareStream(
  deps: Pick<RouteDeps, "reader">,
  catalog: Catalog,
  selection: CompareSelection,
  detail: CompareDetail = "matrix",
  batchCells = BATCH_CELLS,
) {
  const [articles, hidden] = await Promise.all([
    compareArticles(deps.reader, selection.articles),
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
  // Each country's cells by status, the span of the shown cells' dates and the rows counted, as
  // the rows are made.
  const counts = countries.map(() => new Map<string, number>());
  let from: string | null = null;
  let to: string | null = null;
  let totalRows = 0;
  let shownRows = 0;

  const build = (batch: typeof articles, analyses: CompareAnalysis[]): CompareRow[] => {
    // By country, then article number: no key string to make and hash for each of 12,000 cells.
    const byPlace = new Map<string, Map<number, CompareAnalysis>>();
    for (const a of analyses) {
      const country = a.country ?? "";
      let byArticle = byPlace.get(country);
      if (!byArticle) byPlace.set(country, (byArticle = new Map()));
      byArticle.set(a.data.article, a);
    }
    const shown: CompareRow[] = [];
    for (const article of batch) {
      const number = article.data.number;
      const cells = countries.map((country, i): CompareCell => {
        const a = byPlace.get(country.code)?.get(number);
        const cell = a
          ? analysedCell(country, a, withNotes ? a.sources.map((s) => noteFor(s)) : [])
          : emptyCell(country, hidden.has(`${country.code}:${number}`));
        const count = counts[i]!;
        count.set(cell.status, (count.get(cell.status) ?? 0) + 1);
        return cell;
      });
      totalRows += 1;
      const differs = new Set(cells.map((c) => c.status)).size > 1;
      if (selection.diff && !differs) continue;
      shownRows += 1;
      for (const { asOf } of cells) {
        if (asOf === null) continue;
        if (from === null || asOf < from) from = asOf;
        if (to === null || asOf > to) to = asOf;
      }
      shown.push({
        number,
        title: article.data.articleTitle ?? `Article ${number}`,
        summary: firstSentence(article.summary),
        url: article.url,
        chapter: article.data.place?.chapter ?? null,
        differs,
        cells,
      });
    }
    return shown;
  };

  const perBatch = Math.max(1, Math.floor(batchCells / Math.max(1, countries.length)));
  const batches: (typeof articles)[] = [];
  for (let i = 0; i < articles.length; i += perBatch) batches.push(articles.slice(i, i + perBatch));
  const read = (batch: typeof articles) => {
    const reading = compareAnalyses(
      deps.reader,
      selection.countries,
      batch.map((a) => a.data.number),
      detail,
    );
    // A batch read ahead may fail after its reader stopped asking (a client gone, an error
    // before it): that must not be an unhandled rejection.
    reading.catch(() => {});
    return reading;
  };

  async function* rows(): AsyncGenerator<CompareRow[]> {
    const reading = new Map(batches.slice(0, READ_AHEAD + 1).map((b, i) => [i, read(b)]));
    for (const [i, batch] of batches.entries()) {
      const analyses = await reading.get(i)!;
      reading.delete(i);
      const following = batches[i + READ_AHEAD + 1];
      if (following) reading.set(i + READ_AHEAD + 1, read(following));
      yield build(batch, analyses);
    }
  }

  const statuses = () => [
    "implemented",
    "partial",
    "not-implemented",
    "not-applicable",
    "unknown",
    ...(hidden.size > 0 ? ["restricted"] : []),
    "not-analysed",
  ];
  return {
    rows,
    /** What the rows say of each country: only once every row has been given. */
    summary: () => ({
      countries: countries.map((country, i): CompareCountry => ({
        code: country.code,
        name: country.name,
        party: country.party,
        counts: statuses().map((status) => ({
          status,
          label:
            status === "not-analysed"
              ? "Not analysed"
              : status === "restricted"
                ? "Restricted"
                : (STATUS_LABELS[status] ?? status),
          count: counts[i]?.get(status) ?? 0,
        })),
      })),
      asOf: from !== null && to !== null ? { from, to } : null,
      totalRows,
      hiddenRows: totalRows - shownRows,
      notes,
    }),
  };
}

export type CompareStream = Awaited<ReturnType<typeof compareStream>>;

/** Builds the whole matrix: one row per article, one cell per country (the page). */
export async function compareModel(
  deps: Pick<RouteDeps, "reader">,
  catalog: Catalog,
  selection: CompareSelection,
  detail: CompareDetail = "matrix",
  batchCells = BATCH_CELLS,
) {
  const stream = await compareStream(deps, catalog, selection, detail, batchCells);
  const rows: CompareRow[] = [];
  for await (const batch of stream.rows()) rows.push(...batch);
  const { countries, asOf, totalRows, hiddenRows, notes } = stream.summary();
  return {
    countries,
    // Only the notes the rows shown cite, renumbered in their order.
    notes: detail === "page" ? renumber(rows, notes) : [],
    asOf,
    rows,
    totalRows,
    hiddenRows,
  };
}

type CatalogCountry = Pick<Catalog["countries"][number], "code" | "name">;

/** A country's cell with its analysis. */
function analysedCell(country: CatalogCountry, a: CompareAnalysis, notes: number[]): CompareCell {
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
    notes,
  };
}

/**
 * A country's cell without an analysis: none written, or one the caller may not read — it
 * exists, and that is all the cell says.
 */
function emptyCell(country: CatalogCountry, restricted: boolean): CompareCell {
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
