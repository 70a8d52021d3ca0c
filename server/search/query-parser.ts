/**
 * Finds article references (`art. 29`, `Article 29(2)`, `Articles 29-31`, `BC 29`, `ст. 29`,
 * `стаття 29`) and country names or codes in a query. They become filters; the rest of the
 * query is searched as text. Full-text search cannot do this: `29(2)` splits into two words and
 * `29` would also match `290` as a prefix. Then the thesaurus's terms in the users' languages
 * (`сохранение данных`) are replaced by the concept's English term (see concepts.ts).
 */
import type { ThesaurusConceptData } from "../../indexer/index.js";
import { findConcepts, type ConceptMatch } from "./concepts.js";

export type { ConceptMatch };

export interface ArticleRef {
  number: number;
  /** Paragraph path below the article, dotted: "2", "2.a"; null for the whole article. */
  paragraph: string | null;
  /** How we show it: "Article 29(2)(a)". */
  label: string;
}

/** Something noticed in a query but not used: a message key with its values, and the English. */
export interface QueryNotice {
  key: "noSuchArticle" | "noSuchArticleText" | "badRange";
  params: Record<string, number | string>;
  text: string;
}

/** The notice keys, for the translations' test. */
export const NOTICE_KEYS: readonly QueryNotice["key"][] = [
  "noSuchArticle",
  "noSuchArticleText",
  "badRange",
];

export interface ParsedQuery {
  /** What is searched as text: the query without the recognised references, concepts in English. */
  text: string;
  /** The query without the recognised article and country references, concepts as typed. */
  rest: string;
  articles: ArticleRef[];
  countries: string[];
  /** Thesaurus terms recognised in the query, left to right. */
  concepts: ConceptMatch[];
  /** Things we noticed but could not use (e.g. an article number outside the Convention). */
  notices: QueryNotice[];
}

export interface CountryName {
  code: string;
  name: string;
  aliases: readonly string[];
}

