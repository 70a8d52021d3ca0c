/**
 * `type: workplan`: a project's summary and workplan. The front matter holds the project's frame
 * and its outcome indicators; each `## Result N – Title` section holds the result in our own
 * words, and each `### 1.2.1 – Title` under it one activity with its planned dates, the countries
 * concerned and its status.
 */
import type { Root, RootContent } from "mdast";
import { ActivityBlockSchema, ResultBlockSchema, WorkplanFileSchema } from "../corpus-schema.js";
import { plainText, pointOf, renderHtml, sections } from "../markdown.js";
import { projectLength } from "../project-calendar.js";
import type { YamlBlock } from "../yaml-block.js";
import type { FileContext } from "./context.js";
import { withoutTopHeading } from "./helpers.js";
import type { ActivityRecord, ResultRecord } from "./records.js";

const RESULT_HEADING = /^Result\s+(\d{1,2})\s*[–—:-]\s*(.+)$/;
const ACTIVITY_HEADING = /^(\d{1,2}(?:\.\d{1,2}){0,4})\s*[–—:-]\s*(.+)$/;
const RULE = "workplan";

/** Reads a workplan file: the project, its results and their activities. */
export function extractWorkplan(ctx: FileContext, fm: YamlBlock, tree: Root): void {
  const meta = ctx.validate(fm, WorkplanFileSchema, RULE);
  if (meta) {
    const length = projectLength(meta.start, meta.end);
    meta.indicators.forEach((indicator, i) => {
      if (indicator.month > length)
        ctx.error(
          fm.locate(["indicators", i, "month"]),
          `month ${indicator.month} is after the project's end (it runs ${length} months, ${meta.start} to ${meta.end})`,
          RULE,
        );
      indicator.figures.forEach((figure, j) => {
        ctx.records.countryUses.push({
          code: figure.country,
          origin: ctx.origin(fm.locate(["indicators", i, "figures", j, "country"])),
        });
      });
    });
    meta.countries.forEach((code, i) => {
      ctx.records.countryUses.push({ code, origin: ctx.origin(fm.locate(["countries", i])) });
    });
  }
  const own = new Set(meta?.sources ?? []);

  const { preamble, sections: parts } = sections(tree, 2);
  const results: ResultRecord[] = [];
  for (const section of parts) {
    const match = RESULT_HEADING.exec(section.title);
    if (!match?.[1] || !match[2]) {
      ctx.error(pointOf(section.heading), "results are headed `## Result N – Title`", RULE);
      continue;
    }
    const number = Number(match[1]);
    const block = ctx.sectionBlock(section, ResultBlockSchema, RULE, `Result ${number}`);
    const { preamble: prose, sections: activitySections } = sections(
      { type: "root", children: section.body },
      3,
    );
    const activities: ActivityRecord[] = [];
    for (const part of activitySections) {
      const activity = readActivity(ctx, part, number, own);
      if (activity) activities.push(activity);
    }
    if (!block) continue;
    if (prose.length === 0)
      ctx.error(
        pointOf(section.heading),
        `Result ${number} needs a summary in our own words before its activities`,
        RULE,
      );
    results.push({
      number,
      title: match[2].trim(),
      html: renderHtml(prose),
      text: plainText(prose),
      sources: block.sources,
      activities,
      origin: ctx.origin(pointOf(section.heading)),
    });
  }
  if (parts.length === 0)
    ctx.error({ line: 1, column: 1 }, "a workplan needs at least one `## Result N – Title`", RULE);
  if (!meta) return;
  ctx.records.workplans.push({
    meta,
    introHtml: renderHtml(withoutTopHeading(preamble)),
    results,
    origin: ctx.origin({ line: 1, column: 1 }),
    indicatorPoints: meta.indicators.map((indicator, i) =>
      indicator.recommendations.map((_, j) => fm.locate(["indicators", i, "recommendations", j])),
    ),
  });
}

function readActivity(
  ctx: FileContext,
  section: ReturnType<typeof sections>["sections"][number],
  result: number,
  own: ReadonlySet<string>,
): ActivityRecord | null {
  const at = pointOf(section.heading);
  const match = ACTIVITY_HEADING.exec(section.title);
  if (!match?.[1] || !match[2]) {
    ctx.error(at, "activities are headed `### 1.2.1 – Title`, with the workplan's number", RULE);
    return null;
  }
  const number = match[1];
  if (Number(number.split(".")[0]) !== result) {
    ctx.error(at, `activity ${number} is not part of Result ${result}`, RULE);
    return null;
  }
  const block = ctx.sectionBlock(section, ActivityBlockSchema, RULE, `Activity ${number}`);
  if (!block || !section.block) return null;
  const where = section.block;
  if (block.id !== undefined && !block.id.startsWith(`${number}-`)) {
    ctx.error(
      where.locate(["id"]),
      `the id of activity ${number} must be its number with a suffix, e.g. ${number}-ge`,
      RULE,
    );
    return null;
  }
  if (block.evidence && block.evidence.sources.every((id) => own.has(id))) {
    ctx.error(
      where.locate(["evidence", "sources"]),
      `the evidence that activity ${number} was ${block.status} must come from a source other than the workplan`,
      RULE,
    );
  }
  const body: RootContent[] = section.body;
  if (body.length === 0) {
    ctx.error(at, `activity ${number} needs a description in our own words`, RULE);
    return null;
  }
  block.countries.forEach((code, i) => {
    ctx.records.countryUses.push({ code, origin: ctx.origin(where.locate(["countries", i])) });
  });
  return {
    id: block.id ?? number,
    number,
    title: match[2].trim(),
    result,
    block,
    html: renderHtml(body),
    text: plainText(body),
    origin: ctx.origin(at),
    points: {
      see: block.see.map((_, i) => where.locate(["see", i])),
      recommendations: block.recommendations.map((_, i) => where.locate(["recommendations", i])),
      articles: block.articles.map((_, i) => where.locate(["articles", i])),
      meeting: block.meeting ? where.locate(["meeting"]) : null,
    },
  };
}
