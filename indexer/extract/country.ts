/** `type: country`: a country profile, then one analysis section per Convention article. */
import type { Root, RootContent } from "mdast";
import { AnalysisBlockSchema, CountryFileSchema } from "../corpus-schema.js";
import { plainText, pointOf, renderHtml, sections, splitAtSubheading } from "../markdown.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";
import { ARTICLE_HEADING, withoutTopHeading } from "./helpers.js";
import type { AnalysisRecord } from "./records.js";

/** Reads a country file: the profile and its analysis sections. */
export function extractCountry(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, CountryFileSchema, "country");
  const declaredCode = (fm.value as { code?: unknown } | undefined)?.code;
  if (typeof declaredCode === "string") ctx.records.declared.countries.push(declaredCode);
  const { preamble, sections: found } = sections(tree, 2);
  const intro: RootContent[] = withoutTopHeading(preamble);
  const analyses: AnalysisRecord[] = [];
  for (const section of found) {
    const match = ARTICLE_HEADING.exec(section.title);
    if (!match) {
      // Sections that are not about an article belong to the profile.
      intro.push(
        section.heading,
        ...(section.blockNode ? [section.blockNode] : []),
        ...section.body,
      );
      continue;
    }
    const article = Number(match[1]);
    const block = ctx.sectionBlock(section, AnalysisBlockSchema, "analysis", `Article ${article}`);
    if (!block) continue;
    const { main, sub } = splitAtSubheading(section.body, "Gaps");
    const analysisBody = main.filter(
      (node) => !(node.type === "heading" && plainText([node]).toLowerCase() === "analysis"),
    );
    analyses.push({
      country: meta?.code ?? "",
      article,
      headingTitle: match[2]?.trim() ?? null,
      block,
      analysisHtml: renderHtml(analysisBody),
      gapsHtml: renderHtml(sub),
      analysisText: plainText(analysisBody),
      gapsText: plainText(sub),
      origin: ctx.origin(pointOf(section.heading)),
    });
  }
  if (!meta) return;
  ctx.records.countries.push({
    meta,
    introHtml: renderHtml(intro),
    introText: plainText(intro),
    analyses,
    origin: ctx.origin({ line: 1, column: 1 }),
  });
}
