/** The state of extracting one file: its path, the report, what it contributed so far. */
import type { z } from "zod";
import { pointOf, type Section } from "../markdown.js";
import type { CorpusReport } from "../report.js";
import { zodProblems, type Point, type YamlBlock } from "../yaml-block.js";
import type { FileRecords, Origin } from "./records.js";

/** Validation and positioned messages for one file. */
export class FileContext {
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
