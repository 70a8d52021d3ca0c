/** `type: instrument`: a treaty's structure and one section per article. */
import type { Root } from "mdast";
import { ArticleBlockSchema, InstrumentFileSchema } from "../corpus-schema.js";
import { plainText, pointOf, renderHtml, sections } from "../markdown.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";
import { ARTICLE_HEADING, withoutTopHeading } from "./helpers.js";
import type { ArticleRecord } from "./records.js";

/** Reads an instrument file: its structure and articles. */
export function extractInstrument(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  // Sections are checked even when the front matter is wrong, so every problem shows at once.
  const meta = ctx.validate(fm, InstrumentFileSchema, "instrument");
  if (meta?.explanatory_report)
    ctx.records.sourceUses.push({
      id: meta.explanatory_report,
      origin: ctx.origin(fm.locate(["explanatory_report"])),
    });
  const { preamble, sections: found } = sections(tree, 2);
  const articles: ArticleRecord[] = [];
  for (const section of found) {
    const match = ARTICLE_HEADING.exec(section.title);
    if (!match) {
      ctx.error(
        pointOf(section.heading),
        "instrument sections are headed `## Article N – Title`",
        "instrument",
      );
      continue;
    }
    const number = Number(match[1]);
    const block = ctx.sectionBlock(section, ArticleBlockSchema, "instrument", `Article ${number}`);
    if (!block) continue;
    articles.push({
      instrument: meta?.id ?? "",
      number,
      title: match[2]?.trim() ?? null,
      block,
      html: renderHtml(section.body),
      text: plainText(section.body),
      origin: ctx.origin(pointOf(section.heading)),
    });
  }
  if (!meta) return;
  ctx.records.instruments.push({
    meta,
    introHtml: renderHtml(withoutTopHeading(preamble)),
    introText: plainText(withoutTopHeading(preamble)),
    articles,
    origin: ctx.origin({ line: 1, column: 1 }),
  });
}
