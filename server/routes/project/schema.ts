/** The parameters of the project pages: an activity's id in the path. */
import { z } from "zod";

export const ActivityIdParam = z
  .string()
  .describe(
    "The activity's id: its number in the workplan, e.g. 1.2.1, with a suffix where the workplan prints a number twice (1.3.4.4-ge).",
  );

/** An id shaped like an activity's, or null: anything else is answered 404 without a read. */
export function activityId(raw: string): string | null {
  const id = raw.trim();
  return /^\d{1,2}(\.\d{1,2}){0,4}(-[a-z]{1,12})?$/.test(id) ? id : null;
}
