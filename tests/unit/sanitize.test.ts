import { describe, expect, it } from "vitest";
import { loadCorpusFromFiles } from "../../indexer/corpus/index.js";
import { buildDocuments } from "../../indexer/documents/index.js";
import { fixtureFiles, FIXTURES } from "../setup/helpers.js";
import { join } from "node:path";

describe("corpus text cannot inject markup", () => {
  it("strips scripts, event handlers and javascript: links from rendered Markdown", async () => {
    const files = await fixtureFiles(join(FIXTURES, "corpus-basic"));
    const ge = files.find((f) => f.path.endsWith("countries/ge.md"));
    if (!ge) throw new Error("fixture missing");
    ge.text = ge.text.replace(
      "Georgian fixture analysis",
      'Evil <script>alert(1)</script> <img src=x onerror="alert(2)"> [link](javascript:alert(3)) <a href="https://ok.example.org" onclick="x()">ok</a> Georgian fixture analysis',
    );
    const { corpus, report } = loadCorpusFromFiles(files);
    expect(report.messages).toEqual([]);
    const doc = buildDocuments(corpus).find((d) => d.id === "analysis-ge-29");
    expect(doc?.html).not.toMatch(/<script|onerror|onclick|javascript:/i);
    expect(doc?.html).toContain("Georgian fixture analysis");
  });
});
