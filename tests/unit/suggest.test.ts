import { describe, expect, it } from "vitest";
import type { Catalog } from "../../server/search/catalog.js";
import { suggestQueries } from "../../server/search/suggest.js";

/** A catalog with what the suggestions read: articles, countries, the thesaurus and synonyms. */
const catalog = {
  countries: [
    {
      code: "GE",
      name: "Georgia",
      aliases: ["Sakartvelo", "Грузия", "Грузія"],
      party: true,
      asOf: null,
    },
    {
      code: "MD",
      name: "Republic of Moldova",
      aliases: ["Moldova", "Молдова"],
      party: true,
      asOf: null,
    },
  ],
  articles: [
    { number: 16, title: "Expedited preservation of stored computer data", place: null },
    { number: 29, title: "Expedited preservation of stored computer data", place: null },
    { number: 35, title: "24/7 Network", place: null },
  ],
  articleCount: 48,
  thesaurus: [
    {
      id: "preservation",
      label: "expedited preservation",
      articles: [16, 29],
      terms: {
        en: ["expedited preservation", "quick freeze"],
        ru: ["сохранение компьютерных данных"],
      },
    },
  ],
  synonyms: [
    ["quick freeze", "expedited preservation", "data preservation"],
    ["mla", "mutual legal assistance"],
  ],
} as unknown as Catalog;

const values = (q: string) => suggestQueries(q, catalog).map((s) => s.value);

describe("suggestions for the search box", () => {
  it("offers the synonyms' terms, named by their group's concept or by the group's other terms", () => {
    expect(suggestQueries("data pres", catalog)).toEqual([
      { value: "data preservation", label: "expedited preservation", kind: "term" },
    ]);
    expect(suggestQueries("mla", catalog)).toEqual([
      { value: "mla", label: "mutual legal assistance", kind: "term" },
    ]);
    // A term the thesaurus holds too is offered once, as the thesaurus names it.
    expect(suggestQueries("quick", catalog)).toEqual([
      { value: "quick freeze", label: "expedited preservation", kind: "term" },
    ]);
  });

  it("offers the article a number names first, however the reference is begun", () => {
    for (const q of ["29", "art. 29", "Article 29", "ст. 29", "стаття 29"])
      expect(suggestQueries(q, catalog)[0], q).toEqual({
        value: "Article 29",
        label: "Expedited preservation of stored computer data",
        kind: "article",
      });
    expect(values("99")).toEqual([]);
  });

  it("offers countries by any of their names, with the name the base uses", () => {
    expect(suggestQueries("geo", catalog)).toEqual([
      { value: "Georgia", label: "Georgia", kind: "country" },
    ]);
    expect(suggestQueries("Гру", catalog).map((s) => [s.value, s.label])).toEqual([
      ["Грузия", "Georgia"],
      ["Грузія", "Georgia"],
    ]);
    // A word inside a name: "Moldova" in "Republic of Moldova", and the alias itself once.
    expect(values("mold")).toEqual(["Republic of Moldova", "Moldova"]);
  });

  it("offers thesaurus terms in every language, then articles by the words of their titles", () => {
    expect(suggestQueries("сохран", catalog)).toEqual([
      { value: "сохранение компьютерных данных", label: "expedited preservation", kind: "term" },
    ]);
    expect(values("preserv")).toEqual([
      "expedited preservation",
      "data preservation",
      "Article 16",
      "Article 29",
    ]);
    expect(values("quick f")).toEqual(["quick freeze"]);
    expect(values("24/7")).toEqual(["Article 35"]);
  });

  it("offers nothing for one character or words no name has, and at most the limit", () => {
    expect(values("g")).toEqual([]);
    expect(values("  ")).toEqual([]);
    expect(values("zzz")).toEqual([]);
    expect(values("Georgia preservation")).toEqual([]);
    expect(values("Georgia zz")).toEqual([]);
    expect(suggestQueries("e", catalog, 1)).toEqual([]);
    expect(suggestQueries("ex", catalog, 2)).toHaveLength(2);
  });

  it("completes the last words of a longer query by a country or term that begins with them", () => {
    expect(suggestQueries("Georgia quick f", catalog)).toEqual([
      { value: "Georgia quick freeze", label: "expedited preservation", kind: "term" },
    ]);
    expect(values("Georgia exped")).toEqual(["Georgia expedited preservation"]);
    expect(values("preservation Грузи")).toEqual(["preservation Грузия"]);
    expect(values("quick freeze Republic of Mol")).toEqual(["quick freeze Republic of Moldova"]);
    // A word inside a term does not complete the query: the suggestion would not begin with it.
    expect(values("Georgia freeze")).toEqual([]);
    // What the whole text names comes first, and alone.
    expect(values("quick f")).toEqual(["quick freeze"]);
  });
});
