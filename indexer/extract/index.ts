/**
 * One corpus file → validated records. Each file type has its module here; this one reads the
 * front matter, picks the module by `type`, and returns what the file contributed. Cross-file
 * checks (references, duplicates, coverage) live in corpus/assemble.ts.
 */
import { FILE_TYPES, type FileType } from "../corpus-schema.js";
import { frontMatter, parseMarkdown } from "../markdown.js";
import type { CorpusReport } from "../report.js";
import { FileContext } from "./context.js";
import { extractCountry } from "./country.js";
import { extractGuidanceNotes } from "./guidance-notes.js";
import { extractInstrument } from "./instrument.js";
import { extractPage } from "./page.js";
import { extractRecommendations } from "./recommendations.js";
import { emptyRecords, type FileRecords } from "./records.js";
import { extractSources } from "./sources.js";
import { extractFollowups, extractMeetings, extractSynonyms } from "./tables.js";
import { extractThesaurus } from "./thesaurus.js";
import { extractWorkplan } from "./workplan.js";

export * from "./records.js";

/** Parses and validates one corpus file; follow-up rows are numbered within the file. */
export function extractFile(path: string, text: string, report: CorpusReport): FileRecords {
  const tree = parseMarkdown(text);
  const fm = frontMatter(tree);
  if (fm === null && /^---\r?\n/.test(text)) {
    report.error(
      path,
      { line: 1, column: 1 },
      "front matter is not closed: end it with a line holding only ---",
      "front-matter",
    );
    return declaredOnly(text);
  }
  if (fm === null) {
    report.error(
      path,
      { line: 1, column: 1 },
      "missing front matter: start the file with a --- block naming its `type`",
      "front-matter",
    );
    return emptyRecords(null);
  }
  if (fm.problems.length > 0) {
    for (const problem of fm.problems)
      report.error(path, problem.point, problem.message, "front-matter");
    return declaredOnly(text);
  }
  const value = fm.value;
  const type =
    typeof value === "object" && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !(FILE_TYPES as readonly string[]).includes(type)) {
    report.error(
      path,
      fm.locate(["type"]),
      `\`type\` must be one of ${FILE_TYPES.join(", ")}${typeof type === "string" ? ` (found \`${type}\`)` : ""}`,
      "front-matter",
    );
    return emptyRecords(null);
  }
  const ctx = new FileContext(path, report, emptyRecords(type as FileType));
  switch (type as FileType) {
    case "sources":
      extractSources(ctx, fm);
      break;
    case "instrument":
      extractInstrument(ctx, fm, tree);
      break;
    case "country":
      extractCountry(ctx, fm, tree);
      break;
    case "recommendations":
      extractRecommendations(ctx, fm, tree);
      break;
    case "followup":
      extractFollowups(ctx, fm, tree);
      break;
    case "meetings":
      extractMeetings(ctx, fm, tree);
      break;
    case "synonyms":
      extractSynonyms(ctx, fm, tree);
      break;
    case "page":
      extractPage(ctx, fm, tree);
      break;
    case "guidance-notes":
      extractGuidanceNotes(ctx, fm, tree);
      break;
    case "thesaurus":
      extractThesaurus(ctx, fm, tree);
      break;
    case "workplan":
      extractWorkplan(ctx, fm, tree);
      break;
  }
  return ctx.records;
}

/**
 * Front matter that does not parse still names its country on a line of its own: keep references
 * to it quiet, so the author sees this file's problem and not one error per reference.
 */
function declaredOnly(text: string): FileRecords {
  const records = emptyRecords(null);
  const head = text.replace(/^---\r?\n/, "").split(/^---\s*$/m)[0] ?? "";
  const code = /^code:\s*["']?([A-Z]{2})["']?\s*$/m.exec(head)?.[1];
  if (code) records.declared.countries.push(code);
  return records;
}
