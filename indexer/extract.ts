/**
 * Turns one parsed corpus file into validated records, reporting every problem with its
 * position. Cross-file checks (references, duplicates, coverage) live in corpus.ts.
 */
import type { Root, RootContent } from "mdast";
import type { z } from "zod";
import {
  AnalysisBlockSchema,
  ArticleBlockSchema,
  CountryFileSchema,
  FILE_TYPES,
  FollowupFileSchema,
  FollowupRowSchema,
  GuidanceNoteBlockSchema,
  GuidanceNotesFileSchema,
  InstrumentFileSchema,
  MeetingRowSchema,
  MeetingsFileSchema,
  PageFileSchema,
  RecommendationBlockSchema,
  RecommendationsFileSchema,
  SourcesFileSchema,
  SynonymRowSchema,
  SynonymsFileSchema,
  ThesaurusBlockSchema,
  ThesaurusFileSchema,
  type AnalysisBlock,
  type ArticleBlock,
  type CountryFile,
  type FileType,
  type FollowupRow,
  type GuidanceNoteBlock,
  type InstrumentFile,
  type MeetingRow,
  type RecommendationBlock,
  type Source,
  type ThesaurusBlock,
} from "./corpus-schema.js";
import {
  frontMatter,
  parseMarkdown,
  plainText,
  pointOf,
  readTable,
  renderCell,
  renderHtml,
  sections,
  splitAtSubheading,
  type Section,
} from "./markdown.js";
import type { CorpusReport } from "./report.js";
import { zodProblems, type Point, type YamlBlock } from "./yaml-block.js";

/** Where a record came from, for messages and for authors. */
export interface Origin {
  path: string;
  point: Point;
}

/** A reference to a source id, kept with its position so a dangling one can be reported. */
export interface SourceUse {
  id: string;
  origin: Origin;
}

export interface SourceRecord extends Source {
  origin: Origin;
}

export interface ArticleRecord {
  instrument: string;
  number: number;
  /** The title from the heading; null when the heading gives none. */
  title: string | null;
  block: ArticleBlock;
  html: string;
  text: string;
  origin: Origin;
}

export interface InstrumentRecord {
  meta: InstrumentFile;
  introHtml: string;
  introText: string;
  articles: ArticleRecord[];
  origin: Origin;
}

export interface AnalysisRecord {
  country: string;
  article: number;
  headingTitle: string | null;
  block: AnalysisBlock;
  analysisHtml: string;
  gapsHtml: string;
  analysisText: string;
  gapsText: string;
  origin: Origin;
}

export interface CountryRecord {
  meta: CountryFile;
  introHtml: string;
  introText: string;
  analyses: AnalysisRecord[];
  origin: Origin;
}

export interface RecommendationRecord {
  id: string;
  title: string;
  report: string;
  numbering: "report" | "own";
  block: RecommendationBlock;
  html: string;
  text: string;
  origin: Origin;
}

export interface FollowupRecord {
  row: FollowupRow;
  eventHtml: string;
  origin: Origin;
  /** Position in reading order across files (set when the corpus is assembled), used to break ties between entries of one day. */
  sequence: number;
}

export interface MeetingRecord {
  row: MeetingRow;
  origin: Origin;
}

export interface SynonymGroup {
  terms: string[];
  origin: Origin;
}

export interface PageRecord {
  id: string;
  title: string;
  asOf: string;
  sources: string[];
  html: string;
  text: string;
  origin: Origin;
}

export interface GuidanceNoteRecord {
  /** The instrument the note interprets. */
  instrument: string;
  body: string;
  number: number;
  title: string;
  block: GuidanceNoteBlock;
  html: string;
  text: string;
  origin: Origin;
}

export interface ThesaurusConcept {
  label: string;
  block: ThesaurusBlock;
  html: string;
  text: string;
  origin: Origin;
  /** Position of each term, for duplicate reports: `lang:term` → point. */
  termPoints: Record<string, Point>;
}

/** Everything one file contributed. */
export interface FileRecords {
  type: FileType | null;
  sources: SourceRecord[];
  instruments: InstrumentRecord[];
  countries: CountryRecord[];
  recommendations: RecommendationRecord[];
  followups: FollowupRecord[];
  meetings: MeetingRecord[];
  synonyms: SynonymGroup[];
  pages: PageRecord[];
  guidanceNotes: GuidanceNoteRecord[];
  thesaurus: ThesaurusConcept[];
  sourceUses: SourceUse[];
  /** Country codes referenced, with positions, checked against the country files. */
  countryUses: { code: string; origin: Origin }[];
  /**
   * Ids a file declares even when its record failed validation, so that one broken record
   * does not also produce an "unknown" error at every reference to it.
   */
  declared: { countries: string[]; recommendations: string[] };
}

