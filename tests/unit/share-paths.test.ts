import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharePaths } from "../../indexer/corpus/cache.js";
import { extractFile } from "../../indexer/extract/index.js";
import { CorpusReport } from "../../indexer/report.js";
import { FIXTURES } from "../setup/helpers.js";

/** Every `path` string anywhere in `value`. */
function pathsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) pathsIn(item, out);
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      if (key === "path" && typeof item === "string") out.push(item);
      else pathsIn(item, out);
    }
  return out;
}

describe("one string per file path in cached records", () => {
  it("leaves a country file's records as they were, and knows the one path they name", async () => {
    const path = "corpus/countries/ge.md";
    const text = await readFile(join(FIXTURES, "corpus-basic/countries/ge.md"), "utf8");
    const report = new CorpusReport();
    const records = extractFile(path, text, report);
    expect(report.ok).toBe(true);
    const named = pathsIn(records);
    // Origins at every depth: the country's, each analysis's, each source use's.
    expect(named.length).toBeGreaterThan(10);
    expect(new Set(named)).toEqual(new Set([path]));

    const copy = JSON.parse(JSON.stringify(records)) as typeof records;
    const paths = new Map<string, string>();
    expect(sharePaths(copy, paths)).toBe(copy);
    expect(copy).toEqual(records);
    expect([...paths.keys()]).toEqual([path]);
  });

  it("adds the paths it has not seen and keeps the others' values", () => {
    const paths = new Map([["a.md", "a.md"]]);
    const records = {
      origin: { path: "a.md", point: { line: 1 } },
      items: [{ origin: { path: "b.md" } }, null, "path", [{ path: "a.md" }]],
      path: 3,
    };
    sharePaths(records, paths);
    expect(records).toEqual({
      origin: { path: "a.md", point: { line: 1 } },
      items: [{ origin: { path: "b.md" } }, null, "path", [{ path: "a.md" }]],
      path: 3,
    });
    expect([...paths.keys()].sort()).toEqual(["a.md", "b.md"]);
  });
});
