import { describe, expect, it } from "vitest";
import { escapeHtml, highlight, unmarkNoise } from "../../server/search/highlight.js";
import { MARK_END, MARK_START } from "../../server/search/search.js";

const S = MARK_START;
const E = MARK_END;

describe("highlighting escapes the text before marking matches", () => {
  it("wraps marked spans in <mark>", () => {
    expect(highlight(`the ${S}quick${E} freeze`, S, E)).toBe("the <mark>quick</mark> freeze");
  });
  it("escapes markup in the indexed text, inside and outside the marks", () => {
    expect(highlight(`<b>${S}<script>${E}</b>`, S, E)).toBe(
      "&lt;b&gt;<mark>&lt;script&gt;</mark>&lt;/b&gt;",
    );
  });
  it("escapes quotes and ampersands", () => {
    expect(escapeHtml(`"a" & 'b'`)).toBe("&quot;a&quot; &amp; &#39;b&#39;");
  });
  it("closes an unbalanced mark and ignores a stray end", () => {
    expect(highlight(`a ${S}b`, S, E)).toBe("a <mark>b</mark>");
    expect(highlight(`a${E} b`, S, E)).toBe("a b");
  });
});

describe("marks that would distract are dropped", () => {
  const clean = (text: string) => highlight(unmarkNoise(text, S, E), S, E);
  it("does not mark stop words", () => {
    expect(clean(`${S}point${E} ${S}of${E} ${S}contact${E} ${S}The${E} end`)).toBe(
      "<mark>point</mark> of <mark>contact</mark> The end",
    );
  });
  it("keeps a marked phrase whole but drops stop words at its edges", () => {
    expect(clean(`${S}point of contact${E} and ${S}of data${E}`)).toBe(
      "<mark>point of contact</mark> and of <mark>data</mark>",
    );
  });
  it("does not mark the digits of an article reference", () => {
    expect(clean(`under Art. ${S}24${E}(${S}7${E}) and Article ${S}35${E}`)).toBe(
      "under Art. 24(7) and Article 35",
    );
    expect(clean(`under Art. ${S}24(7${E})(a)`)).toBe("under Art. 24(7)(a)");
  });
  it("does not mark the digits of a Russian or Ukrainian article reference", () => {
    expect(clean(`см. ст. ${S}35${E} и статью ${S}29${E}; згідно зі статтею ${S}16${E}`)).toBe(
      "см. ст. 35 и статью 29; згідно зі статтею 16",
    );
    // A word that only ends like one, or only starts like one, is not a reference.
    expect(clean(`Go-karts. ${S}35${E}, статус ${S}29${E}`)).toBe(
      "Go-karts. <mark>35</mark>, статус <mark>29</mark>",
    );
  });
  it("keeps digits that are not a reference, such as 24/7", () => {
    expect(clean(`a ${S}24${E}/${S}7${E} ${S}point${E}`)).toBe(
      "a <mark>24</mark>/<mark>7</mark> <mark>point</mark>",
    );
  });
});
