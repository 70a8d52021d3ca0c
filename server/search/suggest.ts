/**
 * Suggestions as the reader types in the search box: the article a number names, countries by
 * their names in any of the users' languages, thesaurus terms in every language, and articles
 * by the words of their titles. They come from the catalog (no engine query), and only from its
 * public reference data: the Convention's articles, the country list, the thesaurus and the
 * synonyms.
 */
import type { Catalog } from "./catalog.js";

export interface QuerySuggestion {
  /** What goes in the search box: the query parser understands it (`Article 29`, `Грузия`). */
  value: string;
  /** What it stands for, in English (an article's title, a country's or a concept's name). */
  label: string;
  kind: "article" | "country" | "term";
}

interface Entry extends QuerySuggestion {
  /** The words matched against, lower case, each preceded by a space. */
  words: string;
}

interface SuggestIndex {
  countries: Entry[];
  terms: Entry[];
  articles: Entry[];
}

const indexes = new WeakMap<Catalog, SuggestIndex>();

/** Lower case, one space between words, punctuation as spaces, with a leading space. */
function words(text: string): string {
  return ` ${text
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[^\p{L}\p{N}/]+/gu, " ")
    .trim()}`;
}

function indexOf(catalog: Catalog): SuggestIndex {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const countries: Entry[] = catalog.countries.flatMap((c) =>
    [c.name, ...c.aliases].map((name) => ({
      value: name,
      label: c.name,
      kind: "country" as const,
      words: words(name),
    })),
  );
  const terms: Entry[] = catalog.thesaurus.flatMap((concept) =>
    Object.values(concept.terms).flatMap((list) =>
      list.map((term) => ({
        value: term,
        label: concept.label,
        kind: "term" as const,
        words: words(term),
      })),
    ),
  );
  // The synonym groups' terms the thesaurus does not hold ("quick freeze", "mla"), named by the
  // concept of a term of their group when there is one, else by the group's other terms.
  const held = new Set(terms.map((t) => t.value.toLowerCase()));
  const conceptOf = (term: string) =>
    catalog.thesaurus.find((c) =>
      Object.values(c.terms).some((list) => list.some((t) => t.toLowerCase() === term)),
    );
  for (const group of catalog.synonyms ?? []) {
    const lower = group.map((t) => t.toLowerCase());
    const concept = lower.map(conceptOf).find((c) => c !== undefined);
    for (const term of group) {
      if (held.has(term.toLowerCase())) continue;
      held.add(term.toLowerCase());
      terms.push({
        value: term,
        label: concept?.label ?? group.filter((t) => t !== term).join(", "),
        kind: "term",
        words: words(term),
      });
    }
  }
  const articles: Entry[] = catalog.articles.map((a) => ({
    value: `Article ${a.number}`,
    label: a.title,
    kind: "article" as const,
    words: words(a.title),
  }));
  const index = { countries, terms, articles };
  indexes.set(catalog, index);
  return index;
}

/** An article reference as a reader starts it: `29`, `art. 29`, `Article 29`, `ст. 29`, `стаття 29`. */
const ARTICLE_NUMBER = /^(?:(?:articles?|arts?\.?|ст(?:атт[яіи]|ать[яиею])?\.?)\s*)?(\d{1,3})$/iu;

/**
 * Up to `limit` suggestions for what has been typed so far: the article a number names first,
 * then countries, thesaurus terms and article titles that have a word starting with it; failing
 * those, what was typed with its last words completed by a country or term. One suggestion per
 * value; nothing for fewer than two characters.
 */
export function suggestQueries(q: string, catalog: Catalog, limit = 8): QuerySuggestion[] {
  const typed = q.normalize("NFC").trim().replace(/\s+/g, " ");
  if (typed.length < 2) return [];
  const out: QuerySuggestion[] = [];
  const seen = new Set<string>();
  const add = (s: QuerySuggestion) => {
    const key = s.value.toLowerCase();
    if (out.length >= limit || seen.has(key)) return;
    seen.add(key);
    out.push({ value: s.value, label: s.label, kind: s.kind });
  };
  const number = ARTICLE_NUMBER.exec(typed);
  if (number) {
    const article = catalog.articles.find((a) => a.number === Number(number[1]));
    if (article) add({ value: `Article ${article.number}`, label: article.title, kind: "article" });
  }
  const wanted = words(typed);
  if (wanted.trim() === "") return out;
  const index = indexOf(catalog);
  for (const list of [index.countries, index.terms, index.articles])
    for (const entry of list) if (entry.words.includes(wanted)) add(entry);
  // Several words that no name holds together ("Georgia extrad"): the last words completed
  // by a name that begins with them ("Georgia extradition"), the longest ending first. The
  // whole suggestion then begins with what was typed, as the browser's list expects.
  const typedWords = typed.split(" ");
  for (let k = typedWords.length - 1; k >= 1 && out.length === 0; k--) {
    const head = typedWords.slice(0, typedWords.length - k).join(" ");
    const tail = words(typedWords.slice(-k).join(" "));
    if (tail.trim().length < 2) continue;
    for (const list of [index.countries, index.terms])
      for (const entry of list)
        if (entry.words.startsWith(tail) && entry.value.toLowerCase().startsWith(tail.trim()))
          add({ ...entry, value: `${head} ${entry.value}` });
  }
  return out;
}
