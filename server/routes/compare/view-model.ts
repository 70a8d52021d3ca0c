/** The compare page's pickers: every country, and every article grouped by chapter and section. */
import type { Catalog } from "../../search/catalog.js";
import type { CompareSelection } from "./schema.js";

/** The pickers: every country, and every article grouped by chapter and section. */
export function pickers(catalog: Catalog, selection: CompareSelection) {
  const chapters: {
    label: string;
    chapter: string;
    sections: {
      label: string;
      key: string | null;
      articles: { number: number; title: string; checked: boolean }[];
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
    });
  }
  const countries = selection.countries.join(",");
  const quick = [
    {
      label: "Chapter III – international co-operation (23–35)",
      query: `countries=${countries}&chapter=III`,
    },
    {
      label: "Mutual assistance, specific provisions (29–35)",
      query: `countries=${countries}&section=III.2`,
    },
    { label: "Procedural law (14–21)", query: `countries=${countries}&section=II.2` },
    { label: "Everything analysed (14–35)", query: `countries=${countries}&articles=14-35` },
  ];
  return {
    countries: catalog.countries.map((c) => ({
      code: c.code,
      name: c.name,
      checked: selection.countries.includes(c.code),
    })),
    chapters,
    quick: quick.map((q) => ({ label: q.label, url: `/compare?${q.query}` })),
  };
}
