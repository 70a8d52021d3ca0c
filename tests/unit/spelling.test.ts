import { describe, expect, it } from "vitest";
import type { Catalog } from "../../server/search/catalog.js";
import { spellingSuggestion } from "../../server/search/search.js";

/** A catalog with these countries and the Convention's Article 16 and 29. */
function catalog(countries: [code: string, name: string, aliases?: string[]][]): Catalog {
  return {
    countries: countries.map(([code, name, aliases = []]) => ({
      code,
      name,
      aliases,
      party: true,
      asOf: null,
    })),
    articles: [
      { number: 16, title: "Expedited preservation of stored computer data", place: null },
      { number: 29, title: "Expedited preservation of stored computer data", place: null },
    ],
    articleCount: 48,
    publishers: [],
    recommendationIds: [],
    meetings: [],
    instruments: [],
    guidanceCollections: [],
    workplan: null,
    thesaurus: [],
    synonyms: [],
    fingerprint: null,
    builtAt: null,
  };
}

describe("spelling suggestions for a search that found nothing", () => {
  const two = catalog([
    ["GE", "Georgia"],
    ["AM", "Armenia", ["Republic of Armenia"]],
  ]);

  it("replaces a misspelt word with the closest name or title word, and keeps the others", () => {
    expect(spellingSuggestion(["Gerorgia", "data"], two)).toBe("Georgia data");
    expect(spellingSuggestion(["preservaton", "in", "Armenja"], two)).toBe(
      "preservation in Armenia",
    );
    expect(spellingSuggestion(["republc"], two)).toBe("Republic");
  });

  it("writes a name as the catalog does, and a title's word with a capital only where it was typed with one", () => {
    expect(spellingSuggestion(["gerorgia"], two)).toBe("Georgia");
    expect(spellingSuggestion(["Preservaton"], two)).toBe("Preservation");
    expect(spellingSuggestion(["expedted", "preservaton"], two)).toBe("expedited preservation");
  });

  it("keeps the quotes and marks around a corrected word", () => {
    expect(spellingSuggestion(['"Gerorgia', 'preservation"'], two)).toBe('"Georgia preservation"');
    expect(spellingSuggestion(["(republc)"], two)).toBe("(Republic)");
  });

  it("suggests nothing when every word is known, short, or far from any term", () => {
    expect(spellingSuggestion(["Georgia", "preservation"], two)).toBeNull();
    expect(spellingSuggestion(["Gerg"], two)).toBeNull();
    expect(spellingSuggestion(['"qwertzuiopasdf"'], two)).toBeNull();
  });

  it("proposes the terms of the catalog it is given (each catalog's terms are its own)", () => {
    expect(spellingSuggestion(["Moldva"], two)).toBeNull();
    const three = catalog([
      ["GE", "Georgia"],
      ["AM", "Armenia"],
      ["MD", "Republic of Moldova", ["Moldova"]],
    ]);
    expect(spellingSuggestion(["Moldva"], three)).toBe("Moldova");
    // The first catalog's terms are still its own.
    expect(spellingSuggestion(["Moldva"], two)).toBeNull();
  });
});