const PREFIX = String.raw`(?:articles?|arts?\.?|bc|ст(?:атт[яіи]|ать[яиею])?\.?)`;
const NUMBER = String.raw`(\d{1,3})`;
const PARAS = String.raw`((?:\s*\(\s*(?:\d{1,2}|[a-z])\s*\))*)`;
const RANGE = String.raw`(?:\s*(?:-|–|—|to|до|по)\s*(\d{1,3}))?`;
const LIST = String.raw`((?:\s*(?:,|and|&|і|и|та)\s*\d{1,3}(?!\d))*)`;
const ARTICLE_PATTERN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${PREFIX}\s*${NUMBER}${PARAS}${RANGE}${LIST}(?![\p{L}\p{N}])`,
  "giu",
);

/**
 * Parses `q`; `countries` supplies the names, aliases and codes to recognise, `articleCount`
 * the Convention's last article (from the catalog), `thesaurus` the concepts to recognise.
 */
/**
 * The 24/7 network as people also type it: `24x7`, `24×7`, `24х7` (a Cyrillic х), `24-7`. The
 * corpus writes "24/7", which the engine keeps as one word (its dictionary), so a query in another
 * spelling would find Article 24's "24(7)" or nothing.
 */
const TWENTY_FOUR_SEVEN = /(?<![\p{L}\p{N}/.(])24\s?[xх×-]\s?7(?![\p{L}\p{N}(])/giu;

export function parseQuery(
  q: string,
  countries: readonly CountryName[],
  articleCount = 48,
  thesaurus: readonly ThesaurusConceptData[] = [],
): ParsedQuery {
  const MAX_ARTICLE = articleCount;
  const MAX_RANGE = articleCount;
  const notices: QueryNotice[] = [];
  const articles: ArticleRef[] = [];
  let text = q.normalize("NFC");

  // Recognised spans are blanked with spaces of the same length, so positions stay comparable.
  text = text.replace(
    ARTICLE_PATTERN,
    (match: string, num: string, paras: string, to: string | undefined, list: string) => {
      const from = Number(num);
      const numbers: number[] = [];
      if (to !== undefined) {
        const end = Number(to);
        if (end < from || end - from > MAX_RANGE) {
          notices.push({
            key: "badRange",
            params: { from, to: end },
            text: `The range ${from}–${end} is not a valid range of articles.`,
          });
          return " ".repeat(match.length);
        }
        for (let n = from; n <= end; n++) numbers.push(n);
      } else {
        numbers.push(from);
      }
      for (const extra of list.match(/\d{1,3}/g) ?? []) numbers.push(Number(extra));
      const paragraph = paras
        ? [...paras.matchAll(/\(\s*(\d{1,2}|[a-z])\s*\)/gi)]
            .map((m) => (m[1] ?? "").toLowerCase())
            .join(".")
        : "";
      // A reference that names no article of the Convention ("Art. 208") is most likely one to
      // a national law: it is searched as text (the provisions cite "Code, Art. 208"), and said so.
      if (numbers.every((n) => n < 1 || n > MAX_ARTICLE)) {
        const typed = match.trim();
        notices.push({
          key: "noSuchArticleText",
          params: { n: from, max: MAX_ARTICLE, typed },
          text: `There is no Article ${from} in the Convention (Articles 1–${MAX_ARTICLE}): “${typed}” is searched as text.`,
        });
        return match;
      }
      for (const n of numbers) {
        if (n < 1 || n > MAX_ARTICLE) {
          notices.push({
            key: "noSuchArticle",
            params: { n, max: MAX_ARTICLE },
            text: `There is no Article ${n} in the Convention (Articles 1–${MAX_ARTICLE}).`,
          });
          continue;
        }
        const para = numbers.length === 1 && paragraph ? paragraph : null;
        if (!articles.some((a) => a.number === n && a.paragraph === para)) {
          articles.push({ number: n, paragraph: para, label: articleLabel(n, para) });
        }
      }
      return " ".repeat(match.length);
    },
  );

  const found: { code: string; at: number }[] = [];
  for (const { codes, pattern } of countryPatterns(countries)) {
    pattern.lastIndex = 0;
    text = text.replace(pattern, (match: string, ...groups: unknown[]) => {
      // Exactly one group took part in the match: its position names the country.
      const i = groups.findIndex((g) => typeof g === "string");
      const at = groups[codes.length];
      found.push({ code: codes[i] ?? "", at: typeof at === "number" ? at : 0 });
      return " ".repeat(match.length);
    });
  }
  const codes = [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.code))];

  const concepts = findConcepts(text, thesaurus);
  const rest = text.replace(/\s+/g, " ").trim();
  // Each concept's English term once, in place of the words typed; a repeat adds nothing.
  let searched = text;
  for (const c of [...concepts].reverse()) {
    const first = concepts.find((other) => other.id === c.id) === c;
    searched =
      searched.slice(0, c.start) + (first ? ` ${c.searchedAs} ` : " ") + searched.slice(c.end);
  }
  return {
    text: searched.replace(TWENTY_FOUR_SEVEN, "24/7").replace(/\s+/g, " ").trim(),
    rest,
    articles,
    countries: codes,
    concepts,
    notices,
  };
}

interface CountryPattern {
  /** The country code of each capture group, in order. */
  codes: string[];
  pattern: RegExp;
}

const patternCache = new WeakMap<readonly CountryName[], CountryPattern[]>();

/**
 * Two patterns, compiled once per list of countries: every name and alias (longest first, any
 * case), then every code (capitals only: "am", "by" and "ge" are also words). One alternation
 * scans the query once, where a pattern per name scanned it once per country.
 */
function countryPatterns(countries: readonly CountryName[]): CountryPattern[] {
  const cached = patternCache.get(countries);
  if (cached) return cached;
  const names = countries
    .flatMap((c) => [c.name, ...c.aliases].map((name) => ({ code: c.code, name })))
    .filter(({ name }) => name.trim() !== "")
    .sort((a, b) => b.name.length - a.name.length);
  const alternation = (items: { code: string; source: string }[], flags: string, before = "") => ({
    codes: items.map((i) => i.code),
    pattern: new RegExp(
      `(?<![\\p{L}\\p{N}])${before}(?:${items.map((i) => `(${i.source})`).join("|")})(?![\\p{L}\\p{N}])`,
      flags,
    ),
  });
  // Russian and Ukrainian names in any case form (`из Грузии`, `в Україні`), after the names as
  // written, which win where both match.
  const inflected = names.flatMap(({ code, name }) => {
    const words = name.trim().split(/\s+/);
    const forms = words.map((w) => nameForms(w));
    if (forms.every((f) => f === null)) return [];
    const source = words.map((w, i) => forms[i] ?? escapeRegExp(w)).join("\\s+");
    return [{ code, source }];
  });
  const patterns = [
    alternation(
      [...names.map(({ code, name }) => ({ code, source: escapeRegExp(name) })), ...inflected],
      "giu",
      // A Russian or Ukrainian preposition before the name goes with it (`из Грузии`): left in
      // the text, it was searched for (the results were "for «extradition из»").
      `(?:${NAME_PREPOSITIONS}\\s+)?`,
    ),
    alternation(
      countries.map(({ code }) => ({ code, source: escapeRegExp(code) })),
      "gu",
    ),
  ].filter((p) => p.codes.length > 0);
  patternCache.set(countries, patterns);
  return patterns;
}

/** Prepositions that put a country's name in a case: Russian, then Ukrainian. */
const NAME_PREPOSITIONS = "(?:в|во|из|изо|от|для|по|на|о|об|у|до|с|со|к|ко|про|щодо|з|із|зі|від)";

/**
 * Russian and Ukrainian case forms of a word of a country's name, by how the name ends — the
 * endings its own declension takes, not every ending (so that `груз` and `груза`, "cargo", are not
 * Georgia): `Грузия` → Грузии, Грузию, Грузией, Грузії…; `Молдова` → Молдовы, Молдове, Молдові…;
 * `Беларусь` → Беларуси; `Азербайджан` → Азербайджане, Азербайджану…; `Азербайджанская` →
 * Азербайджанской; in Georgian and Armenian, the name with a case ending or postposition added.
 * Null for a word of another script or one that ends otherwise.
 */
function nameForms(word: string): string | null {
  const w = word.normalize("NFC").toLowerCase();
  if (w.length < 4) return null;
  // The name less `cut` letters, then one of `endings` (or none, where the name has no ending).
  const forms = (cut: number, endings: string, bare = false) =>
    `${w.slice(0, w.length - cut)}(?:${endings.split(" ").join("|")})${bare ? "?" : ""}`;
  // Georgian and Armenian add case endings and postpositions to the name as it is:
  // საქართველოს, საქართველოში, საქართველოდან; Հայաստանի, Հայաստանում, Հայաստանից.
  if (/^\p{Script=Georgian}+$/u.test(w)) return forms(0, "ს ში ზე დან თან თი სთვის", true);
  if (/^\p{Script=Armenian}+$/u.test(w)) return forms(0, "ի ում ից ով ին ը ն", true);
  if (!/^\p{Script=Cyrillic}+$/u.test(w)) return null;
  if (/(ия|ія)$/u.test(w)) return forms(2, "ия ии ию ией ія ії ію ією");
  if (/ая$/u.test(w)) return forms(2, "ая ой ую ою ей");
  if (/а$/u.test(w)) return forms(1, "а ы и е у ой ою і ої ій");
  if (/я$/u.test(w)) return forms(1, "я и е ю ей ею і ї");
  if (/ь$/u.test(w)) return forms(1, "ь и ью і ю");
  if (/[бвгджзклмнпрстфхцчшщ]$/u.test(w)) return forms(0, "а у ом е і ові", true);
  return null;
}

/** "Article 29(2)(a)" from 29 and "2.a". */
export function articleLabel(number: number, paragraph: string | null): string {
  return `Article ${number}${
    paragraph
      ? paragraph
          .split(".")
          .map((p) => `(${p})`)
          .join("")
      : ""
  }`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+");
}
