import { describe, expect, it } from "vitest";
import type { DocumentOf, IndicatorData } from "../../indexer/index.js";
import { monthPosition, timelineChart } from "../../server/charts.js";
import {
  activityStatusLabel,
  countsFor,
  indicatorByCountry,
  statusCounts,
} from "../../server/search/workplan.js";

// The workplan's rules without an engine: which follow-up entries count for an indicator, and
// on which side of its target date they fall.
const DRAFTS: IndicatorData = {
  id: "draft-amendments",
  text: "Draft amendments are available.",
  month: 24,
  targetMonth: "2017-04",
  targetDate: "2017-04-30",
  measure: "followup",
  recommendations: ["KB-EAP-01"],
  statuses: ["draft-prepared", "adopted", "implemented"],
  figures: [],
  sources: [],
};
const COUNTS: IndicatorData = {
  ...DRAFTS,
  id: "mla-requests",
  month: 30,
  targetMonth: "2017-10",
  targetDate: "2017-10-31",
  measure: "request-counts",
  recommendations: [],
  statuses: [],
  figures: [{ country: "MD", period: "2017", sent: 12, received: null, note: null, sources: [] }],
};

let sequence = 0;
function entry(
  country: string,
  date: string,
  followup: DocumentOf<"followup">["followup"],
  recommendation = "KB-EAP-01",
): DocumentOf<"followup"> {
  sequence += 1;
  return {
    id: `fu-${sequence}`,
    kind: "followup",
    title: "",
    country,
    countryName: country,
    countries: [country],
    articles: [],
    articleRefs: [],
    chapter: null,
    status: null,
    followup,
    source: [],
    year: Number(date.slice(0, 4)),
    date,
    provisions: [],
    keywords: [],
    recommendations: [recommendation],
    summary: "",
    text: `${country} ${date}`,
    html: "",
    url: "",
    order: sequence,
    rank: 4,
    sources: [],
    origin: "",
    hash: "",
    access: ["public"],
    data: { recommendation, recTitle: null, sequence },
  };
}

describe("an indicator measured by follow-up", () => {
  const entries = [
    entry("AM", "2024-11-29", "adopted"),
    entry("AM", "2017-04-30", "draft-prepared"),
    entry("AM", "2017-05-01", "adopted"),
    entry("AM", "2016-01-10", "in-progress"),
    entry("GE", "2016-02-01", "adopted", "KB-MLA-04"),
    entry("MD", "2015-06-01", "implemented"),
  ];

  it("counts only its recommendations and statuses", () => {
    expect(countsFor(DRAFTS, entries[0]!)).toBe(true);
    expect(countsFor(DRAFTS, entries[3]!)).toBe(false);
    expect(countsFor(DRAFTS, entries[4]!)).toBe(false);
    expect(countsFor(COUNTS, entries[0]!)).toBe(false);
  });

  it("splits a country's entries at the target date, the last day of month 24 included, in time order", () => {
    const [am, ge, md, ua] = indicatorByCountry(DRAFTS, entries, ["AM", "GE", "MD", "UA"]);
    expect(am?.byTarget.map((e) => e.date)).toEqual(["2017-04-30"]);
    expect(am?.afterTarget.map((e) => e.date)).toEqual(["2017-05-01", "2024-11-29"]);
    expect(ge).toMatchObject({ byTarget: [], afterTarget: [] });
    expect(md?.byTarget.map((e) => e.date)).toEqual(["2015-06-01"]);
    expect(ua).toEqual({ country: "UA", byTarget: [], afterTarget: [], figures: [] });
  });
});

describe("an indicator measured by request counts", () => {
  it("shows the figures a source gives and nothing where none does", () => {
    const [md, ge] = indicatorByCountry(
      COUNTS,
      [entry("MD", "2017-01-01", "adopted")],
      ["MD", "GE"],
    );
    expect(md?.figures).toEqual([expect.objectContaining({ period: "2017", sent: 12 })]);
    expect(md?.byTarget).toEqual([]);
    expect(ge?.figures).toEqual([]);
  });
});

describe("activity statuses", () => {
  it("counts activities by status", () => {
    const of = (status: "planned" | "held" | "moved") =>
      ({ data: { status } }) as Pick<DocumentOf<"activity">, "data">;
    expect(statusCounts([of("planned"), of("held"), of("planned"), of("moved")])).toEqual({
      planned: 2,
      held: 1,
      cancelled: 0,
      moved: 1,
      total: 4,
    });
  });

  it("says a delivered piece of work is done and an event held", () => {
    expect(activityStatusLabel("held", "output")).toBe("Done");
    expect(activityStatusLabel("held", "meeting")).toBe("Held");
    expect(activityStatusLabel("planned", "output")).toBe("Planned");
  });
});

describe("the timeline's month axis", () => {
  it("spreads a date known to the year or month over all of it", () => {
    expect(monthPosition("2016", "start")).toBe(2016 * 12);
    expect(monthPosition("2016", "end")).toBe(2017 * 12);
    expect(monthPosition("2016-03", "start")).toBe(2016 * 12 + 2);
    expect(monthPosition("2016-03", "end")).toBe(2016 * 12 + 3);
  });

  it("places a day within its month", () => {
    expect(monthPosition("2016-04-01", "start")).toBe(2016 * 12 + 3);
    expect(monthPosition("2016-04-30", "end")).toBe(2016 * 12 + 4);
    expect(monthPosition("2016-04-16", "start")).toBeCloseTo(2016 * 12 + 3.5);
  });
});

describe("the timeline's legend", () => {
  it("gives each kind of bar a line of its own, inside the drawing, whatever the length of its words", () => {
    const svg = timelineChart({
      id: "t",
      title: "Plan and fact",
      description: "A test timeline",
      from: "2015-05-01",
      to: "2017-12-31",
      rows: [
        { label: "1.1", bars: [{ kind: "planned", start: "2015-06", end: null, title: "1.1" }] },
      ],
      legend: {
        planned: "Запланировано (план работы)",
        held: "Проведено или выполнено (подтверждено источником)",
      },
    });
    const height = Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)?.[1]);
    const lines = [...svg.matchAll(/<text class="chart-legend" x="[\d.]+" y="([\d.]+)">/g)].map(
      (m) => Number(m[1]),
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]! - lines[0]!).toBeGreaterThanOrEqual(14);
    expect(Math.max(...lines)).toBeLessThan(height);
  });
});
