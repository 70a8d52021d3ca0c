/** The JSON shape of a comparison, and its schema for the API description. */
import type { Response } from "express";
import { z } from "zod";
import { SourceLinkJson } from "../../http/schemas.js";
import type { CompareModel } from "./model.js";
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
  countries: z.array(
    z.strictObject({
      code: z.string(),
      name: z.string(),
      party: z.boolean(),
      counts: z.array(z.strictObject({ status: z.string(), label: z.string(), count: z.number() })),
    }),
  ),
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
    countries: model.countries,
    rows: model.rows.map(rowJson),
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

/** About this many characters go to the socket at a time. */
const CHUNK = 64 * 1024;

/**
 * Sends `compareJson(selection, model)` as the same text, written a few rows at a time. Every
 * country × every article is 15 MB of JSON at 249 countries: as one string, its bytes and the
 * copy of the matrix made for it, that was held beside the matrix until the answer was sent. A
 * client that reads slowly is waited for (`drain`); one that goes away ends the writing.
 */
export async function sendCompareJson(
  res: Response,
  selection: CompareSelection,
  model: CompareModel,
): Promise<void> {
  // The object without its rows gives the text before and after them.
  const frame = JSON.stringify(compareJson(selection, { ...model, rows: [] }));
  const at = frame.lastIndexOf('"rows":[]') + '"rows":['.length;
  res.status(200).type("application/json");
  let pending = frame.slice(0, at);
  for (const [i, row] of model.rows.entries()) {
    pending += (i === 0 ? "" : ",") + JSON.stringify(rowJson(row));
    if (pending.length < CHUNK) continue;
    const more = res.write(pending);
    pending = "";
    if (!more && !(await drained(res))) return;
  }
  res.end(pending + frame.slice(at));
}

/** Waits for the response to take more; false when the client has gone. */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
