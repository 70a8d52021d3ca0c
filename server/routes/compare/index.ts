/**
 * `/compare` (matrix of Convention articles × countries), `/api/compare` (the same as JSON) and
 * `/compare.csv` (one row per article × country). The data comes from the index, fetched by
 * filter; any number of countries and articles works.
 */
import type { Request } from "express";
import { z } from "zod";
import { route, type RouteSpec } from "../../http/routes.js";
import { tr } from "../../i18n.js";
import type { RouteDeps } from "../deps.js";
import { AtShape, readAt } from "../point-in-time.js";
import { sendCompareCsv } from "./csv.js";
import { CompareJson, sendCompareJson } from "./json.js";
import { compareModel, compareStream, type CompareModel } from "./model.js";
import {
  COMPARE_MULTI,
  CompareParamsShape,
  MAX_ITEMS,
  compactArticles,
  compareSelection,
  selectionQuery,
  type CompareParams,
  type CompareSelection,
} from "./schema.js";
import { handoutCss, pickers } from "./view-model.js";
import { createLimit } from "../../http/limit.js";
import { currentScope } from "../../search/access.js";
import type { Catalog } from "../../search/catalog.js";

const PickParam = z
  .enum(["1"], { error: "expected 1" })
  .optional()
  .describe("1: show the picker open.");

export { compactArticles, compareSelection, selectionQuery } from "./schema.js";

/** A comparison of more cells than this waits for its turn (see createLimit). */
const LARGE_COMPARISON = 1_000;

/** What a handout's running head says of the matrix. */
interface Head {
  countries: string[];
  asOf: CompareModel["asOf"];
}

/** The running heads of the comparison pages shown last, kept for their handouts (see heads). */
const HEADS_KEPT = 64;

