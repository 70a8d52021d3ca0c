/** The compare page's pickers: every country, and every article grouped by chapter and section. */
import type { Catalog } from "../../search/catalog.js";
import { formatDate } from "../../views.js";
import type { CompareSelection } from "./schema.js";

/** The pickers: every country, and every article grouped by chapter and section. */
export function pickers(catalog: Catalog, selection: CompareSelection) {
  const chapters: {
    label: string;
    chapter: string;
    sections: {
      label: string;
      key: string | null;
      articles: { number: number; title: string; checked: boolean; chapter: string }[];
    }[];
  }[] = [];
  for (const a of catalog.articles) {
    const chapterKey = a.place?.chapter ?? "";
    let chapter = chapters.find((c) => c.chapter === chapterKey);
    if (!chapter) {
      chapter = {
        label: a.place ? `Chapter ${a.place.chapter} – ${a.place.chapterHeading}` : "Articles",
        chapter: chapterKey,
        sections: [],
      };
      chapters.push(chapter);
    }
    const sectionKey = a.place?.section ? `${chapterKey}.${a.place.section}` : null;
    let section = chapter.sections.find((s) => s.key === sectionKey);
    if (!section) {
      section = {
        label: a.place?.sectionHeading
          ? `Section ${a.place.section} – ${a.place.sectionHeading}`
          : "",
        key: sectionKey,
        articles: [],
      };
      chapter.sections.push(section);
    }
    section.articles.push({
      number: a.number,
      title: a.title,
      checked: selection.articles.includes(a.number),
      chapter: chapterKey,
    });
  }
  const countries = selection.countries.join(",");
  const quick = [
    {
      label: "Chapter III – international co-operation (23–35)",
      query: `countries=${countries}&chapter=III`,
      articles: "23-35",
    },
    {
      label: "Mutual assistance, specific provisions (29–35)",
      query: `countries=${countries}&section=III.2`,
      articles: "29-35",
    },
    {
      label: "Procedural law (14–21)",
      query: `countries=${countries}&section=II.2`,
      articles: "14-21",
    },
    {
      label: "Everything analysed (14–35)",
      query: `countries=${countries}&articles=14-35`,
      articles: "14-35",
    },
  ];
  return {
    countries: catalog.countries.map((c) => ({
      code: c.code,
      name: c.name,
      checked: selection.countries.includes(c.code),
    })),
    chapters,
    // Without JavaScript a quick choice loads the comparison and keeps the picker open; with it,
    // the choice only ticks the boxes (views/static/app.js).
    quick: quick.map((q) => ({
      label: q.label,
      url: `/compare?${q.query}&pick=1#pickers`,
      articles: q.articles,
    })),
  };
}

/** A CSS string literal: quotes, backslashes and every character outside printable ASCII escaped. */
export function cssString(text: string): string {
  let out = "";
  for (const ch of text.replace(/[\r\n\f]+/g, " ")) {
    const code = ch.codePointAt(0) ?? 32;
    out += ch === '"' || ch === "\\" || code < 0x20 || code > 0x7e ? `\\${code.toString(16)} ` : ch;
  }
  return `"${out}"`;
}

/**
 * The handout's running head and foot, as page margin boxes: the selection and the dates at the
 * top of every printed page, the address and the page number at the bottom. A stylesheet of its
 * own because margin boxes take text only from CSS, and inline styles are not allowed (CSP).
 */
export function handoutCss(h: {
  articles: string;
  countries: string[];
  asOf: { from: string; to: string } | null;
  url: string;
  printed: string;
}): string {
  const asOf = h.asOf
    ? ` · analyses as of ${formatDate(h.asOf.from)}${h.asOf.to !== h.asOf.from ? ` to ${formatDate(h.asOf.to)}` : ""}`
    : "";
  const head = `Compare countries · Articles ${h.articles} · ${h.countries.join(", ")}${asOf}`;
  const foot = `${h.url} · printed ${formatDate(h.printed)} · illustrative analysis, not an official document`;
  return `@page {
  @top-left {
    content: ${cssString(head)};
    font: 7.5pt system-ui, sans-serif;
    color: #333;
    vertical-align: bottom;
  }
  @bottom-left {
    content: ${cssString(foot)};
    font: 7pt system-ui, sans-serif;
    color: #333;
    vertical-align: top;
  }
  @bottom-right {
    content: "Page " counter(page) " of " counter(pages);
    font: 7pt system-ui, sans-serif;
    color: #333;
    vertical-align: top;
  }
}
`;
}
