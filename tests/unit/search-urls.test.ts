import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addValueUrls, searchUrl } from "../../server/routes/search/urls.js";
import { FACET_NAMES, SORTS, type SearchRequest } from "../../server/search/search.js";

const text = fc.string({
  maxLength: 12,
  unit: fc.constantFrom("a", "é", " ", "&", "=", "+", "/", "ст", "2"),
});
const request: fc.Arbitrary<SearchRequest> = fc.record({
  q: text,
  filters: fc.record(
    Object.fromEntries(FACET_NAMES.map((f) => [f, fc.array(text, { maxLength: 2 })])) as Record<
      (typeof FACET_NAMES)[number],
      fc.Arbitrary<string[]>
    >,
  ),
  sort: fc.constantFrom(...SORTS),
  page: fc.integer({ min: 1, max: 5 }),
  hitsPerPage: fc.constant(20),
  literal: fc.boolean(),
});

describe("facet links on the search page", () => {
  it("are the addresses searchUrl gives for the search with the value added", () => {
    fc.assert(
      fc.property(request, fc.constantFrom(...FACET_NAMES), text, (req, facet, value) => {
        const expected = searchUrl(req, { filters: { [facet]: [...req.filters[facet], value] } });
        expect(addValueUrls(req)(facet, value)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("keep the query, the other filters and the sort, and start at page 1", () => {
    const req: SearchRequest = {
      q: "quick freeze",
      filters: {
        ...Object.fromEntries(FACET_NAMES.map((f) => [f, []])),
        country: ["GE"],
        kind: ["analysis"],
      } as SearchRequest["filters"],
      sort: "newest",
      page: 3,
      hitsPerPage: 20,
      literal: false,
    };
    expect(addValueUrls(req)("article", "29")).toBe(
      "/search?q=quick+freeze&country=GE&article=29&kind=analysis&sort=newest",
    );
  });
});