export function compareRoutes(deps: RouteDeps): RouteSpec[] {
  const large = createLimit(2);
  /**
   * The browser fetches the handout's stylesheet with every comparison page, and reading the
   * matrix again for its running head made a page of every country cost two comparisons. What
   * the page showed is kept for it: by the caller's scope, the point in time, the corpus (its
   * fingerprint, so a publication makes another key) and the selection, the last HEADS_KEPT.
   */
  const heads = new Map<string, Head>();
  const headKey = (catalog: Catalog, selection: CompareSelection, day: string | undefined) =>
    catalog.fingerprint
      ? [currentScope().key, day ?? "", catalog.fingerprint, selectionQuery(selection)].join(" ")
      : null;
  const keep = (key: string | null, head: Head) => {
    if (key === null) return;
    heads.delete(key);
    heads.set(key, head);
    for (const oldest of heads.keys()) {
      if (heads.size <= HEADS_KEPT) break;
      heads.delete(oldest);
    }
  };
  /** The point in time and selection a request asks for. */
  const select = async (req: Request, params: CompareParams & { at?: string | undefined }) => {
    const { deps: at, banner } = await readAt(deps, req, params.at);
    const catalog = await at.catalog.get();
    const selection = compareSelection(params, catalog);
    const cells = selection.countries.length * selection.articles.length;
    // A comparison of many cells waits for its turn (see createLimit) while it is built and sent.
    const turn = <T>(work: () => Promise<T>) => (cells > LARGE_COMPARISON ? large(work) : work());
    return { at, banner, catalog, selection, turn };
  };
  /** The whole matrix, for the page, with its findings in full. */
  const load = async (req: Request, params: CompareParams & { at?: string | undefined }) => {
    const { at, banner, catalog, selection, turn } = await select(req, params);
    const model = await turn(() =>
      compareModel(at, catalog, selection, "page", deps.compareBatchCells),
    );
    return { catalog, selection, model, banner };
  };
  const common = {
    query: { ...CompareParamsShape, ...AtShape },
    multi: COMPARE_MULTI,
    commaLists: true,
    maxItems: MAX_ITEMS,
  } as const;
  return [
    route({
      ...common,
      path: "/api/compare",
      doc: {
        tag: "compare",
        summary: "Articles × countries matrix",
        response: CompareJson,
      },
      async handle(req, res, params) {
        // Written as it is read, a batch of articles at a time.
        const { at, catalog, selection, turn } = await select(req, params);
        await turn(async () =>
          sendCompareJson(
            res,
            selection,
            await compareStream(at, catalog, selection, "matrix", deps.compareBatchCells),
          ),
        );
      },
    }),
    route({
      ...common,
      path: "/compare.csv",
      doc: {
        tag: "compare",
        summary: "The matrix as CSV: one row per article × country, with the full analysis",
        response: z.string(),
        produces: "text/csv",
      },
      async handle(req, res, params) {
        // Written as it is read, like the JSON.
        const { at, catalog, selection, turn } = await select(req, params);
        await turn(async () =>
          sendCompareCsv(
            res,
            selection,
            await compareStream(at, catalog, selection, "csv", deps.compareBatchCells),
            deps.siteUrl(req),
          ),
        );
      },
    }),
    route({
      ...common,
      path: "/compare/handout.css",
      async handle(req, res, params) {
        const { at, catalog, selection, banner, turn } = await select(req, params);
        const key = headKey(catalog, selection, banner?.day);
        // What the page showed; else, what the matrix says of its countries and dates, its rows
        // read and let go a batch at a time.
        const head =
          (key !== null ? heads.get(key) : undefined) ??
          (await turn(async () => {
            const stream = await compareStream(
              at,
              catalog,
              selection,
              "matrix",
              deps.compareBatchCells,
            );
            for await (const rows of stream.rows()) void rows;
            const { countries, asOf } = stream.summary();
            const made = { countries: countries.map((c) => c.name), asOf };
            keep(key, made);
            return made;
          }));
        const suffix = banner ? `&at=${banner.day}` : "";
        res.type("text/css");
        res.setHeader("Cache-Control", "no-cache");
        res.send(
          handoutCss(
            {
              articles: compactArticles(selection.articles).replace(/,/g, ", ").replace(/-/g, "–"),
              articleCount: selection.articles.length,
              countries: head.countries,
              asOf: head.asOf,
              url: `${deps.siteUrl(req)}/compare?${selectionQuery(selection)}${suffix}`,
              printed: deps.now().toISOString().slice(0, 10),
            },
            tr(req),
          ),
        );
      },
    }),
    route({
      ...common,
      // `pick=1` keeps the picker open after a quick choice made without JavaScript.
      query: { ...common.query, pick: PickParam },
      path: "/compare",
      async handle(req, res, { pick, ...params }) {
        const { catalog, selection, model, banner } = await load(req, params);
        keep(headKey(catalog, selection, banner?.day), {
          countries: model.countries.map((c) => c.name),
          asOf: model.asOf,
        });
        const query = `${selectionQuery(selection)}${banner ? `&at=${banner.day}` : ""}`;
        const { t, lang } = tr(req);
        res.send(
          deps.render(req, "compare", {
            page: {
              title: t("compare.title"),
              nav: "compare",
              jsonUrl: `/api/compare?${query}`,
              bodyClass: "compare-page",
              pointInTime: banner,
              // The running head is in the page's language, whatever the cookie says by then.
              printCss: `/compare/handout.css?${query}${lang === "en" ? "" : `&lang=${lang}`}`,
            },
            ...model,
            selection,
            columnCount: model.countries.length + 1,
            csvUrl: `/compare.csv?${query}`,
            diffUrl: `/compare?${selectionQuery({ ...selection, diff: !selection.diff })}${banner ? `&at=${banner.day}` : ""}`,
            pickers: pickers(catalog, selection),
            pickerOpen: pick === "1" || model.rows.length === 0,
            articlesLabel: compactArticles(selection.articles)
              .replace(/,/g, ", ")
              .replace(/-/g, "–"),
          }),
        );
      },
    }),
  ];
}