function emptyRecords(type: FileType | null): FileRecords {
  return {
    type,
    sources: [],
    instruments: [],
    countries: [],
    recommendations: [],
    followups: [],
    meetings: [],
    synonyms: [],
    pages: [],
    guidanceNotes: [],
    thesaurus: [],
    sourceUses: [],
    countryUses: [],
    declared: { countries: [], recommendations: [] },
  };
}

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

class FileContext {
  constructor(
    readonly path: string,
    readonly report: CorpusReport,
    readonly records: FileRecords,
  ) {}

  origin(point: Point): Origin {
    return { path: this.path, point };
  }

  error(point: Point, message: string, rule: string): void {
    this.report.error(this.path, point, message, rule);
  }

  /** Validates a YAML block with a schema; reports problems and returns null on failure. */
  validate<S extends z.ZodType>(block: YamlBlock, schema: S, rule: string): z.infer<S> | null {
    if (block.problems.length > 0) {
      for (const problem of block.problems) this.error(problem.point, problem.message, rule);
      return null;
    }
    const result = schema.safeParse(block.value ?? {});
    if (!result.success) {
      for (const problem of zodProblems(block, result.error))
        this.error(problem.point, problem.message, rule);
      return null;
    }
    this.collectUses(block, block.value, []);
    return result.data;
  }

  /** Records every `sources: [...]` entry (at any depth) with its position. */
  private collectUses(block: YamlBlock, value: unknown, path: PropertyKey[]): void {
    if (Array.isArray(value)) {
      value.forEach((item, index) => this.collectUses(block, item, [...path, index]));
      return;
    }
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "sources" && Array.isArray(child) && child.every((c) => typeof c === "string")) {
        child.forEach((id: string, index) => {
          this.records.sourceUses.push({
            id,
            origin: this.origin(block.locate([...path, key, index])),
          });
        });
      } else if (key !== "sources") {
        this.collectUses(block, child, [...path, key]);
      }
    }
  }

  /** The section's YAML block validated with `schema`, or a positioned error when it has none. */
  sectionBlock<S extends z.ZodType>(
    section: Section,
    schema: S,
    rule: string,
    what: string,
  ): z.infer<S> | null {
    if (section.block === null) {
      this.error(
        pointOf(section.heading),
        `${what} needs a \`\`\`yaml block directly under its heading`,
        rule,
      );
      return null;
    }
    return this.validate(section.block, schema, rule);
  }
}

function extractSources(ctx: FileContext, fm: YamlBlock): void {
  const data = ctx.validate(fm, SourcesFileSchema, "sources");
  if (!data) return;
  data.sources.forEach((source, index) => {
    ctx.records.sources.push({
      ...source,
      origin: ctx.origin(fm.locate(["sources", index, "id"])),
    });
  });
}

/** `Article 29 – Title`, `Article 29 - Title`, `Article 29: Title` or just `Article 29`. */
const ARTICLE_HEADING = /^Article\s+(\d{1,3})\s*(?:[–—:-]\s*(.+))?$/;

function extractInstrument(ctx: FileContext, fm: YamlBlock, tree: Root): void {
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

function extractCountry(ctx: FileContext, fm: YamlBlock, tree: Root): void {
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

/** `KB-MLA-01 – Title`. */
const RECOMMENDATION_HEADING = /^([A-Z0-9][A-Z0-9.-]*)\s*[–—:-]\s*(.+)$/;

function extractRecommendations(ctx: FileContext, fm: YamlBlock, tree: Root): void {
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
      id: match[1],
      title: match[2].trim(),
      report: meta.report,
      numbering: meta.numbering,
      block,
      html: renderHtml(section.body),
      text: plainText(section.body),
      origin: ctx.origin(pointOf(section.heading)),
    });
  }
}

/**
 * Reads every table of the file as rows of `columns`. A table whose header differs is reported
 * once; each row is validated with `schema` after `shape` turns its cells into values.
 */
