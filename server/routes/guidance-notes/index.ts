/**
 * `/guidance-notes`: the T-CY Guidance Notes, each anchored (`#gn-10`) so that article pages,
 * request drafts and search hits can point at one; and its JSON twin.
 */
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { allGuidanceNotes } from "../../search/records.js";
import type { RouteDeps } from "../deps.js";
import { GuidanceNotesJson } from "./json.js";
import { guidanceNotesModel } from "./model.js";

/** The Guidance Notes page and its JSON twin. */
export function guidanceNoteRoutes(deps: RouteDeps): RouteSpec[] {
  const model = async () => {
    const [catalog, notes] = await Promise.all([deps.catalog.get(), allGuidanceNotes(deps.reader)]);
    return guidanceNotesModel(catalog, notes);
  };
  return [
    route({
      path: "/api/guidance-notes",
      doc: {
        tag: "articles",
        summary: "The T-CY Guidance Notes: number, title, adoption date, articles and gist",
        response: GuidanceNotesJson,
      },
      async handle(_req, res) {
        res.json(await model());
      },
    }),
    route({
      path: "/guidance-notes",
      async handle(req, res) {
        res.send(
          deps.render(req, "guidance-notes", {
            page: {
              title: tr(req).t("common.guidanceNotes"),
              nav: "articles",
              jsonUrl: "/api/guidance-notes",
              description:
                "Guidance Notes on the Convention: adoption dates, the articles they concern and their gist in our own words.",
            },
            ...(await model()),
          }),
        );
      },
    }),
  ];
}
