import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { KIND_RANK, type DocumentOf } from "../../indexer/contract.js";
import { loadCorpusFromFiles } from "../../indexer/corpus/index.js";
import { buildDocuments } from "../../indexer/documents/index.js";
import { fixtureFiles, ROOT } from "../setup/helpers.js";
import { BASE_CORPUS, PARSE_CASES } from "../setup/parse-cases.js";

// The fixture corpus with the valid workplan of tests/fixtures/parse/workplan-ok laid over it.
async function documents() {
  const overlay = join(PARSE_CASES, "workplan-ok");
  const files = [
    ...(await fixtureFiles(BASE_CORPUS)),
    ...(await fixtureFiles(overlay)).map((f) => ({
      ...f,
      path: f.path.replace(relative(ROOT, overlay), relative(ROOT, BASE_CORPUS)),
    })),
  ];
  const { corpus, report } = loadCorpusFromFiles(files);
  expect(report.messages).toEqual([]);
  return buildDocuments(corpus, "2026-11-29T00:00:00.000Z");
}

const activity = (docs: Awaited<ReturnType<typeof documents>>, id: string) => {
  const doc = docs.find((d) => d.kind === "activity" && d.data.id === id);
  if (doc?.kind !== "activity") throw new Error(`no activity ${id}`);
  return doc as DocumentOf<"activity">;
};

describe("workplan documents", () => {
  it("gives every activity a searchable document of its own kind, in the workplan's order", async () => {
    const docs = await documents();
    const activities = docs.filter((d) => d.kind === "activity");
    expect(activities.map((d) => d.id)).toEqual([
      "activity-1_1",
      "activity-1_1_1",
      "activity-1_1_2",
      "activity-1_2",
      "activity-2_1-ge",
      "activity-2_1-md",
    ]);
    for (const doc of activities) {
      expect(doc.rank).toBe(KIND_RANK.activity);
      expect(doc.url).toMatch(/^\/project\/activities\//);
    }
  });

  it("places each activity under the one its number extends", async () => {
    const docs = await documents();
    expect(activity(docs, "1.1").data).toMatchObject({
      parent: null,
      children: ["1.1.1", "1.1.2"],
    });
    expect(activity(docs, "1.1.2").data.parent).toBe("1.1");
    expect(activity(docs, "2.1-md").data).toMatchObject({ number: "2.1", see: ["2.1-ge"] });
  });

  it("takes a held meeting's dates and place from the meetings file", async () => {
    const docs = await documents();
    const held = activity(docs, "1.1.1");
    expect(held.data.evidence).toMatchObject({
      start: "2015-09-09",
      end: "2015-09-11",
      label: "9–11 September 2015",
      place: "Bucharest",
      sources: [expect.objectContaining({ id: "fx-news" })],
    });
    expect(held.data.meeting?.id).toBe("fx-first");
    expect(held.date).toBe("2015-09-09");
    expect(held.text).toContain("Status: held (confirmed by another source), 9–11 September 2015.");
  });

  it("gives a planned activity no event date and says in its text that only the workplan names it", async () => {
    const docs = await documents();
    const planned = activity(docs, "1.1.2");
    expect(planned.date).toBeNull();
    expect(planned.year).toBe(2015);
    expect(planned.text).toContain("Planned: 14–16 December 2015, Tbilisi, Georgia.");
    expect(planned.text).toContain("Status: planned (only the workplan names it).");
    expect(planned.sources.map((s) => s.id)).toEqual(["fx-treaty"]);
  });

  it("keeps a year-only confirmation as a year", async () => {
    const docs = await documents();
    const template = activity(docs, "1.2");
    expect(template.data.evidence).toMatchObject({ start: "2016", end: null, label: "2016" });
    expect(template.data.requests).toEqual(["preservation"]);
    expect(template.articles).toEqual([29]);
    expect(template.recommendations).toEqual(["FX-01"]);
  });

  it("lists the workplan's unconfirmed meetings beside the others, marked planned", async () => {
    const meta = (await documents()).find((d) => d.kind === "meta");
    if (meta?.kind !== "meta") throw new Error("no meta document");
    expect(meta.data.meetings.map((m) => [m.id, m.planned, m.activity, m.start, m.end])).toEqual([
      ["fx-first", false, "1.1.1", "2015-09-09", "2015-09-11"],
      ["plan-1-1-2", true, "1.1.2", "2015-12-14", "2015-12-16"],
      ["fx-second", false, null, "2016-03-01", "2016-03-02"],
    ]);
  });

  it("computes each indicator's target from the project's start", async () => {
    const meta = (await documents()).find((d) => d.kind === "meta");
    if (meta?.kind !== "meta") throw new Error("no meta document");
    expect(meta.data.workplan).toMatchObject({
      months: 32,
      results: [{ number: 1 }, { number: 2 }],
    });
    expect(meta.data.workplan?.indicators).toEqual([
      expect.objectContaining({
        id: "fx-drafts",
        targetMonth: "2017-04",
        targetDate: "2017-04-30",
      }),
      expect.objectContaining({
        id: "fx-requests",
        targetMonth: "2017-10",
        targetDate: "2017-10-31",
        figures: [expect.objectContaining({ country: "MD", sent: 4, received: null })],
      }),
    ]);
  });
});
