/**
 * `/search` (HTML) and `/api/search` (JSON): the same parameters, the same data. All state is in
 * the URL so a search can be shared.
 */
import { route, type RouteSpec } from "../../http/routes.js";
import { tr } from "../../i18n.js";
import { search } from "../../search/search.js";
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
