import { describe, expect, it } from "vitest";
import { translator } from "../../server/i18n.js";
import { facetValuesHtml } from "../../server/routes/search/view-model.js";

describe("a facet's values as list items", () => {
  it("escapes every text as the template's {{…}} did, and marks the chosen values", () => {
    const html = facetValuesHtml(
      "country",
      [
        { value: 'X"><script>', count: 1234, label: "<b>Tom & 'Jerry'</b> =`", selected: true },
        { value: "GE", count: 3, label: "Georgia", selected: false },
      ],
      translator("ru"),
    );
    const items = html.split("\n").filter(Boolean);
    expect(items).toHaveLength(2);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(items[0]).toContain('value="X&quot;&gt;&lt;script&gt;"');
    expect(items[0]).toContain("&lt;b&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/b&gt; &#x3D;&#x60;");
    expect(items[0]).toContain('class="facet-value is-selected"');
    expect(items[0]).toMatch(/ checked> /);
    expect(items[0]).toMatch(
      /<span class="count">1\s234<span class="visually-hidden"> результата</u,
    );
    expect(items[1]).toContain('<input type="checkbox" name="country" value="GE">');
    expect(items[1]).toContain('3<span class="visually-hidden"> результата</span>');
  });

  it("marks corpus values as English on a page in another language, not the interface's words", () => {
    const one = { value: "v", count: 1, label: "Council of Europe Treaty Office", selected: false };
    const english = '<span class="facet-label" lang="en">';
    expect(facetValuesHtml("source", [one], translator("uk"))).toContain(english);
    expect(facetValuesHtml("country", [one], translator("ru"))).toContain(english);
    expect(facetValuesHtml("source", [one], translator("en"))).not.toContain(english);
    for (const name of ["kind", "status", "article", "chapter", "year"])
      expect(facetValuesHtml(name, [one], translator("ru")), name).not.toContain(english);
  });
});
