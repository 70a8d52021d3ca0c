/** The JSON shape of the Guidance Notes page. */
import { z } from "zod";
import { SourceJson } from "../../http/schemas.js";
import { GuidanceNoteJson } from "../interpretation.js";

const ArticleLinkJson = z.strictObject({
  number: z.number(),
  title: z.string().nullable(),
  url: z.string(),
});

export const GuidanceNotesJson = z.strictObject({
  count: z.number().describe("How many Notes have a section of their own."),
  collections: z.array(
    z.strictObject({
      instrument: z.string().describe("The instrument the Notes interpret (its id)."),
      instrumentShort: z.string(),
      body: z.string().describe("The body that adopts the Notes."),
      note: z.string().nullable().describe("What the authors could and could not read."),
      introHtml: z
        .string()
        .describe("The introduction, sanitized HTML; it lists Notes known without a section."),
      sources: z.array(SourceJson),
      notes: z.array(GuidanceNoteJson.extend({ articleLinks: z.array(ArticleLinkJson) })),
    }),
  ),
});
export type GuidanceNotesPage = z.infer<typeof GuidanceNotesJson>;
