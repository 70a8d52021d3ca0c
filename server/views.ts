/**
 * Handlebars setup: every template under views/ is compiled once at start. Templates receive
 * plain view models; helpers only format. `{{x}}` escapes; `{{{x}}}` is used only for HTML the
 * indexer sanitized, the highlighter built from escaped text, or a view model wrote with every
 * text escaped (the search page's facet values).
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import { translator, type Lang } from "./i18n.js";
import { periodLabel } from "../indexer/index.js";

export interface Views {
  /** Renders `pages/<page>.hbs` inside `layouts/<layout>.hbs`, in the interface language `lang`. */
  render(page: string, model: Record<string, unknown>, layout?: string, lang?: Lang): string;
  has(page: string): boolean;
}

/** The language a helper is rendering in: the `lang` of the template's data frame. */
function langOf(options: unknown): Lang {
  const data = (options as { data?: { lang?: Lang } } | undefined)?.data;
  return data?.lang ?? "en";
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** A helper's hash arguments (`{{t "key" count=n}}`). */
function hashOf(options: unknown): Record<string, unknown> {
  return (options as { hash?: Record<string, unknown> } | undefined)?.hash ?? {};
}

/** "2012-10-01" → "1 October 2012"; "2010-05" → "May 2010"; other values unchanged. */
export function formatDate(value: unknown): string {
  if (typeof value !== "string") return "";
  // The indexer writes the workplan's periods in the same words: one function for both.
  return /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/.test(value) ? periodLabel(value) : value;
}

/** "29.2.a" → "29(2)(a)", the way lawyers cite a paragraph. */
export function formatRef(value: unknown): string {
  if (typeof value !== "string") return "";
  const [article, ...rest] = value.split(".");
  return `${article ?? ""}${rest.map((p) => `(${p})`).join("")}`;
}

/**
 * A section's national provisions as one citation: the articles of one instrument together, in the
 * order the instrument is first cited ("Criminal Procedure Code, Art. 208" and "Criminal Procedure
 * Code, Art. 241" → "Criminal Procedure Code, Arts. 208, 241"); a provision that does not end in
 * ", Art. …" or ", Arts. …" is kept as written. Instruments are separated by "; ".
 */
export function citeProvisions(items: unknown): string {
  if (!Array.isArray(items)) return "";
  // By instrument, the provisions as written and their article parts; a provision that cites no
  // article is a group of its own (no instrument's name starts with a control character).
  const groups = new Map<string, { written: string; articles: string[] }[]>();
  for (const item of items) {
    const written = String(item);
    const cited = /^(.+), Arts?\. (.+)$/.exec(written);
    const key = cited?.[1] ?? `\u0000${groups.size}`;
    const group = groups.get(key) ?? [];
    group.push({ written, articles: cited?.[2] !== undefined ? [cited[2]] : [] });
    groups.set(key, group);
  }
  return [...groups]
    .map(([instrument, group]) =>
      group.length === 1
        ? (group[0]?.written ?? "")
        : `${instrument}, Arts. ${group.flatMap((p) => p.articles).join(", ")}`,
    )
    .join("; ");
}

/** Words for assessment and follow-up statuses; pages never show a status by colour alone. */
export const STATUS_LABELS: Record<string, string> = {
  implemented: "Implemented",
  partial: "Partly implemented",
  "not-implemented": "Not implemented",
  "not-applicable": "Not applicable",
  unknown: "Unknown",
  "not-started": "Not started",
  "in-progress": "In progress",
  "draft-prepared": "Draft prepared",
  adopted: "Adopted",
  rejected: "Rejected",
  "no-information": "No information",
};

/** Compiles all templates in `dir` (layouts/, pages/, partials/). */
export async function loadViews(dir: string): Promise<Views> {
  const hbs = Handlebars.create();
  const helpers: Record<string, Handlebars.HelperDelegate> = {
    eq: (a: unknown, b: unknown) => a === b,
    // `{{t "key" name=value}}`: the interface string in the page's language, escaped. Quotes and
    // apostrophes in running text stay as typed (attributes are always double-quoted here).
    t: (key: unknown, options: unknown) =>
      new hbs.SafeString(escapeText(translator(langOf(options)).t(String(key), hashOf(options)))),
    // `{{th "key" …}}`: a string that holds markup of our own (a link, <strong>); values escaped.
    th: (key: unknown, options: unknown) => {
      const values = Object.fromEntries(
        Object.entries(hashOf(options)).map(([k, v]) => [
          k,
          typeof v === "string" ? escapeText(v) : v,
        ]),
      );
      return new hbs.SafeString(translator(langOf(options)).t(String(key), values));
    },
    // `{{th "key" title=(en title)}}`: corpus text (English) inside an interface string, marked
    // as English on a page in another language, so that a screen reader pronounces it as such.
    en: (value: unknown, options: unknown) => {
      const text = escapeText(String(value ?? ""));
      return new hbs.SafeString(langOf(options) === "en" ? text : `<span lang="en">${text}</span>`);
    },
    // `{{tk "declKind" kind}}`: the string of a key made of a prefix and a value.
    tk: (prefix: unknown, value: unknown, options: unknown) =>
      new hbs.SafeString(
        escapeText(
          translator(langOf(options)).t(`${String(prefix)}.${String(value)}`, hashOf(options)),
        ),
      ),
    date: (value: unknown, options: unknown) => translator(langOf(options)).date(value),
    // `{{ticks message}}`: a message that names fields and values between backticks, as the
    // corpus check and the validators write them ("`status`: expected one of …"), escaped, with
    // each such name set as code.
    ticks: (value: unknown) =>
      new hbs.SafeString(
        escapeText(String(value ?? "")).replace(/`([^`\n]+)`/g, "<code>$1</code>"),
      ),
    num: (value: unknown, options: unknown) =>
      typeof value === "number" ? translator(langOf(options)).number(value) : String(value ?? ""),
    statusLabel: (value: unknown, options: unknown) =>
      typeof value === "string" ? translator(langOf(options)).t(`status.${value}`) : "",
    ref: (value: unknown) => formatRef(value),
    cite: (items: unknown) => citeProvisions(items),
    join: (items: unknown, separator: unknown) =>
      Array.isArray(items) ? items.join(typeof separator === "string" ? separator : ", ") : "",
  };
  for (const [name, helper] of Object.entries(helpers)) hbs.registerHelper(name, helper);

  // Naming the helpers lets Handlebars compile `{{name}}` as a property read instead of asking,
  // at every use, whether `name` is a helper; an unknown helper is then an error at start. Data
  // frames stay on everywhere: the translating helpers read the page's language from them.
  const options = {
    strict: false,
    preventIndent: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
    knownHelpersOnly: true,
  };
  const compileDir = async (sub: string) => {
    const files = (await readdir(join(dir, sub)).catch(() => [])).filter((f) => f.endsWith(".hbs"));
    const out = new Map<string, HandlebarsTemplateDelegate>();
    for (const file of files) {
      const source = await readFile(join(dir, sub, file), "utf8");
      const template = hbs.compile(source, options);
      // Compile eagerly: a syntax error shows at start, not on the first visit of a page.
      template({});
      out.set(basename(file, ".hbs"), template);
      if (sub === "partials") hbs.registerPartial(basename(file, ".hbs"), template);
    }
    return out;
  };
  await compileDir("partials");
  const layouts = await compileDir("layouts");
  const pages = await compileDir("pages");

  return {
    render(page, model, layout = "main", lang = "en") {
      const template = pages.get(page);
      const frame = layouts.get(layout);
      if (!template || !frame) throw new Error(`no template ${page} in layout ${layout}`);
      const data = { lang };
      const body = template(model, { data });
      return frame({ ...model, body }, { data });
    },
    has(page) {
      return pages.has(page);
    },
  };
}
