/** The JSON shape of a comparison, and its schema for the API description. */
import type { Response } from "express";
import { z } from "zod";
import { SourceLinkJson } from "../../http/schemas.js";
import { sendInBatches } from "../../http/stream.js";
import type { CompareModel, CompareStream } from "./model.js";
import type { CompareSelection } from "./schema.js";

const CellStatus = z
  .string()
  .describe(
    "An assessment status; not-analysed when the country has no section; restricted when it has one the caller may not read.",
  );

export const CompareJson = z.strictObject({
  selection: z.strictObject({
    countries: z.array(z.string()),
    articles: z.array(z.number()),
    diff: z.boolean(),
  }),
  rows: z.array(
    z.strictObject({
      article: z.number(),
      title: z.string(),
      summary: z.string(),
      url: z.string(),
      differs: z.boolean().describe("The countries' statuses are not all the same."),
      cells: z.array(
        z.strictObject({
          country: z.string(),
          status: CellStatus,
          provisions: z.array(z.string()),
          summary: z.string(),
          asOf: z.string().nullable(),
          url: z.string().nullable(),
          sources: z.array(SourceLinkJson),
        }),
      ),
    }),
  ),
  countries: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      party: z.boolean(),
      counts: z.array(z.strictObject({ status: z.string(), label: z.string(), count: z.number() })),
    }),
  ),
  hiddenRows: z.number().describe("Rows left out by diff=1."),
});

/** The JSON of a comparison (the CSV and the page show the same). */
export function compareJson(
  selection: CompareSelection,
  model: CompareModel,
): z.infer<typeof CompareJson> {
  return {
    selection: {
      countries: selection.countries,
      articles: selection.articles,
      diff: selection.diff,
    },
    rows: model.rows.map(rowJson),
    countries: model.countries,
    hiddenRows: model.hiddenRows,
  };
}

function rowJson(r: CompareModel["rows"][number]): z.infer<typeof CompareJson>["rows"][number] {
  return {
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
  };
}

/**
 * Sends the comparison `stream` gives as the text `compareJson` would make of it whole, written a
 * few rows at a time as its batches are read (see `sendInBatches`). The rows come first, what
 * they say of each country after them.
 */
export async function sendCompareJson(
  res: Response,
  selection: CompareSelection,
  stream: Pick<CompareStream, "rows" | "summary">,
): Promise<void> {
  let written = 0;
  await sendInBatches(res, stream.rows(), {
    start() {
      res.status(200).type("application/json");
      const head = JSON.stringify(compareJson(selection, EMPTY));
      return head.slice(0, head.indexOf('"rows":[') + '"rows":['.length);
    },
    *pieces(rows) {
      for (const row of rows) yield (written++ === 0 ? "" : ",") + JSON.stringify(rowJson(row));
    },
    end() {
      const { countries, hiddenRows } = stream.summary();
      const tail = JSON.stringify(compareJson(selection, { ...EMPTY, countries, hiddenRows }));
      return tail.slice(tail.indexOf('"rows":[]') + '"rows":['.length);
    },
  });
}

const EMPTY: CompareModel = {
  countries: [],
  notes: [],
  asOf: null,
  rows: [],
  totalRows: 0,
  hiddenRows: 0,
};
