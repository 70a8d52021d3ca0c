/** `type: thesaurus`: legal concepts with their terms in the users' languages. */
import type { Root } from "mdast";
import { ThesaurusBlockSchema, ThesaurusFileSchema } from "../corpus-schema.js";
import { plainText, pointOf, renderHtml, sections } from "../markdown.js";
import type { Point, YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";

/** Reads the thesaurus: one record per concept. */
export function extractThesaurus(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  if (!ctx.validate(fm, ThesaurusFileSchema, "thesaurus")) return;
  for (const section of sections(tree, 2).sections) {
    const block = ctx.sectionBlock(section, ThesaurusBlockSchema, "thesaurus", section.title);
    if (!block || !section.block) continue;
    const termPoints: Record<string, Point> = {};
    for (const [lang, terms] of Object.entries(block.terms)) {
      terms.forEach((term, index) => {
        termPoints[`${lang}:${term}`] = section.block!.locate(["terms", lang, index]);
      });
    }
    ctx.records.thesaurus.push({
      articlePoints: block.articles.map(
        (_, i) => section.block?.locate(["articles", i]) ?? pointOf(section.heading),
      ),
      label: section.title,
      block,
      html: renderHtml(section.body),
      text: plainText(section.body),
      origin: ctx.origin(pointOf(section.heading)),
      termPoints,
    });
  }
}
