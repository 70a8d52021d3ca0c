/** `type: guidance-notes`: the T-CY Guidance Notes, one section each. */
import type { Root } from "mdast";
import { GuidanceNoteBlockSchema, GuidanceNotesFileSchema } from "../corpus-schema.js";
import { plainText, pointOf, renderHtml, sections } from "../markdown.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";
import { withoutTopHeading } from "./helpers.js";

/** `Guidance Note 10 – Production orders for subscriber information`. */
const GUIDANCE_HEADING = /^Guidance Note\s+(\d{1,3})\s*[–—:-]\s*(.+)$/;

/** Reads the Guidance Notes file: one record per note. */
export function extractGuidanceNotes(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, GuidanceNotesFileSchema, "guidance");
  const { preamble, sections: found } = sections(tree, 2);
  if (meta)
    ctx.records.guidanceCollections.push({
      instrument: meta.instrument,
      body: meta.body,
      note: meta.note ?? null,
      sources: meta.sources,
      introHtml: renderHtml(withoutTopHeading(preamble)),
      introText: plainText(withoutTopHeading(preamble)),
      origin: ctx.origin({ line: 1, column: 1 }),
    });
  for (const section of found) {
    const match = GUIDANCE_HEADING.exec(section.title);
    if (!match?.[1] || !match[2]) {
      ctx.error(
        pointOf(section.heading),
        "guidance notes are headed `## Guidance Note N – Title`",
        "guidance",
      );
      continue;
    }
    const number = Number(match[1]);
    const block = ctx.sectionBlock(
      section,
      GuidanceNoteBlockSchema,
      "guidance",
      `Guidance Note ${number}`,
    );
    if (!block) continue;
    if (section.body.length === 0) {
      ctx.error(
        pointOf(section.heading),
        `Guidance Note ${number} needs a summary in our own words`,
        "guidance",
      );
      continue;
    }
    if (!meta) continue;
    ctx.records.guidanceNotes.push({
      articlePoints: block.articles.map(
        (_, i) => section.block?.locate(["articles", i]) ?? pointOf(section.heading),
      ),
      instrument: meta.instrument,
      body: meta.body,
      number,
      title: match[2].trim(),
      block,
      html: renderHtml(section.body),
      text: plainText(section.body),
      origin: ctx.origin(pointOf(section.heading)),
    });
  }
}
