/**
 * `/search` (HTML) and `/api/search` (JSON): the same parameters, the same data. All state is in
 * the URL so a search can be shared. `/api/suggest`: what the search box offers as one types.
 */

const SuggestJson = z.strictObject({
  query: z.string(),
  suggestions: z.array(
    z.strictObject({
      value: z.string().describe("What to search for: `Article 29`, `Georgia`, `quick freeze`."),
      label: z.string().describe("What it stands for, in English."),
      kind: z.enum(["article", "country", "term"]),
    }),
  ),
});
import { z } from "zod";
import { route, type RouteSpec } from "../../http/routes.js";
import { tr } from "../../i18n.js";
import { search } from "../../search/search.js";
import { suggestQueries } from "../../search/suggest.js";
import type { RouteDeps } from "../deps.js";
import { searchJson, SearchJson } from "./json.js";
import { SEARCH_MULTI, SearchParamsShape, searchRequest, type SearchParams } from "./schema.js";
import { searchUrl } from "./urls.js";
import { pageModel } from "./view-model.js";

export function searchRoutes(deps: RouteDeps): RouteSpec[] {
  const run = async (params: SearchParams) => {
    const catalog = await deps.catalog.get();
    const request = searchRequest(params, catalog);
    const outcome = await search(deps.reader, catalog, request);
    return { catalog, request, outcome };
  };
  const common = { query: SearchParamsShape, multi: SEARCH_MULTI, maxItems: 50 } as const;
  return [
    route({
      path: "/api/suggest",
      query: { q: z.string().max(100).default("").describe("What has been typed so far.") },
      doc: {
        tag: "search",
        summary: "Suggestions for the search box as one types",
        description:
          "The article a number names, then countries (by any of their names), thesaurus terms in every language and articles whose titles have a word starting with `q`; at most eight, none for fewer than two characters. From the catalog's public reference data only.",
        response: SuggestJson,
      },
      async handle(_req, res, params) {
        const catalog = await deps.catalog.get();
        res.json({
          query: params.q,
          suggestions: suggestQueries(params.q, catalog),
        } satisfies z.infer<typeof SuggestJson>);
      },
    }),
    route({
      ...common,
      path: "/api/search",
      doc: {
        tag: "search",
        summary: "Faceted full-text search",
        description:
          "Article references and country names in `q` become filters, reported in `applied` with `fromQuery: true`; the rest of `q` is searched as text. Facet counts are disjunctive: a facet with a selection keeps the counts of its other values.",
        response: SearchJson,
      },
      async handle(_req, res, params) {
        const { outcome } = await run(params);
        res.json(searchJson(outcome));
      },
    }),
    route({
      ...common,
      path: "/search",
      async handle(req, res, params) {
        const { catalog, request, outcome } = await run(params);
        const translator = tr(req);
        res.send(
          deps.render(req, "search", {
            page: {
              title: request.q
                ? translator.t("search.titleFor", { q: request.q })
                : translator.t("nav.search"),
              nav: "search",
              jsonUrl: searchUrl(request, { page: request.page }, "/api/search"),
              skipToResults: true,
            },
            ...pageModel(request, outcome, catalog, translator),
          }),
        );
      },
    }),
  ];
}
