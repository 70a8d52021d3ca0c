/**
 * Recognises the thesaurus's terms in a query typed in Russian, Ukrainian, Romanian, Georgian,
 * Armenian or Azerbaijani, so that the English analyses can be searched for the concept.
 *
 * The engine has no stemming for these languages and applies synonyms only to short queries,
 * so recognition happens here, where it can be shown and undone. A query word matches a term's
 * word when both reduce to the same stem: the word without the longest of a short list of case
 * endings (Russian and Ukrainian noun and adjective endings, the Romanian article endings,
 * a few Georgian case suffixes). That covers the case forms the sources use (`сохранность`,
 * `сохранности`, `сохранностью`) without a stemming library; derived words (`сохранение` and
 * `сохранность`) stay different words, as they are.
 *
 * A run of query words matches a term in full (every word, in order), or in part: at least two
 * content words of the term, in order, with at most two of its words skipped between them,
 * covering at least half of its content words, and including a word that no other concept's
 * terms contain (`сохранение данных` is part of `сохранение компьютерных данных`; `компьютерных
 * данных` alone belongs to no single concept and is left as text). Longer matches win.
 * Words inside quotation marks are never recognised: that is how a reader searches them as typed.
 */
import type { ThesaurusConceptData } from "../../indexer/index.js";

/** A thesaurus term found in a query. */
export interface ConceptMatch {
  /** The concept's id in the thesaurus. */
  id: string;
  /** The concept's heading in the thesaurus. */
  label: string;
  /** The words as the reader typed them. */
  words: string;
  /** The language of the term matched (ISO 639-1). */
  lang: string;
  /** The English term searched instead. */
  searchedAs: string;
  /** The Convention articles the concept belongs to. */
  articles: number[];
  /** Where the words are in the query (UTF-16 offsets in the NFC form), for putting them back. */
  start: number;
  end: number;
}

interface TermWord {
  norm: string;
  stem: string;
  content: boolean;
}

interface IndexedTerm {
  concept: ThesaurusConceptData;
  lang: string;
  /** The term as the thesaurus writes it. */
  text: string;
  words: TermWord[];
  contentCount: number;
}

interface ConceptIndex {
  terms: IndexedTerm[];
  /** Stems that occur in the terms of one concept only: the concept's id. */
  distinctive: Map<string, string>;
  searchedAs: Map<string, string>;
}

// Russian and Ukrainian noun and adjective case endings.
const CYRILLIC_ENDINGS =
  "иями ями ами ией ием иях ого его ому ему ими ыми ою ею ях ах ям ам ов ев ей ой ий ый ая яя " +
  "ое ее ые ие ых их ую юю ом ем ым им ию ия ии ья ью ів їв ої ій ія ії ією ію а я о е ь ы и у ю і ї й";
// Romanian article and plural endings (diacritics already folded).
const LATIN_ENDINGS = "urilor ilor elor ului lor iei ile ele ul ea ei ii le a e i u";
// Georgian case suffixes.
const GEORGIAN_ENDINGS = "ისთვის ებით ების ებს ებმა ები ით ის ად ში ზე მა ს ა ი";
const byLength = (list: string) => list.split(" ").sort((a, b) => b.length - a.length);
const ENDINGS = {
  cyrillic: byLength(CYRILLIC_ENDINGS),
  latin: byLength(LATIN_ENDINGS),
  georgian: byLength(GEORGIAN_ENDINGS),
};
const MIN_STEM = 3;
/** Words this short are compared whole: prepositions and conjunctions (`и`, `de`, `la`). */
const SHORT = 3;

/**
 * Lower case, `ё` as `е`, Romanian ş/ţ with a cedilla as ș/ț, typographic apostrophes as `'`,
 * and Latin letters without their diacritics (`asistenţă` and `asistenta` are one word to a
 * reader typing without them).
 */
