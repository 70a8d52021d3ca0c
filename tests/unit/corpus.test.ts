import { describe, expect, it } from "vitest";
import { ASSESSMENT_STATUSES } from "../../indexer/contract.js";
import { loadCorpus } from "../../indexer/corpus/index.js";
import { REAL_CORPUS } from "../setup/helpers.js";

// The real corpus, as shipped: the counts the corpus issue promises, and the honesty rules that
// a machine can check.
describe("the real corpus", async () => {
  const { corpus, report } = await loadCorpus(REAL_CORPUS);
  const SIX = ["AM", "AZ", "BY", "GE", "MD", "UA"];
  const REQUIRED_ARTICLES = [
    14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
  ];

  it("passes the check", () => {
    expect(report.messages).toEqual([]);
  });

  it("has all 48 articles of the Budapest Convention with titles and a place in its structure", () => {
    expect(corpus.primary?.meta.treaty).toBe("ETS No. 185");
    expect(corpus.primary?.articles.map((a) => a.number)).toEqual(
      Array.from({ length: 48 }, (_, i) => i + 1),
    );
    for (const article of corpus.primary?.articles ?? []) {
      expect(article.title, `Article ${article.number}`).toBeTruthy();
      expect(article.text.length, `Article ${article.number} summary`).toBeGreaterThan(40);
    }
  });

  it("lists the elements of Articles 14 to 35", () => {
    for (const article of corpus.primary?.articles.filter(
      (a) => a.number >= 14 && a.number <= 35,
    ) ?? []) {
      expect(article.block.elements?.length ?? 0, `Article ${article.number}`).toBeGreaterThan(0);
    }
    const refs =
      corpus.primary?.articles.find((a) => a.number === 29)?.block.elements?.map((e) => e.ref) ??
      [];
    expect(refs).toEqual(
      expect.arrayContaining(["29.2.a", "29.2.b", "29.2.c", "29.2.d", "29.2.e", "29.2.f", "29.7"]),
    );
  });

  it("covers the six countries, each with at least the 21 articles of the brief and a source with a URL on each", () => {
    expect(corpus.countries.map((c) => c.meta.code)).toEqual(SIX);
    for (const country of corpus.countries) {
      const articles = country.analyses.map((a) => a.article);
      expect(articles, country.meta.code).toEqual(expect.arrayContaining(REQUIRED_ARTICLES));
      for (const analysis of country.analyses) {
        expect(
          analysis.block.sources.length,
          `${country.meta.code} Art. ${analysis.article}`,
        ).toBeGreaterThan(0);
        for (const id of analysis.block.sources)
          expect(corpus.sources.get(id)?.url).toMatch(/^https?:\/\//);
        expect(ASSESSMENT_STATUSES).toContain(analysis.block.status);
        if (analysis.block.status === "unknown") expect(analysis.block.missing).toBeTruthy();
      }
    }
  });

  it("treats Belarus as a non-Party benchmark", () => {
    const by = corpus.countries.find((c) => c.meta.code === "BY");
    expect(by?.meta.party).toBe(false);
    expect(by?.meta.budapest.signed).toBe("no");
  });

  it("gives every recommendation at least one article and one country", () => {
    expect(corpus.recommendations.length).toBeGreaterThan(0);
    for (const rec of corpus.recommendations) {
      expect(rec.block.articles.length, rec.id).toBeGreaterThan(0);
      expect(rec.block.countries.length, rec.id).toBeGreaterThan(0);
    }
  });

  it("keeps the working-group meetings with their dates", () => {
    const bucharest = corpus.meetings.find(
      (m) => m.row.place === "Bucharest" && m.row.start === "2015-09-09",
    );
    expect(bucharest?.row.end).toBe("2015-09-11");
  });

  it("holds the project's workplan: planned dates, held only where another source confirms it", () => {
    const workplan = corpus.workplan;
    expect(workplan?.meta).toMatchObject({ start: "2015-05-01", end: "2017-12-31" });
    const activities = workplan?.results.flatMap((r) => r.activities) ?? [];
    expect(activities.length).toBeGreaterThan(40);
    for (const activity of activities) {
      expect(activity.block.sources, activity.id).toContain("eap2-workplan");
      if (activity.block.status === "planned") continue;
      const others = activity.block.evidence?.sources.filter((id) => id !== "eap2-workplan");
      expect(others?.length, activity.id).toBeGreaterThan(0);
    }
    for (const id of ["1.2.2", "1.2.3"]) {
      const meeting = activities.find((a) => a.id === id);
      expect(meeting?.block, id).toMatchObject({ form: "meeting", status: "planned" });
      expect(meeting?.block.evidence, id).toBeUndefined();
    }
    const source = corpus.sources.get("eap2-workplan");
    expect(source).toMatchObject({
      publisher: "Council of Europe, Cybercrime Programme Office",
      url: "https://www.coe.int/en/web/cybercrime/cybercrime-eap-ii",
      official: true,
    });
    expect(source?.note).toContain("the project's public page on coe.int, not the document");
    expect(source?.note).toContain("planned dates");
  });

  it("has only well-formed source URLs", () => {
    for (const source of corpus.sources.values()) {
      const url = new URL(source.url);
      expect(["http:", "https:"], source.id).toContain(url.protocol);
      expect(url.hostname, source.id).toMatch(/\./);
    }
  });

  it("names no person by e-mail address or phone number", () => {
    const text = [
      ...corpus.countries.flatMap((c) => [
        c.introText,
        ...c.analyses.flatMap((a) => [a.analysisText, a.gapsText]),
      ]),
      ...corpus.countries.flatMap((c) =>
        [...c.meta.contact_points, ...c.meta.central_authorities].map(
          (a) => `${a.authority} ${a.role}`,
        ),
      ),
      ...corpus.recommendations.map((r) => r.text),
      ...corpus.followups.map((f) => f.row.event),
      ...(corpus.workplan?.results.flatMap((r) => [
        r.text,
        ...r.activities.map((a) => `${a.title} ${a.text}`),
      ]) ?? []),
    ].join("\n");
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(text).not.toMatch(/\+\d[\d\s().-]{7,}\d/);
  });

  it("names no head of state or official in source titles, URLs or notes (authorities only)", () => {
    // A guard against the names most likely to slip in through news headlines; not a full list.
    const names =
      /aliyev|lukash|lukasch|pashinyan|zelensk|sandu\b|kobakhidze|venediktova|kostin\b|\bmr\.? [A-Z]|\bms\.? [A-Z]/i;
    for (const source of corpus.sources.values()) {
      expect(`${source.title} ${source.url} ${source.note ?? ""}`, source.id).not.toMatch(names);
    }
  });

  it("loads the synonyms the search needs", () => {
    const terms = corpus.synonyms.flatMap((g) => g.terms);
    for (const term of [
      "quick freeze",
      "expedited preservation",
      "mla",
      "mutual legal assistance",
      "24/7",
      "point of contact",
      "subscriber information",
      "isp",
      "service provider",
      "e-evidence",
      "interception",
    ]) {
      expect(terms).toContain(term);
    }
  });
});
