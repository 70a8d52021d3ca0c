/** The `meta` document: fingerprint, build time and reference data; never a search hit. */
import { CONTRACT_VERSION, type DocumentOf } from "../contract.js";
import { EMPTY, type BuildContext, type Draft } from "./common.js";

/** The corpus's `meta` document. */
export function metaDocument(ctx: BuildContext): Draft<DocumentOf<"meta">> {
  const out: Draft<DocumentOf<"meta">>[] = [];
  out.push({
    ...EMPTY,
    id: "meta",
    kind: "meta",
    title: "Corpus metadata",
    source: [],
    summary: "",
    text: "",
    html: "",
    url: "/",
    order: 0,
    sources: [],
    origin: "",
    data: {
      fingerprint: ctx.corpus.fingerprint,
      contractVersion: CONTRACT_VERSION,
      builtAt: ctx.builtAt,
      settingsHash: ctx.settingsHash,
      meetings: ctx.corpus.meetings.map((m) => ({
        ...m.row,
        sources: ctx.sourceRefs(m.row.sources),
      })),
      instruments: ctx.corpus.instruments.map((i) => ({
        id: i.meta.id,
        short: i.meta.short,
        title: i.meta.title,
        treaty: i.meta.treaty,
        primary: i.meta.primary,
        opened: i.meta.opened ?? null,
        adopted: i.meta.adopted ?? null,
        inForce: i.meta.in_force ?? null,
        note: i.meta.note ?? null,
        articleCount: i.meta.article_count,
        structure: i.meta.structure,
        introHtml: i.introHtml,
        sources: ctx.sourceRefs(i.meta.sources),
      })),
      guidanceCollections: ctx.corpus.guidanceCollections.map((c) => ({
        instrument: c.instrument,
        body: c.body,
        note: c.note,
        introHtml: c.introHtml,
        sources: ctx.sourceRefs(c.sources),
      })),
    },
  });
  return out[0]!;
}
