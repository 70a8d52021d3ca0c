import { describe, expect, it } from "vitest";
import { KbDocumentSchema } from "../../indexer/contract.js";
import { loadCorpus } from "../../indexer/corpus/index.js";
import { formatCoverage, interpretationCoverage, paragraphLabel } from "../../indexer/coverage.js";
import { fixtureDocuments, REAL_CORPUS, removeDir } from "../setup/helpers.js";
import { interpretationCorpus } from "../setup/interpretation.js";

// The Explanatory Report and the Guidance Notes: how they become documents and how `npm run
// check` reports their coverage.
describe("Explanatory Report and Guidance Notes", async () => {
  const dir = await interpretationCorpus();
  const { corpus, documents } = await fixtureDocuments(dir).finally(() => removeDir(dir));

  it("makes each Guidance Note a document found by the articles it concerns", () => {
    const notes = documents.filter((d) => d.kind === "guidance-note");
    expect(notes.map((n) => n.id)).toEqual(["gn-bc-7", "gn-bc-10"]);
    const note = notes.find((n) => n.id === "gn-bc-7");
    expect(note).toMatchObject({
      title: "Guidance Note 7 – Preservation across borders",
      articles: [16, 29],
      articleRefs: ["16", "29"],
      chapter: "II",
      date: "2016-06-01",
      year: 2016,
      url: "/guidance-notes#gn-7",
      source: ["Fixture Committee"],
      rank: 2,
    });
    expect(note?.text).toContain("Preservation requests should be answered within hours");
    expect(note?.kind === "guidance-note" && note.data).toEqual({
      instrument: "bc",
      body: "Fixture Committee (T-CY)",
      number: 7,
      noteTitle: "Preservation across borders",
      adopted: "2016-06-01",
      document: null,
      concerns: [16, 29],
      anchor: "gn-7",
    });
    const ten = notes.find((n) => n.id === "gn-bc-10");
    expect(ten?.keywords).toEqual(
      expect.arrayContaining(["Guidance Note 10", "T-CY(2015)16", "subscriber information"]),
    );
    for (const doc of notes) expect(KbDocumentSchema.safeParse(doc).success, doc.id).toBe(true);
  });

  it("puts the Report's summaries into the article's data and searchable text", () => {
    const article = documents.find((d) => d.id === "bc-art-29");
    if (article?.kind !== "article") throw new Error("no article 29");
    expect(article.data.explanatoryReport.map((r) => r.paragraphs)).toEqual([
      "282-283",
      "285, 287",
    ]);
    expect(article.data.explanatoryReportSource?.id).toBe("fx-er");
    expect(article.text).toContain(
      "Explanatory Report paragraphs 282-283: Preservation is a provisional measure",
    );
    const other = documents.find((d) => d.id === "bc-art-31");
    expect(other?.kind === "article" && other.data.explanatoryReport).toEqual([]);
    // The instrument names its Report, so every article can link to it.
    expect(other?.kind === "article" && other.data.explanatoryReportSource?.id).toBe("fx-er");
  });

  it("keeps the Guidance Notes file's introduction in the meta document", () => {
    const meta = documents.find((d) => d.kind === "meta");
    if (meta?.kind !== "meta") throw new Error("no meta document");
    expect(meta.data.guidanceCollections).toHaveLength(1);
    expect(meta.data.guidanceCollections[0]).toMatchObject({
      instrument: "bc",
      body: "Fixture Committee (T-CY)",
      note: "Fixture notes; their texts were read for this fixture.",
    });
    expect(meta.data.guidanceCollections[0]?.introHtml).toContain(
      "<strong>Guidance Note 2</strong>",
    );
    expect(meta.data.guidanceCollections[0]?.introHtml).not.toContain("<h1");
  });

  it("reports per article the paragraphs and notes recorded, Arts. 14–35 at least", () => {
    const rows = interpretationCoverage(corpus);
    expect(rows.map((r) => r.article)).toEqual(Array.from({ length: 22 }, (_, i) => 14 + i));
    expect(rows.find((r) => r.article === 29)).toEqual({
      article: 29,
      paragraphs: ["282-283", "285, 287"],
      notes: [7],
    });
    const text = formatCoverage(corpus);
    expect(text).toMatch(/^ {2}Art\. 16 {2}ER none +GN 7$/m);
    expect(text).toMatch(/^ {2}Art\. 29 {2}ER ¶¶282–283; ¶¶285, 287 {2}GN 7$/m);
    expect(text).toMatch(/^ {2}Art\. 31 {2}ER none +GN none$/m);
    expect(text).toContain("Arts. 14–35: ER for 1 of 22, GN for 3 of 22");
    // After the assessment table, before the summary line.
    expect(text.indexOf("Explanatory Report (ER)")).toBeGreaterThan(text.indexOf("GE Georgia"));
    expect(text.indexOf("Explanatory Report (ER)")).toBeLessThan(text.indexOf("recommendations"));
  });

  it("writes paragraph numbers the way a lawyer cites them", () => {
    expect(paragraphLabel("176")).toBe("¶176");
    expect(paragraphLabel("171-174")).toBe("¶¶171–174");
    expect(paragraphLabel("171 - 174,180")).toBe("¶¶171–174, 180");
  });

  it("lists an article outside Arts. 14–35 only when something is recorded for it", async () => {
    const { corpus: real } = await loadCorpus(REAL_CORPUS);
    const rows = interpretationCoverage(real);
    expect(rows.length).toBeGreaterThanOrEqual(22);
    for (const row of rows.filter((r) => r.article < 14 || r.article > 35))
      expect(row.paragraphs.length + row.notes.length, `Art. ${row.article}`).toBeGreaterThan(0);
  });
});
