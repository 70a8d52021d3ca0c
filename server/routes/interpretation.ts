/**
 * What the Explanatory Report and the T-CY Guidance Notes say of one Convention article, as the
 * article page, the request drafts and their JSON show it. Both are read beside the article by
 * lawyers; neither is the treaty text, and the pages say when nothing is recorded.
 */
import { z } from "zod";
import { paragraphLabel } from "../../indexer/index.js";
import { SourceJson } from "../http/schemas.js";
import type { ArticleRecord, GuidanceNoteRecord } from "../search/records.js";

export const ExplanatoryReportJson = z.strictObject({
  report: SourceJson.nullable().describe(
    "The instrument's Explanatory Report, or null when the corpus names none.",
  ),
  paragraphs: z.array(
    z.strictObject({
      paragraphs: z
        .string()
        .describe('Paragraph numbers as the corpus writes them: "171-174, 180".'),
      label: z.string().describe("The same, as cited: ¶¶171–174, 180."),
      text: z.string().describe("What the paragraphs say of the article, in our own words."),
    }),
  ),
});

export const GuidanceNoteJson = z.strictObject({
  number: z.number(),
  title: z.string(),
  adopted: z.string().describe("Date of adoption, YYYY-MM-DD."),
  document: z.string().nullable().describe("The body's document reference, e.g. T-CY(2015)16."),
  body: z.string().describe("The body that adopted the Note."),
  articles: z.array(z.number()).describe("The articles the Note concerns."),
  summary: z.string().describe("The first lines of the gist."),
  html: z.string().describe("The gist of the Note in our own words, sanitized HTML."),
  url: z.string().describe("The Note on the Guidance Notes page."),
  anchor: z.string(),
  sources: z.array(SourceJson),
});
export type GuidanceNoteView = z.infer<typeof GuidanceNoteJson>;

export const InterpretationShape = {
  explanatoryReport: ExplanatoryReportJson,
  guidanceNotes: z
    .array(GuidanceNoteJson)
    .describe("T-CY Guidance Notes that concern the article; empty when none is recorded."),
};
export type Interpretation = z.infer<z.ZodObject<typeof InterpretationShape>>;

/** A Guidance Note as every page shows it. */
export function guidanceNoteView(note: GuidanceNoteRecord): GuidanceNoteView {
  return {
    number: note.data.number,
    title: note.data.noteTitle,
    adopted: note.data.adopted,
    document: note.data.document,
    body: note.data.body,
    articles: note.data.concerns,
    summary: note.summary,
    html: note.html,
    url: note.url,
    anchor: note.data.anchor,
    sources: note.sources,
  };
}

/** The Report's paragraphs on the article and the Notes that concern it. */
export function interpretation(
  article: ArticleRecord | null,
  notes: readonly GuidanceNoteRecord[],
): Interpretation {
  return {
    explanatoryReport: {
      report: article?.data.explanatoryReportSource ?? null,
      paragraphs: (article?.data.explanatoryReport ?? []).map((r) => ({
        paragraphs: r.paragraphs,
        label: paragraphLabel(r.paragraphs),
        text: r.text,
      })),
    },
    guidanceNotes: [...notes].sort((a, b) => a.data.number - b.data.number).map(guidanceNoteView),
  };
}
