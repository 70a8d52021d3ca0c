/** `type: recommendations`: the recommendations of one report, one section each. */
import type { Root } from "mdast";
import { RecommendationBlockSchema, RecommendationsFileSchema } from "../corpus-schema.js";
import { plainText, pointOf, renderHtml, sections } from "../markdown.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";

/** `KB-MLA-01 – Title`. */
const RECOMMENDATION_HEADING = /^([A-Z0-9][A-Z0-9.-]*)\s*[–—:-]\s*(.+)$/;

/** Reads a recommendations file: one record per recommendation. */
export function extractRecommendations(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, RecommendationsFileSchema, "recommendation");
  if (meta)
    ctx.records.sourceUses.push({ id: meta.report, origin: ctx.origin(fm.locate(["report"])) });
  for (const section of sections(tree, 2).sections) {
    const match = RECOMMENDATION_HEADING.exec(section.title);
    if (!match?.[1] || !match[2]) {
      ctx.error(
        pointOf(section.heading),
        "recommendations are headed `## ID – Short title`, the id in capitals, digits, `.` and `-`",
        "recommendation",
      );
      continue;
    }
    ctx.records.declared.recommendations.push(match[1]);
    const block = ctx.sectionBlock(
      section,
      RecommendationBlockSchema,
      "recommendation",
      `Recommendation ${match[1]}`,
    );
    if (!block) continue;
    if (section.body.length === 0) {
      ctx.error(
        pointOf(section.heading),
        `recommendation ${match[1]} has no text`,
        "recommendation",
      );
      continue;
    }
    const blockStart = section.block
      ? section.block.locate(["countries"])
      : pointOf(section.heading);
    for (const code of block.countries)
      ctx.records.countryUses.push({ code, origin: ctx.origin(blockStart) });
    if (!meta) continue;
    ctx.records.recommendations.push({
      articlePoints: block.articles.map(
        (_, i) => section.block?.locate(["articles", i]) ?? pointOf(section.heading),
      ),
      id: match[1],
      title: match[2].trim(),
      report: meta.report,
      numbering: meta.numbering,
      block,
      access: block.access ?? meta.access,
      html: renderHtml(section.body),
      text: plainText(section.body),
      origin: ctx.origin(pointOf(section.heading)),
    });
  }
}
