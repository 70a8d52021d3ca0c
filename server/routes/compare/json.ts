/** The JSON shape of a comparison, and its schema for the API description. */
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