function tableRows<S extends z.ZodType>(
  ctx: FileContext,
  tree: Root,
  columns: readonly string[],
  schema: S,
  shape: (cells: Record<string, string>) => Record<string, unknown>,
  rule: string,
): {
  value: z.infer<S>;
  point: Point;
  cells: ReturnType<typeof readTable>["rows"][number]["cells"];
}[] {
  const out: {
    value: z.infer<S>;
    point: Point;
    cells: ReturnType<typeof readTable>["rows"][number]["cells"];
  }[] = [];
  const tables = tree.children.filter((node) => node.type === "table");
  if (tables.length === 0) {
    ctx.error(
      { line: 1, column: 1 },
      `expected a table with the columns ${columns.join(" | ")}`,
      rule,
    );
  }
  for (const table of tables) {
    const { columns: found, rows } = readTable(table);
    const names = found.map((c) => c.name);
    const unknown = found.filter((c) => !columns.includes(c.name));
    const missing = columns.filter((c) => !names.includes(c));
    if (unknown.length > 0 || missing.length > 0) {
      for (const column of unknown)
        ctx.error(
          column.point,
          `unknown column \`${column.name}\`; expected ${columns.join(" | ")}`,
          rule,
        );
      for (const column of missing) ctx.error(pointOf(table), `missing column \`${column}\``, rule);
      continue;
    }
    for (const row of rows) {
      const texts: Record<string, string> = {};
      for (const [name, cell] of Object.entries(row.cells)) texts[name] = cell.text;
      const result = schema.safeParse(shape(texts));
      if (!result.success) {
        for (const issue of result.error.issues) {
          const column = String(issue.path[0] ?? "");
          const at = row.cells[column]?.point ?? row.point;
          const missingValue = issue.code === "invalid_type" && issue.input === undefined;
          ctx.error(at, `\`${column}\`: ${missingValue ? "is required" : issue.message}`, rule);
        }
        continue;
      }
      out.push({ value: result.data, point: row.point, cells: row.cells });
    }
  }
  return out;
}

/** Splits a cell such as `a, b; c` into its items. */
function list(text: string | undefined, separator = /[;,]/): string[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function extractFollowups(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  if (!ctx.validate(fm, FollowupFileSchema, "followup")) return;
  const columns = ["date", "recommendation", "country", "status", "event", "sources"] as const;
  const rows = tableRows(
    ctx,
    tree,
    columns,
    FollowupRowSchema,
    (c) => ({ ...c, sources: list(c["sources"]) }),
    "followup",
  );
  rows.forEach(({ value, point, cells }, index) => {
    const sourcesAt = cells["sources"]?.point ?? point;
    for (const id of value.sources)
      ctx.records.sourceUses.push({ id, origin: ctx.origin(sourcesAt) });
    ctx.records.countryUses.push({
      code: value.country,
      origin: ctx.origin(cells["country"]?.point ?? point),
    });
    const eventCell = cells["event"]?.cell;
    ctx.records.followups.push({
      row: value,
      eventHtml: eventCell ? renderCell(eventCell) : "",
      origin: ctx.origin(point),
      sequence: index,
    });
  });
}

function extractMeetings(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  if (!ctx.validate(fm, MeetingsFileSchema, "meetings")) return;
  const columns = ["id", "name", "place", "start", "end", "sources"] as const;
  const rows = tableRows(
    ctx,
    tree,
    columns,
    MeetingRowSchema,
    (c) => ({ ...c, sources: list(c["sources"]) }),
    "meetings",
  );
  for (const { value, point, cells } of rows) {
    const sourcesAt = cells["sources"]?.point ?? point;
    for (const id of value.sources)
      ctx.records.sourceUses.push({ id, origin: ctx.origin(sourcesAt) });
    ctx.records.meetings.push({ row: value, origin: ctx.origin(point) });
  }
}

function extractSynonyms(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  if (!ctx.validate(fm, SynonymsFileSchema, "synonyms")) return;
  const rows = tableRows(
    ctx,
    tree,
    ["terms", "note"],
    SynonymRowSchema,
    (c) => ({ terms: list(c["terms"], /;/) ?? [], note: c["note"] ?? "" }),
    "synonyms",
  );
  for (const { value, point } of rows) {
    ctx.records.synonyms.push({
      terms: value.terms.map((t) => t.toLowerCase()),
      origin: ctx.origin(point),
    });
  }
}

function extractPage(ctx: FileContext, fm: YamlBlock, tree: Root): void {
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
  });
}

/** `Guidance Note 10 – Production orders for subscriber information`. */
const GUIDANCE_HEADING = /^Guidance Note\s+(\d{1,3})\s*[–—:-]\s*(.+)$/;

function extractGuidanceNotes(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, GuidanceNotesFileSchema, "guidance");
  for (const section of sections(tree, 2).sections) {
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

function extractThesaurus(ctx: FileContext, fm: YamlBlock, tree: Root): void {
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
      label: section.title,
      block,
      html: renderHtml(section.body),
      text: plainText(section.body),
      origin: ctx.origin(pointOf(section.heading)),
      termPoints,
    });
  }
}

/** Drops a leading `# Title`: pages print their own title. */
function withoutTopHeading(nodes: RootContent[]): RootContent[] {
  const first = nodes[0];
  return first?.type === "heading" && first.depth === 1 ? nodes.slice(1) : [...nodes];
}
