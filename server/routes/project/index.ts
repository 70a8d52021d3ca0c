/**
 * The project's workplan: `/project` (results as a timeline of planned against held, the
 * activities in words, the outcome indicators per country) and `/project/activities/:id`, with
 * JSON twins.
 */
import { route, type RouteSpec } from "../../http/routes.js";
import { tr } from "../../i18n.js";
import type { RouteDeps } from "../deps.js";
import { activityJson, ActivityJson, projectJson, ProjectJson } from "./json.js";
import { activityModel, projectModel } from "./model.js";
import { ActivityIdParam } from "./schema.js";
import { activityPage, projectPage } from "./view-model.js";

/** The project pages' route specs: the workplan and one activity, each with its JSON twin. */
export function projectRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    route({
      path: "/api/project",
      doc: {
        tag: "project",
        summary:
          "The project's workplan: results, activities with planned and confirmed dates, outcome indicators per country",
        response: ProjectJson,
        errors: ["not_found"],
      },
      async handle(_req, res) {
        res.json(projectJson(await projectModel(deps)));
      },
    }),
    route({
      path: "/project",
      async handle(req, res) {
        res.send(deps.render(req, "project", projectPage(await projectModel(deps), tr(req))));
      },
    }),
    route({
      path: "/api/project/activities/:id",
      doc: {
        tag: "project",
        summary: "One activity of the workplan: planned dates, status and its sources, links",
        params: { id: ActivityIdParam },
        response: ActivityJson,
        errors: ["not_found"],
      },
      async handle(req, res) {
        res.json(activityJson(await activityModel(deps, String(req.params["id"]))));
      },
    }),
    route({
      path: "/project/activities/:id",
      async handle(req, res) {
        const model = await activityModel(deps, String(req.params["id"]));
        res.send(deps.render(req, "activity", activityPage(model, tr(req))));
      },
    }),
  ];
}
