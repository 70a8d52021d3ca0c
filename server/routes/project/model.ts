/** The project pages' data: the workplan from the catalog, its activities and the follow-up from the index. */
import type { IndicatorData, WorkplanData } from "../../../indexer/index.js";
import { NotFoundError } from "../../errors.js";
import type { Catalog } from "../../search/catalog.js";
import {
  activityRecords,
  trackerRecords,
  type ActivityRecord,
  type RecommendationRecord,
} from "../../search/records.js";
import { indicatorByCountry, statusCounts, type IndicatorCountry } from "../../search/workplan.js";
import type { RouteDeps } from "../deps.js";
import { activityId } from "./schema.js";

export type ProjectDeps = Pick<RouteDeps, "reader" | "catalog">;

const HOME = [{ href: "/", label: "Home" }];

/** The workplan, its activities and the recommendations with their follow-up; 404 without a workplan. */
async function loadProject(deps: ProjectDeps) {
  const [catalog, activities, tracker] = await Promise.all([
    deps.catalog.get(),
    activityRecords(deps.reader),
    trackerRecords(deps.reader),
  ]);
  const workplan = catalog.workplan;
  if (!workplan) throw new NotFoundError("This knowledge base holds no project workplan.", HOME);
  return { catalog, workplan, activities, ...tracker };
}

export interface IndicatorModel {
  indicator: IndicatorData;
  countries: IndicatorCountry[];
  recommendations: RecommendationRecord[];
}

export interface ProjectModel {
  catalog: Catalog;
  workplan: WorkplanData;
  activities: ActivityRecord[];
  counts: ReturnType<typeof statusCounts>;
  results: {
    result: WorkplanData["results"][number];
    activities: ActivityRecord[];
    counts: ReturnType<typeof statusCounts>;
  }[];
  indicators: IndicatorModel[];
}

/** The whole workplan: results with their activities, counts, and each indicator per country. */
export async function projectModel(deps: ProjectDeps): Promise<ProjectModel> {
  const { catalog, workplan, activities, recommendations, followups } = await loadProject(deps);
  const byId = new Map(activities.map((a) => [a.data.id, a]));
  const results = workplan.results.map((result) => {
    const own = result.activities.flatMap((id) => byId.get(id) ?? []);
    return { result, activities: own, counts: statusCounts(own) };
  });
  const indicators = workplan.indicators.map((indicator) => ({
    indicator,
    countries: indicatorByCountry(indicator, followups, workplan.countries),
    recommendations: recommendations.filter((r) => indicator.recommendations.includes(r.data.id)),
  }));
  return { catalog, workplan, activities, counts: statusCounts(activities), results, indicators };
}

export interface ActivityModel {
  catalog: Catalog;
  workplan: WorkplanData;
  activity: ActivityRecord;
  parent: ActivityRecord | null;
  children: ActivityRecord[];
  see: ActivityRecord[];
  recommendations: RecommendationRecord[];
}

/** One activity with its neighbours in the workplan and the recommendations it links to. */
export async function activityModel(deps: ProjectDeps, raw: string): Promise<ActivityModel> {
  const id = activityId(raw);
  const { catalog, workplan, activities, recommendations } = await loadProject(deps);
  const activity = id === null ? undefined : activities.find((a) => a.data.id === id);
  if (!activity)
    throw new NotFoundError(
      `There is no activity \`${raw.slice(0, 30)}\` in the workplan. Activities are numbered as in the workplan, e.g. 1.2.1.`,
      [{ href: "/project", label: "The project's workplan" }],
    );
  const byId = new Map(activities.map((a) => [a.data.id, a]));
  const pick = (ids: readonly string[]) => ids.flatMap((i) => byId.get(i) ?? []);
  return {
    catalog,
    workplan,
    activity,
    parent: activity.data.parent ? (byId.get(activity.data.parent) ?? null) : null,
    children: pick(activity.data.children),
    see: pick(activity.data.see),
    recommendations: recommendations.filter((r) => activity.recommendations.includes(r.data.id)),
  };
}
