/** The table files: follow-up entries, meetings and synonym groups. */
import type { Root } from "mdast";
import {
  FollowupFileSchema,
  FollowupRowSchema,
  MeetingRowSchema,
  MeetingsFileSchema,
  SynonymRowSchema,
  SynonymsFileSchema,
} from "../corpus-schema.js";
import { renderCell } from "../markdown.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";
import { list, tableRows } from "./helpers.js";

/** Reads the follow-up table: one record per dated entry. */
export function extractFollowups(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, FollowupFileSchema, "followup");
  if (!meta) return;
  const columns = ["date", "recommendation", "country", "status", "event", "sources"] as const;
  const rows = tableRows(
    ctx,
    tree,
    columns,
    FollowupRowSchema,
    (c) => ({ ...c, sources: list(c["sources"]) }),
    "followup",
  );
  rows.forEach(({ value, point, cells }, index) => {
    const sourcesAt = cells["sources"]?.point ?? point;
    for (const id of value.sources)
      ctx.records.sourceUses.push({ id, origin: ctx.origin(sourcesAt) });
    ctx.records.countryUses.push({
      code: value.country,
      origin: ctx.origin(cells["country"]?.point ?? point),
    });
    const eventCell = cells["event"]?.cell;
    ctx.records.followups.push({
      row: value,
      eventHtml: eventCell ? renderCell(eventCell) : "",
      origin: ctx.origin(point),
      access: meta.access,
      sequence: index,
    });
  });
}

/** Reads the meetings table. */
export function extractMeetings(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  if (!ctx.validate(fm, MeetingsFileSchema, "meetings")) return;
  const columns = ["id", "name", "place", "start", "end", "sources"] as const;
  const rows = tableRows(
    ctx,
    tree,
    columns,
    MeetingRowSchema,
    (c) => ({ ...c, sources: list(c["sources"]) }),
    "meetings",
  );
  for (const { value, point, cells } of rows) {
    const sourcesAt = cells["sources"]?.point ?? point;
    for (const id of value.sources)
      ctx.records.sourceUses.push({ id, origin: ctx.origin(sourcesAt) });
    ctx.records.meetings.push({ row: value, origin: ctx.origin(point) });
  }
}

/** Reads the synonym groups. */
export function extractSynonyms(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  if (!ctx.validate(fm, SynonymsFileSchema, "synonyms")) return;
  const rows = tableRows(
    ctx,
    tree,
    ["terms", "note"],
    SynonymRowSchema,
    (c) => ({ terms: list(c["terms"], /;/) ?? [], note: c["note"] ?? "" }),
    "synonyms",
  );
  for (const { value, point } of rows) {
    ctx.records.synonyms.push({
      terms: value.terms.map((t) => t.toLowerCase()),
      origin: ctx.origin(point),
    });
  }
}
