/**
 * `?at=YYYY-MM-DD`: the article, country and comparison pages (and their JSON and CSV) as the
 * knowledge base stood at the end of that day. The same page code runs against a reader of the
 * documents rebuilt from the corpus's history at that day's last commit.
 */
import type { Request } from "express";
import { InvalidQueryError } from "../errors.js";
import { DateParam } from "../http/validators.js";
import type { RouteDeps } from "./deps.js";

export const AtShape = {
  at: DateParam.optional().describe(
    "Show the knowledge base as it stood at the end of this day (YYYY-MM-DD), from the corpus's history.",
  ),
};

export interface PointInTimeBanner {
  day: string;
  versionDate: string;
  currentUrl: string;
}

/** The dependencies to read with (the day's state, or today's) and the banner to show. */
export async function readAt(
  deps: RouteDeps,
  req: Request,
  at: string | undefined,
): Promise<{ deps: RouteDeps; banner: PointInTimeBanner | null }> {
  if (!at?.trim()) return { deps, banner: null };
  if (!deps.history)
    throw new InvalidQueryError("`at`: the knowledge base's history is not available here", {
      field: "at",
      value: at,
    });
  const today = deps.now().toISOString().slice(0, 10);
  const state = await deps.history.at(at, today);
  const current = new URLSearchParams(req.query as Record<string, string>);
  current.delete("at");
  const query = current.toString();
  return {
    deps: { ...deps, reader: state.reader, catalog: state.catalog },
    banner: {
      day: state.day,
      versionDate: state.commit.date.slice(0, 10),
      currentUrl: `${req.path}${query ? `?${query}` : ""}`,
    },
  };
}
