/** `type: sources`: the sources cited anywhere in the corpus. */
import { SourcesFileSchema } from "../corpus-schema.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";

/** Reads a sources file. */
export function extractSources(ctx: FileContext, fm: YamlBlock): void {
  const data = ctx.validate(fm, SourcesFileSchema, "sources");
  if (!data) return;
  data.sources.forEach((source, index) => {
    ctx.records.sources.push({
      ...source,
      origin: ctx.origin(fm.locate(["sources", index, "id"])),
    });
  });
}
