/** The JSON shape of a comparison, and its schema for the API description. */
import type { Response } from "express";
import { z } from "zod";
import { SourceLinkJson } from "../../http/schemas.js";
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

/** About this many characters go to the socket at a time. */
const CHUNK = 64 * 1024;

/**
 * Sends the comparison `stream` gives as the text `compareJson` would make of it whole, written a
 * few rows at a time as its batches are read: every country × every article is 15 MB of JSON at
 * 249 countries, and as one string, its bytes and the matrix it was made from, it was held whole
 * until the answer was sent. The rows come first, what they say of each country after them. A
 * client that reads slowly is waited for (`drain`); one that goes away ends the writing.
 */
export async function sendCompareJson(
  res: Response,
  selection: CompareSelection,
  stream: Pick<CompareStream, "rows" | "summary">,
): Promise<void> {
  const batches = stream.rows();
  try {
    // The first batch is read before anything is sent, so that an engine that cannot answer
    // gets its own error and status; a failure later can only cut the answer short.
    const first = await batches.next();
    res.status(200).type("application/json");
    const head = JSON.stringify(compareJson(selection, EMPTY));
    let pending = head.slice(0, head.indexOf('"rows":[') + '"rows":['.length);
    let written = 0;
    // Settles once the last write has been handed to the socket (or the client has gone).
    let flushed: Promise<unknown> = Promise.resolve();
    // One listener for the whole answer, not one per write (hundreds at 249 countries).
    const closed = new Promise((resolve) => res.once("close", resolve));
    // What is made is sent when it reaches CHUNK, and at the end of each batch: the next one
    // may take a while to come. False when the client has gone.
    const send = async (): Promise<boolean> => {
      let more = true;
      flushed = Promise.race([
        new Promise((resolve) => (more = res.write(pending, resolve))),
        closed,
      ]);
      pending = "";
      return more || (await drained(res));
    };
    try {
      for (let next = first; !next.done; next = await batches.next()) {
        for (const row of next.value) {
          pending += (written++ === 0 ? "" : ",") + JSON.stringify(rowJson(row));
          if (pending.length >= CHUNK && !(await send())) return;
        }
        if (pending.length > 0 && !(await send())) return;
      }
    } catch (error) {
      // The error handler cuts the answer short: what was written reaches the client first
      // (closed at once, the socket could drop what Node.js had not yet handed to it).
      await flushed;
      throw error;
    }
    const { countries, hiddenRows } = stream.summary();
    const tail = JSON.stringify(compareJson(selection, { ...EMPTY, countries, hiddenRows }));
    res.end(pending + tail.slice(tail.indexOf('"rows":[]') + '"rows":['.length));
  } finally {
    // Stops reading ahead when the client has gone or a batch failed.
    await batches.return(undefined);
  }
}

const EMPTY: CompareModel = {
  countries: [],
  notes: [],
  asOf: null,
  rows: [],
  totalRows: 0,
  hiddenRows: 0,
};

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
