import { describe, expect, it } from "vitest";
import { escapeHtml, highlight } from "../../server/search/highlight.js";
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
