/** `type: page`: a page of prose. */
import type { Root } from "mdast";
import { PageFileSchema } from "../corpus-schema.js";
import { plainText, renderHtml } from "../markdown.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";
import { withoutTopHeading } from "./helpers.js";

/** Reads a page of prose. */
export function extractPage(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, PageFileSchema, "page");
  if (!meta) return;
  const body = withoutTopHeading(tree.children.filter((n) => n.type !== "yaml"));
  ctx.records.pages.push({
    id: meta.id,
    title: meta.title,
    asOf: meta.as_of,
    sources: meta.sources ?? [],
    html: renderHtml(body),
    text: plainText(body),
    origin: ctx.origin({ line: 1, column: 1 }),
    access: meta.access,
  });
}