export function normalizeWord(word: string): string {
  return word
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/ş/g, "ș")
    .replace(/ţ/g, "ț")
    .replace(/[’ʼ`´]/g, "'")
    .replace(/\p{Script=Latin}/gu, (ch) => ch.normalize("NFD").replace(/\p{M}/gu, ""));
}

/** The word without the longest case ending its script knows, keeping at least three letters. */
export function stem(norm: string): string {
  if (norm.length <= SHORT) return norm;
  const endings = /\p{Script=Cyrillic}/u.test(norm)
    ? ENDINGS.cyrillic
    : /\p{Script=Georgian}/u.test(norm)
      ? ENDINGS.georgian
      : /\p{Script=Latin}/u.test(norm)
        ? ENDINGS.latin
        : [];
  for (const ending of endings)
    if (norm.endsWith(ending) && norm.length - ending.length >= MIN_STEM)
      return norm.slice(0, -ending.length);
  return norm;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

function termWords(term: string): TermWord[] {
  return [...term.matchAll(WORD)].map((m) => {
    const norm = normalizeWord(m[0]);
    return { norm, stem: stem(norm), content: norm.length > SHORT - 1 };
  });
}

function sameWord(a: TermWord, b: TermWord): boolean {
  if (a.norm.length <= SHORT || b.norm.length <= SHORT) return a.norm === b.norm;
  return a.stem === b.stem;
}

/** The English term searched for a concept: its shortest English term (the most general one). */
export function searchTerm(concept: ThesaurusConceptData): string {
  const english = [...(concept.terms["en"] ?? [])].sort((a, b) => a.length - b.length);
  return english[0] ?? concept.label;
}

const indexCache = new WeakMap<readonly ThesaurusConceptData[], ConceptIndex>();

/** Words and stems of every non-English term, computed once per thesaurus. */
function conceptIndex(thesaurus: readonly ThesaurusConceptData[]): ConceptIndex {
  const cached = indexCache.get(thesaurus);
  if (cached) return cached;
  const terms: IndexedTerm[] = [];
  const owners = new Map<string, Set<string>>();
  const searchedAs = new Map<string, string>();
  for (const concept of thesaurus) {
    searchedAs.set(concept.id, searchTerm(concept));
    for (const [lang, list] of Object.entries(concept.terms)) {
      if (lang === "en") continue;
      for (const term of list) {
        const words = termWords(term);
        if (words.length === 0) continue;
        terms.push({
          concept,
          lang,
          text: term,
          words,
          contentCount: words.filter((w) => w.content).length,
        });
        for (const w of words) {
          if (!w.content) continue;
          const set = owners.get(w.stem) ?? new Set<string>();
          set.add(concept.id);
          owners.set(w.stem, set);
        }
      }
    }
  }
  const distinctive = new Map<string, string>();
  for (const [s, set] of owners) if (set.size === 1) distinctive.set(s, [...set][0] ?? "");
  const index = { terms, distinctive, searchedAs };
  indexCache.set(thesaurus, index);
  return index;
}

interface QueryWord extends TermWord {
  start: number;
  end: number;
  /** Inside quotation marks: searched as typed. */
  quoted: boolean;
}

/** Spans inside "…", «…», „…“ or “…”: the reader wants those words as typed. */
function quotedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/"[^"]*"?|«[^»]*»?|„[^“”]*[“”]?|“[^”]*”?/gu))
    out.push([m.index, m.index + m[0].length]);
  return out;
}

interface Candidate {
  term: IndexedTerm;
  from: number;
  to: number;
  full: boolean;
}

/** The best match of `term` starting at query word `i`, if any. */
function matchAt(words: QueryWord[], i: number, term: IndexedTerm, index: ConceptIndex) {
  let best: Candidate | null = null;
  const first = words[i];
  if (!first || first.quoted) return null;
  term.words.forEach((word, k) => {
    if (!sameWord(first, word)) return;
    const matched = [k];
    let j = i + 1;
    let last = k;
    while (j < words.length && last < term.words.length - 1) {
      const q = words[j];
      if (!q || q.quoted) break;
      let found = -1;
      for (let m = last + 1; m <= Math.min(last + 3, term.words.length - 1); m++) {
        const tw = term.words[m];
        if (tw && sameWord(q, tw)) {
          found = m;
          break;
        }
      }
      if (found < 0) break;
      matched.push(found);
      last = found;
      j++;
    }
    const count = matched.length;
    const full = count === term.words.length && k === 0;
    if (!full) {
      const content = matched.filter((m) => term.words[m]?.content);
      if (content.length < 2 || content.length * 2 < term.contentCount) return;
      const own = content.some(
        (m) => index.distinctive.get(term.words[m]?.stem ?? "") === term.concept.id,
      );
      if (!own) return;
    }
    const candidate = { term, from: i, to: i + count - 1, full };
    if (!best || rank(candidate) > rank(best)) best = candidate;
  });
  return best;
}

/** More words first, then a whole term, then a shorter term (closer to what was typed). */
function rank(c: Candidate): number {
  return (c.to - c.from + 1) * 1000 + (c.full ? 500 : 0) - c.term.words.length;
}

/**
 * Finds thesaurus terms in `text` (the query with article and country references already
 * blanked out, so offsets are those of the query). Returns the matches, left to right.
 */
export function findConcepts(
  text: string,
  thesaurus: readonly ThesaurusConceptData[],
): ConceptMatch[] {
  if (thesaurus.length === 0) return [];
  const index = conceptIndex(thesaurus);
  const quoted = quotedRanges(text);
  const words: QueryWord[] = [...text.matchAll(WORD)].map((m) => {
    const norm = normalizeWord(m[0]);
    const start = m.index;
    return {
      norm,
      stem: stem(norm),
      content: norm.length > SHORT - 1,
      start,
      end: start + m[0].length,
      quoted: quoted.some(([a, b]) => start > a && start < b),
    };
  });
  const candidates: Candidate[] = [];
  for (let i = 0; i < words.length; i++)
    for (const term of index.terms) {
      const c = matchAt(words, i, term, index);
      if (c) candidates.push(c);
    }
  candidates.sort((a, b) => rank(b) - rank(a) || a.from - b.from);
  const taken = new Set<number>();
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let k = c.from; k <= c.to; k++) if (taken.has(k)) free = false;
    if (!free) continue;
    for (let k = c.from; k <= c.to; k++) taken.add(k);
    chosen.push(c);
  }
  return chosen
    .sort((a, b) => a.from - b.from)
    .map((c) => {
      const start = words[c.from]?.start ?? 0;
      const end = words[c.to]?.end ?? start;
      return {
        id: c.term.concept.id,
        label: c.term.concept.label,
        words: text.slice(start, end),
        lang: c.term.lang,
        searchedAs: index.searchedAs.get(c.term.concept.id) ?? c.term.concept.label,
        articles: [...c.term.concept.articles],
        start,
        end,
      };
    });
}

/** A thesaurus term offered when a search found nothing (see termsWithWords). */
export interface TermSuggestion {
  term: string;
  lang: string;
  /** The concept's heading in the thesaurus (English). */
  label: string;
}

/**
 * Thesaurus terms (not English: those the analyses contain as they are) that hold every content
 * word of `text` (same stem, in any order), for a search that found nothing: one word of a term
 * (`сохранение`) is not recognised as the concept, by design (see above), but the reader can be
 * shown the terms it belongs to. The shortest term of each concept, concepts with the shortest
 * terms first; words in quotation marks mean the reader wanted them as typed: none then.
 */
export function termsWithWords(
  text: string,
  thesaurus: readonly ThesaurusConceptData[],
  limit = 3,
): TermSuggestion[] {
  if (thesaurus.length === 0 || quotedRanges(text).length > 0) return [];
  const wanted = termWords(text).filter((w) => w.content);
  if (wanted.length === 0) return [];
  const best = new Map<string, IndexedTerm>();
  for (const term of conceptIndex(thesaurus).terms) {
    if (!wanted.every((w) => term.words.some((tw) => sameWord(w, tw)))) continue;
    const kept = best.get(term.concept.id);
    if (!kept || term.words.length < kept.words.length) best.set(term.concept.id, term);
  }
  return [...best.values()]
    .sort((a, b) => a.words.length - b.words.length)
    .slice(0, limit)
    .map((t) => ({
      term: t.text,
      lang: t.lang,
      label: t.concept.label,
    }));
}
