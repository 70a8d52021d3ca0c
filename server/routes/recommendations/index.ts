/**
 * The recommendation tracker: `/recommendations` (matrix of current status, filters, charts),
 * `/recommendations/changes` (every entry after a date, by country), `/recommendations/:id`
 * (text and each country's dated history), with JSON twins and CSV exports.
 */
import { z } from "zod";
import { route, type RouteSpec } from "../../http/routes.js";
import { tr } from "../../i18n.js";
import type { RouteDeps } from "../deps.js";
import { sendHistoryCsv, sendTrackerCsv } from "./csv.js";
import {
  changesJson,
  ChangesJson,
  recommendationJson,
  RecommendationJson,
  trackerJson,
  TrackerJson,
} from "./json.js";
import { changesModel, recommendationModel, trackerModel } from "./model.js";
import { CHANGES_MULTI, ChangesShape, SinceShape, TRACKER_MULTI, TrackerShape } from "./schema.js";
import { changesPage, recommendationPage, trackerPage } from "./view-model.js";

const IdParam = z.string().describe("The recommendation id, e.g. KB-MLA-01.");

export function recommendationRoutes(deps: RouteDeps): RouteSpec[] {
  const tracker = { query: TrackerShape, multi: TRACKER_MULTI, commaLists: true, maxItems: 60 };
  const changes = { query: ChangesShape, multi: CHANGES_MULTI, commaLists: true, maxItems: 60 };
  return [
    route({
      ...tracker,
      path: "/api/recommendations",
      doc: {
        tag: "recommendations",
        summary: "Recommendations × countries: current follow-up status (latest dated entry)",
        response: TrackerJson,
      },
      async handle(_req, res, params) {
        res.json(trackerJson(await trackerModel(deps, params)));
      },
    }),
    route({
      ...tracker,
      path: "/recommendations.csv",
      doc: {
        tag: "recommendations",
        summary: "The tracker as CSV: one row per recommendation × addressed country",
        response: z.string(),
        produces: "text/csv",
      },
      async handle(req, res, params) {
        sendTrackerCsv(res, await trackerModel(deps, params), deps.siteUrl(req));
      },
    }),
    route({
      ...tracker,
      path: "/recommendations",
      async handle(req, res, params) {
        res.send(
          deps.render(
            req,
            "recommendations",
            trackerPage(await trackerModel(deps, params), tr(req)),
          ),
        );
      },
    }),
    route({
      ...changes,
      path: "/api/recommendations/changes",
      doc: {
        tag: "recommendations",
        summary:
          "Follow-up entries dated after a day or a meeting (default: the latest meeting), by country",
        response: ChangesJson,
      },
      async handle(_req, res, params) {
        res.json(changesJson(await changesModel(deps, params)));
      },
    }),
    route({
      ...changes,
      path: "/recommendations/changes",
      async handle(req, res, params) {
        res.send(
          deps.render(req, "changes", changesPage(await changesModel(deps, params), tr(req))),
        );
      },
    }),
    route({
      query: SinceShape,
      path: "/api/recommendations/:id",
      doc: {
        tag: "recommendations",
        summary: "One recommendation: its text and each addressed country's dated history",
        params: { id: IdParam },
        response: RecommendationJson,
        errors: ["not_found"],
      },
      async handle(req, res, params) {
        res.json(
          recommendationJson(await recommendationModel(deps, String(req.params["id"]), params)),
        );
      },
    }),
    route({
      query: SinceShape,
      path: "/recommendations/:id.csv",
      doc: {
        tag: "recommendations",
        summary: "One recommendation's dated history as CSV",
        params: { id: IdParam },
        response: z.string(),
        produces: "text/csv",
        errors: ["not_found"],
      },
      async handle(req, res, params) {
        sendHistoryCsv(res, await recommendationModel(deps, String(req.params["id"]), params));
      },
    }),
    route({
      query: SinceShape,
      path: "/recommendations/:id",
      async handle(req, res, params) {
        const model = await recommendationModel(deps, String(req.params["id"]), params);
        res.send(deps.render(req, "recommendation", recommendationPage(model)));
      },
    }),
  ];
}
