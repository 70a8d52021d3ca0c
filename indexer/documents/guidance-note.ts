/** One document per Guidance Note, searchable and found by the articles it concerns. */
import type { DocumentOf } from "../contract.js";
import type { GuidanceNoteRecord } from "../extract/index.js";
import {
  EMPTY,
  excerpt,
  ORDER,
  originText,
  slug,
  unique,
  yearOf,
  type BuildContext,
  type Draft,
} from "./common.js";

/** The Note's fragment id on the Guidance Notes page: `gn-10` for the primary instrument's. */
export function guidanceNoteAnchor(note: GuidanceNoteRecord, primaryId: string | null): string {
  return note.instrument === primaryId
    ? `gn-${note.number}`
    : `gn-${slug(note.instrument)}-${note.number}`;
}

/** The Guidance Notes' documents. */
export function guidanceNoteDocuments(ctx: BuildContext): Draft<DocumentOf<"guidance-note">>[] {
  const primaryId = ctx.corpus.primary?.meta.id ?? null;
  return ctx.corpus.guidanceNotes.map((note) => {
    const sources = ctx.sourceRefs(note.block.sources);
    // Only the primary instrument's numbering feeds the article facet and the article pages.
    const articles =
      note.instrument === primaryId ? [...note.block.articles].sort((a, b) => a - b) : [];
    const anchor = guidanceNoteAnchor(note, primaryId);
    const document = note.block.document ?? null;
    return {
      ...EMPTY,
      id: `gn-${slug(note.instrument)}-${note.number}`,
      kind: "guidance-note",
      title: `Guidance Note ${note.number} – ${note.title}`,
      articles,
      articleRefs: articles.map(String),
      chapter: ctx.places.get(articles[0] ?? 0)?.chapter ?? null,
      source: ctx.publishers(sources),
      date: note.block.adopted,
      year: yearOf(note.block.adopted),
      keywords: unique([
        `Guidance Note ${note.number}`,
        ...(document ? [document] : []),
        ...articles.flatMap((n) => ctx.articleKeywords.get(n) ?? []),
      ]),
      summary: excerpt(note.text),
      text: [note.text, `Adopted by the ${note.body} on ${note.block.adopted}.`].join("\n\n"),
      html: note.html,
      url: `/guidance-notes#${anchor}`,
      order: ORDER.guidanceNote + note.number,
      sources,
      origin: originText(note.origin),
      data: {
        instrument: note.instrument,
        body: note.body,
        number: note.number,
        noteTitle: note.title,
        adopted: note.block.adopted,
        document,
        concerns: [...note.block.articles].sort((a, b) => a - b),
        anchor,
      },
    };
  });
}
