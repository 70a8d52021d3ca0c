/** An instrument's structure: where each article sits (chapter, section, title). */
import type { ArticlePlace } from "../contract.js";
import type { InstrumentRecord } from "../extract/index.js";

export type { ArticlePlace };

/** Maps each article number to its place in an instrument's structure. */
export function structureArticles(
  structure: InstrumentRecord["meta"]["structure"],
): Map<number, ArticlePlace> {
  const places = new Map<number, ArticlePlace>();
  const put = (range: string | number | undefined, place: ArticlePlace) => {
    for (const n of expandRange(range)) places.set(n, place);
  };
  for (const chapter of structure) {
    const base = {
      chapter: chapter.chapter,
      chapterHeading: chapter.heading,
      section: null,
      sectionHeading: null,
      title: null,
      titleHeading: null,
    };
    put(chapter.articles, base);
    for (const section of chapter.sections ?? []) {
      const inSection = { ...base, section: section.section, sectionHeading: section.heading };
      put(section.articles, inSection);
      for (const title of section.titles ?? []) {
        put(title.articles, { ...inSection, title: title.title, titleHeading: title.heading });
      }
    }
  }
  return places;
}

function expandRange(range: string | number | undefined): number[] {
  if (range === undefined) return [];
  if (typeof range === "number") return [range];
  const [from, to] = range.split("-").map((s) => Number(s.trim()));
  if (from === undefined) return [];
  const end = to ?? from;
  const out: number[] = [];
  for (let n = from; n <= end; n++) out.push(n);
  return out;
}

/** `1-3, 7, 9-10`. */
export function compactRanges(numbers: number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const n of [...sorted.slice(1), Number.NaN]) {
    if (start === undefined || prev === undefined) break;
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return parts.join(", ");
}

