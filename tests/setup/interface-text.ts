/**
 * Helpers of the language tests: the English interface strings to look for on a translated page,
 * and the text of a page's <main> as a reader of its language meets it (what is marked lang="en"
 * left out).
 */
import { loadMessages, type Messages } from "../../server/i18n.js";

/** Our English interface strings under `prefixes`, as literal pieces of two words or more. */
export function englishPieces(prefixes: string[]): string[] {
  const out = new Set<string>();
  const walk = (tree: Messages, path: string) => {
    for (const [key, value] of Object.entries(tree)) {
      const at = path ? `${path}.${key}` : key;
      if (typeof value !== "string") walk(value, at);
      else if (prefixes.some((p) => at === p || at.startsWith(`${p}.`)))
        for (const piece of value.split(/\{\{[^}]*\}\}|<[^>]*>/))
          if (/\p{L}+\s+\p{L}+/u.test(piece)) out.add(piece.trim().replace(/^[(,;:.]\s*/, ""));
    }
  };
  walk(loadMessages().en, "");
  return [...out];
}

const VOID = /^(br|img|input|meta|link|hr|wbr|source|col|area)$/i;
const decode = (text: string) =>
  text
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/**
 * What the interface says inside <main>: text and the attributes people read or hear (labels,
 * placeholders, card labels, the picker's counts), leaving out elements marked lang="en" (the
 * corpus, which stays English).
 */
export function interfaceText(html: string): string {
  const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  let out = "";
  let skip = 0;
  let last = 0;
  for (const m of main.matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const [tag, close, name = "", attrs = ""] = m;
    if (skip === 0) out += main.slice(last, m.index);
    last = m.index + tag.length;
    if (skip > 0) {
      if (!VOID.test(name) && !attrs.endsWith("/")) skip += close ? -1 : 1;
      continue;
    }
    if (!close && / lang="en"/.test(attrs)) {
      if (!VOID.test(name) && !attrs.endsWith("/")) skip = 1;
      continue;
    }
    for (const a of attrs.matchAll(
      /\b(?:aria-label|placeholder|title|alt|data-label|data-one|data-few|data-many|data-other)="([^"]*)"/g,
    ))
      out += ` ${a[1]} `;
    out += " ";
  }
  return decode(out + main.slice(last)).replace(/\s+/g, " ");
}

/**
 * Runs of four or more Latin words in `text` (as `interfaceText` gives it): English that a
 * translated page shows without marking it as English (a country's name alone is not a run, nor
 * a list of codes).
 */
export function unmarkedEnglish(text: string): string[] {
  return [...text.matchAll(/(?:\b[A-Za-z][A-Za-z'’.-]*[,;:]?\s+){3,}[A-Za-z][A-Za-z'’.-]*/g)]
    .map((m) => m[0].trim())
    .filter((run) => /[a-z]/.test(run)); // a list of country codes (AM, AZ, BY…) is no language
}
