/**
 * Safe highlighting: the engine marks matches with private-use characters; we escape the whole
 * text first and only then turn the marks into <mark> elements, so no indexed or typed text can
 * ever become markup.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const splitters = new Map<string, RegExp>();

/** Escapes `text`, then wraps each marked span in <mark>; unbalanced marks are dropped. */
export function highlight(text: string, start: string, end: string): string {
  let out = "";
  let open = false;
  const key = `${start}${end}`;
  let splitter = splitters.get(key);
  if (!splitter) {
    splitter = new RegExp(`(${start}|${end})`, "u");
    splitters.set(key, splitter);
  }
  for (const part of text.split(splitter)) {
    if (part === start) {
      if (!open) out += "<mark>";
      open = true;
    } else if (part === end) {
      if (open) out += "</mark>";
      open = false;
    } else {
      out += escapeHtml(part);
    }
  }
  return open ? `${out}</mark>` : out;
}

/** Words too common to be worth marking, in the corpus's languages. */
const STOP_WORDS = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "by",
  "for",
  "from",
  "in",
  "into",
  "is",
  "it",
  "its",
  "of",
  "on",
  "or",
  "the",
  "to",
  "under",
  "with",
  "в",
  "и",
  "к",
  "на",
  "о",
  "по",
  "с",
  "та",
  "і",
  "з",
  "до",
]);

/**
 * A word that makes the number after it an article reference: `Art.`, `Article(s)`, and in Russian
 * and Ukrainian `ст.` and every form of статья / стаття. Not `\b`: in JavaScript it knows only
 * ASCII letters, so `\bст.` never matched after a space.
 */
const ARTICLE_BEFORE = /(?<![\p{L}\p{N}_])(?:Arts?\.|Articles?|ст\.|стат[ьт]\p{L}*)\s*$/iu;

/**
 * Drops the engine's marks around stop words and around article references (`Art. 24`, `24(7)`,
 * `(7)`): a reader scanning a snippet should see the words that matter, and a reference is a
 * filter, not a match. A marked phrase loses the stop words at its edges only ("point of
 * contact" stays whole). Works on the marked text, before escaping.
 */
export function unmarkNoise(text: string, start: string, end: string): string {
  let out = "";
  let last = 0;
  const plain = (s: string) => s.split(start).join("").split(end).join("");
  const pattern = new RegExp(`${start}([^${start}${end}]*)${end}`, "gu");
  for (const match of text.matchAll(pattern)) {
    const span = match[1] ?? "";
    const at = match.index;
    const before = plain(text.slice(Math.max(0, at - 16), at));
    const after = plain(text.slice(at + match[0].length, at + match[0].length + 4));
    const reference =
      /^\d[\d()a-z]*$/iu.test(span) &&
      (span.includes("(") ||
        /^[()]/u.test(after) ||
        before.endsWith("(") ||
        ARTICLE_BEFORE.test(before));
    out += text.slice(last, at) + (reference ? span : trimStopWords(span, start, end));
    last = at + match[0].length;
  }
  return out + text.slice(last);
}

/** A marked span without the stop words at its edges; nothing marked if nothing else is left. */
function trimStopWords(span: string, start: string, end: string): string {
  const words = span.split(/(\s+)/u);
  let first = 0;
  let lastWord = words.length - 1;
  const isStop = (w: string | undefined) =>
    w === undefined || /^\s*$/u.test(w) || STOP_WORDS.has(w.toLowerCase());
  while (first <= lastWord && isStop(words[first])) first++;
  while (lastWord >= first && isStop(words[lastWord])) lastWord--;
  if (first > lastWord) return span;
  return (
    words.slice(0, first).join("") +
    start +
    words.slice(first, lastWord + 1).join("") +
    end +
    words.slice(lastWord + 1).join("")
  );
}
