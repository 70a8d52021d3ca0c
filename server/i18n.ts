/**
 * The interface's languages: English, Russian and Ukrainian. Every interface string lives in
 * `views/locales/<lang>.json` and is looked up through i18next (plural rules per language come
 * from Intl.PluralRules); dates and numbers are formatted with Intl in the reader's language.
 * The corpus itself stays in English; JSON keys, CSV columns and the request drafts' legal text
 * do not change with the language.
 *
 * The language is chosen by `?lang=` (then remembered in the `lang` cookie), else by the cookie,
 * else by Accept-Language, else English.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Request, RequestHandler } from "express";
import i18next, { type i18n as I18n, type TOptions } from "i18next";
import { z } from "zod";
import { cookies, setCookie } from "./auth/index.js";

export const LANGUAGES = ["en", "ru", "uk"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Each language named in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  en: "English",
  ru: "Русский",
  uk: "Українська",
};

export const LANG_COOKIE = "lang";
const ONE_YEAR = 365 * 24 * 3600;

/** The `lang` parameter every page accepts. */
export const LangParam = z
  .enum(LANGUAGES, { error: `expected one of ${LANGUAGES.join(", ")}` })
  .optional()
  .describe("Interface language: en, ru or uk (remembered in a cookie).");

export const LOCALES_DIR = fileURLToPath(new URL("../views/locales/", import.meta.url));

/** A locale file: nested objects of strings. */
export type Messages = { [key: string]: string | Messages };
const MessagesSchema: z.ZodType<Messages> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), MessagesSchema])),
);

/** Reads `views/locales/<lang>.json` for every language. */
export function loadMessages(dir = LOCALES_DIR): Record<Lang, Messages> {
  const out = {} as Record<Lang, Messages>;
  for (const lang of LANGUAGES)
    out[lang] = MessagesSchema.parse(
      JSON.parse(readFileSync(new URL(`${lang}.json`, `file://${dir}/`), "utf8")),
    );
  return out;
}

/** What a page needs to speak the reader's language. */
export interface Translator {
  lang: Lang;
  /** The string for `key`, with `values` put in (`count` picks the plural form). */
  t(key: string, values?: Record<string, unknown>): string;
  /** "2012-10-01" → "1 October 2012" / "1 октября 2012 г."; "2010-05" → "May 2010". */
  date(value: unknown): string;
  /** Two dates as one period: "14–16 December 2015" / "14–16 декабря 2015 г.". */
  range(from: string, to: string): string;
  /** 1234 → "1,234" / "1 234". */
  number(value: number): string;
  /** ["a", "b", "c"] → "a, b and c" / "a, b и c" (`or`: "a, b or c" / "a, b или c"). */
  list(items: readonly string[], type?: "and" | "or"): string;
}

let shared: I18n | null = null;

/** The one i18next instance, built from the locale files once. */
export function i18n(messages: Record<Lang, Messages> = loadMessages()): I18n {
  if (shared) return shared;
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: messages[l] }])),
    lng: "en",
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    // Handlebars escapes what `t` returns; `th` asks for escaped values itself.
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
    showSupportNotice: false,
  } as Parameters<I18n["init"]>[0]);
  shared = instance;
  return instance;
}

const dateFormats = new Map<string, { day: Intl.DateTimeFormat; month: Intl.DateTimeFormat }>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const listFormats = new Map<string, Intl.ListFormat>();
/** English dates as lawyers in Europe write them: day, month, year. */
const locale = (lang: Lang) => (lang === "en" ? "en-GB" : lang);

/** "2012 р." keeps its year and the abbreviation of "year" on one line: a no-break space. */
const keepSuffix = (date: string) => date.replace(/ (\p{L}{1,2}\.)$/u, "\u00a0$1");

