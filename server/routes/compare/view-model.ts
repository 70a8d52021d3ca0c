/** The compare page's pickers: every country, and every article grouped by chapter and section. */
import type { Catalog } from "../../search/catalog.js";
import type { Translator } from "../../i18n.js";
import type { CompareSelection } from "./schema.js";

/** The pickers: every country, and every article grouped by chapter and section. */
export function pickers(catalog: Catalog, selection: CompareSelection) {
  // Headings are the Convention's own (English); the page puts "Chapter"/"Section" in its language.
  const chapters: {
    chapter: string;
    heading: string;
    sections: {
      section: string;
      heading: string;
      key: string | null;
      articles: { number: number; title: string; checked: boolean; chapter: string }[];
    }[];
  }[] = [];
  for (const a of catalog.articles) {
    const chapterKey = a.place?.chapter ?? "";
    let chapter = chapters.find((c) => c.chapter === chapterKey);
    if (!chapter) {
      chapter = { chapter: chapterKey, heading: a.place?.chapterHeading ?? "", sections: [] };
      chapters.push(chapter);
    }
    const sectionKey = a.place?.section ? `${chapterKey}.${a.place.section}` : null;
    let section = chapter.sections.find((s) => s.key === sectionKey);
    if (!section) {
      section = {
        section: String(a.place?.section ?? ""),
        heading: a.place?.sectionHeading ?? "",
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
  // `key` names the choice's words in the locale files (compare.quick.<key>).
  const quick = [
    { key: "chapter3", query: `countries=${countries}&chapter=III`, articles: "23-35" },
    { key: "mutualAssistance", query: `countries=${countries}&section=III.2`, articles: "29-35" },
    { key: "procedural", query: `countries=${countries}&section=II.2`, articles: "14-21" },
    { key: "everything", query: `countries=${countries}&articles=14-35`, articles: "14-35" },
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
      key: q.key,
      url: `/compare?${q.query}&pick=1#pickers`,
      articles: q.articles,
    })),
  };
}

/** The keys of the quick choices' words, for the locale check. */
export const QUICK_CHOICES = ["chapter3", "mutualAssistance", "procedural", "everything"] as const;

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
 * top of every printed page, the address and the page number at the bottom, in the reader's
 * language. A stylesheet of its own because margin boxes take text only from CSS, and inline
 * styles are not allowed (CSP).
 */
export function handoutCss(
  h: {
    /** "29–31, 35", and how many articles that is. */
    articles: string;
    articleCount: number;
    countries: string[];
    asOf: { from: string; to: string } | null;
    url: string;
    printed: string;
  },
  tr: Translator,
): string {
  const { t, date } = tr;
  const asOf = h.asOf
    ? ` · ${
        h.asOf.to !== h.asOf.from
          ? t("compare.handout.asOfRange", { from: date(h.asOf.from), to: date(h.asOf.to) })
          : t("compare.handout.asOf", { date: date(h.asOf.from) })
      }`
    : "";
  const articles = t(h.articleCount === 1 ? "compare.selectionOne" : "compare.selectionArticles", {
    list: h.articles,
  });
  const head = `${t("compare.title")} · ${articles} · ${h.countries.join(", ")}${asOf}`;
  const foot = `${h.url} · ${t("compare.handout.printed", { date: date(h.printed) })} · ${t("compare.handout.notOfficial")}`;
  // "Page 2 of 5": the numbers are CSS counters, the words around them strings.
  // Private-use characters stand for the counters while the sentence is translated.
  const PAGE = "\ue000";
  const PAGES = "\ue001";
  const pageOf = t("compare.handout.pageOf", { page: PAGE, pages: PAGES })
    .split(/(\ue000|\ue001)/)
    .filter((part) => part !== "")
    .map((part) =>
      part === PAGE ? "counter(page)" : part === PAGES ? "counter(pages)" : cssString(part),
    )
    .join(" ");
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
    content: ${pageOf};
    font: 7pt system-ui, sans-serif;
    color: #333;
    vertical-align: top;
  }
}
`;
}
