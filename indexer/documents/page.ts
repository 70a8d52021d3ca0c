/** One document per page of prose. */
import type { DocumentOf } from "../contract.js";
import {
  accessValues,
  EMPTY,
  excerpt,
  ORDER,
  originText,
  yearOf,
  type BuildContext,
  type Draft,
} from "./common.js";

/** The pages' documents. */
export function pageDocuments(ctx: BuildContext): Draft<DocumentOf<"page">>[] {
  const out: Draft<DocumentOf<"page">>[] = [];
  ctx.corpus.pages.forEach((page, index) => {
    const sources = ctx.sourceRefs(page.sources);
    out.push({
      ...EMPTY,
      id: `page-${page.id}`,
      access: accessValues(page.access),
      kind: "page",
      title: page.title,
      source: ctx.publishers(sources),
      date: page.asOf,
      year: yearOf(page.asOf),
      summary: excerpt(page.text),
      text: page.text,
      html: page.html,
      // The about page has its own short address; any other page is under /pages/.
      url: page.id === "about" ? "/about" : `/pages/${page.id}`,
      order: ORDER.page + index,
      sources,
      origin: originText(page.origin),
      data: { asOf: page.asOf },
    });
  });

  return out;
}