/** The day and month formats of `lang`, made once. */
function formatsFor(lang: Lang) {
  let formats = dateFormats.get(lang);
  if (!formats) {
    formats = {
      day: new Intl.DateTimeFormat(locale(lang), {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
      month: new Intl.DateTimeFormat(locale(lang), {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
    };
    dateFormats.set(lang, formats);
  }
  return formats;
}

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const utc = (m: RegExpExecArray) => Date.UTC(+m[1]!, +m[2]! - 1, m[3] ? +m[3] : 1);

/** A moment as the server records it (`Date#toISOString`, UTC). */
const MOMENT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/;

/**
 * Formats a date (YYYY-MM-DD or YYYY-MM) in `lang`, and a moment (an ISO time in UTC) as its day
 * and time: "30 November 2026, 23:21 UTC"; any other value is returned as it is.
 */
export function formatDateIn(lang: Lang, value: unknown): string {
  if (typeof value !== "string") return "";
  // A page of results formats the same few hundred dates again and again (Intl's formatting was
  // about a seventieth of a search page's server CPU): each is formatted once per language.
  let done = formattedDates.get(lang);
  if (!done) formattedDates.set(lang, (done = new Map()));
  const known = done.get(value);
  if (known !== undefined) return known;
  const text = formatDateOnce(lang, value);
  if (done.size >= 5_000) done.clear();
  done.set(value, text);
  return text;
}

const formattedDates = new Map<Lang, Map<string, string>>();

function formatDateOnce(lang: Lang, value: string): string {
  const formats = formatsFor(lang);
  const full = FULL_DATE.exec(value);
  if (full) return keepSuffix(formats.day.format(utc(full)));
  const month = MONTH.exec(value);
  if (month) return keepSuffix(formats.month.format(utc(month)));
  const moment = MOMENT.exec(value);
  if (moment) return `${formatDateIn(lang, moment[1])}, ${moment[2]}\u00a0UTC`;
  return value;
}

/** Formats a period in `lang` ("9–11 вересня 2015 р."); the same day twice is one date. */
export function formatRangeIn(lang: Lang, from: string, to: string): string {
  if (from === to) return formatDateIn(lang, from);
  const a = FULL_DATE.exec(from) ?? MONTH.exec(from);
  const b = FULL_DATE.exec(to) ?? MONTH.exec(to);
  // Periods of unlike precision, or not dates at all, are written out in full.
  if (!a || !b || Boolean(a[3]) !== Boolean(b[3]))
    return `${formatDateIn(lang, from)} – ${formatDateIn(lang, to)}`;
  const formats = formatsFor(lang);
  // ICU puts thin spaces around the dash and a narrow no-break space before "г."/"р.". Between
  // two single words the dash closes up, as the workplan's dates are written: "14–16 December".
  return (a[3] ? formats.day : formats.month)
    .formatRange(utc(a), utc(b))
    .replace(/\u2009/g, " ")
    .replace(/\u202f/g, "\u00a0")
    .replace(/^([^\s–]+) – ([^\s–]+) /, "$1–$2 ");
}

/** Small whole numbers as `lang` writes them, kept: a results page formats a count per facet value. */
const smallNumbers = new Map<Lang, string[]>();

/** Formats a number in `lang`. */
export function formatNumberIn(lang: Lang, value: number): string {
  const small = Number.isInteger(value) && value >= 0 && value < 10_000;
  let kept = smallNumbers.get(lang);
  if (small && kept?.[value] !== undefined) return kept[value];
  let format = numberFormats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(locale(lang));
    numberFormats.set(lang, format);
  }
  const text = format.format(value);
  if (small) {
    if (!kept) smallNumbers.set(lang, (kept = []));
    kept[value] = text;
  }
  return text;
}

/** Joins `items` as a list in `lang`: "a, b and c", or with `or` "a, b or c". */
export function formatListIn(lang: Lang, items: readonly string[], type: "and" | "or"): string {
  const key = `${lang}:${type}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(locale(lang), {
      type: type === "and" ? "conjunction" : "disjunction",
    });
    listFormats.set(key, format);
  }
  return format.format(items);
}

/** A sentence that ends on "2015 г." ends there: no second full stop after the abbreviation. */
const oneFullStop = (text: string) => text.replace(/(\u00a0\p{L}{1,2}\.)\./gu, "$1");

const translators = new Map<Lang, Translator>();

/**
 * The memo's key for a string with values; null for values JSON cannot write (not kept). Values
 * that are all numbers and strings (nearly every call) are written out without JSON.
 */
function memoKey(key: string, values: Record<string, unknown>): string | null {
  let id = key;
  for (const name in values) {
    const value = values[name];
    if (typeof value === "number") id += `\u0000${name}\u0000n${value}`;
    else if (typeof value === "string" && !value.includes("\u0000"))
      id += `\u0000${name}\u0000s${value}`;
    else
      try {
        return `${key}\u0001${JSON.stringify(values)}`;
      } catch {
        return null;
      }
  }
  return id;
}

/** The translator for `lang` (one per language, shared by every request). */
export function translator(lang: Lang): Translator {
  const cached = translators.get(lang);
  if (cached) return cached;
  const fixed = i18n().getFixedT(lang);
  // A results page asks for the same few strings hundreds of times (a count beside every facet
  // value), and i18next's lookup, plural rule and interpolation were two fifths of the page's CPU.
  // The answer depends only on the key and the values, so it is kept; the memo is emptied when it
  // grows large (values can carry a query's text).
  const memo = new Map<string, string>();
  const made: Translator = {
    lang,
    t: (key, values) => {
      const id = values === undefined ? key : memoKey(key, values);
      let text = id === null ? undefined : memo.get(id);
      if (text === undefined) {
        text = oneFullStop(fixed(key, { ...(values as TOptions) }) as string);
        if (id !== null) {
          if (memo.size >= 20_000) memo.clear();
          memo.set(id, text);
        }
      }
      return text;
    },
    // "no" and "unknown" stand in the corpus's date fields for "not signed" and "not known".
    date: (value) =>
      value === "no" || value === "unknown"
        ? (fixed(`common.${value}`) as string)
        : formatDateIn(lang, value),
    range: (from, to) => formatRangeIn(lang, from, to),
    number: (value) => formatNumberIn(lang, value),
    list: (items, type = "and") => formatListIn(lang, items, type),
  };
  translators.set(lang, made);
  return made;
}

const isLang = (value: unknown): value is Lang =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/** The best of our languages for an Accept-Language header, by its q-values; null if none. */
export function fromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag && r.q > 0 && Number.isFinite(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    const primary = tag.split("-")[0] ?? "";
    if (isLang(primary)) return primary;
  }
  return null;
}

/**
 * Chooses the language of every request: `?lang=` (a valid one is remembered in a cookie; an
 * invalid one is refused by the page's own parameter check), the cookie, Accept-Language, English.
 */
export function languageMiddleware(): RequestHandler {
  return (req, res, next) => {
    const asked = typeof req.query["lang"] === "string" ? req.query["lang"] : undefined;
    const jar = cookies(req);
    let lang: Lang;
    if (isLang(asked)) {
      lang = asked;
      if (jar[LANG_COOKIE] !== asked) setCookie(req, res, LANG_COOKIE, asked, ONE_YEAR);
    } else if (isLang(jar[LANG_COOKIE])) lang = jar[LANG_COOKIE];
    else lang = fromAcceptLanguage(req.headers["accept-language"]) ?? "en";
    res.locals["tr"] = translator(lang);
    res.setHeader("Content-Language", lang);
    res.vary("Accept-Language");
    res.vary("Cookie");
    next();
  };
}

/** The translator chosen for this request (English outside a request). */
export function tr(req: Request): Translator {
  return (req.res?.locals["tr"] as Translator | undefined) ?? translator("en");
}
