/** History entries as pages and JSON show them: date, commit summary, what changed. */
import { z } from "zod";
import type { KbDocument } from "../../../indexer/index.js";
import type { DatedChange } from "../../history/service.js";
import { SourceLinkJson } from "../../http/schemas.js";

export const ChangeJson = z.strictObject({
  date: z.string().describe("The day the change entered the record (YYYY-MM-DD)."),
  commit: z.string().describe("The commit that made it (abbreviated)."),
  summary: z.string().describe("The commit's summary line."),
  kind: z.enum(["added", "changed", "removed"]),
  title: z.string(),
  status: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  followup: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  titleChange: z
    .strictObject({ from: z.string(), to: z.string() })
    .nullable()
    .describe("The document's own title, when it changed (a section's title is its article's)."),
  asOf: z
    .strictObject({ from: z.string().nullable(), to: z.string().nullable() })
    .nullable()
    .describe("The date the document is as of (a section's `as_of`), when it changed."),
  provisions: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }),
  sources: z.strictObject({ added: z.array(SourceLinkJson), removed: z.array(SourceLinkJson) }),
  words: z
    .array(z.strictObject({ change: z.enum(["same", "inserted", "deleted"]), text: z.string() }))
    .nullable()
    .describe("The prose, word by word; null when it did not change."),
  otherDetails: z
    .boolean()
    .describe(
      "True when the document's own content changed in nothing the fields above name (a link's address, a ratification date, a contact point).",
    ),
});
export type ChangeBody = z.infer<typeof ChangeJson>;

/** The JSON of a dated change. */
export function changeJson(c: DatedChange): ChangeBody {
  const doc = (c.doc ?? c.previous) as KbDocument;
  const links = (list: { title: string; url: string }[]) =>
    list.map((s) => ({ title: s.title, url: s.url }));
  return {
    date: c.commit.date.slice(0, 10),
    commit: c.commit.hash.slice(0, 10),
    summary: c.commit.summary,
    kind: c.change.kind,
    title: doc.title,
    status: c.change.status,
    followup: c.change.followup,
    titleChange: c.change.title,
    asOf: c.change.asOf,
    provisions: c.change.provisions,
    sources: { added: links(c.change.sources.added), removed: links(c.change.sources.removed) },
    words: c.change.words,
    otherDetails: c.change.otherDetails,
  };
}

/** The view of a dated change: status codes (the template says them in words), the word diff. */
export function changeView(c: DatedChange) {
  const json = changeJson(c);
  return {
    ...json,
    anchor: `v-${json.commit}`,
    statusChange: json.status ? { from: json.status.from, to: json.status.to } : null,
    followupChange: json.followup ? { from: json.followup.from, to: json.followup.to } : null,
    asOfChange: json.asOf && json.kind === "changed" ? json.asOf : null,
    otherDetails: json.otherDetails,
    hasProvisions: json.provisions.added.length + json.provisions.removed.length > 0,
    hasSources: json.sources.added.length + json.sources.removed.length > 0,
    // The first version is shown as it was written, not as one long insertion.
    words:
      json.kind === "added"
        ? [{ change: "same", text: (c.doc?.text ?? "").trim(), inserted: false, deleted: false }]
        : json.words?.map((w) => ({
            ...w,
            inserted: w.change === "inserted",
            deleted: w.change === "deleted",
          })),
    isAdded: json.kind === "added",
    isRemoved: json.kind === "removed",
  };
}
