import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACTIVITY_FORMS,
  ACTIVITY_STATUSES,
  ASSESSMENT_STATUSES,
  FOLLOWUP_STATUSES,
  SEARCHABLE_KINDS,
} from "../../indexer/contract.js";
import { PROFILE_LISTS } from "../../indexer/index.js";
import { EventSchema, PROPOSAL_STATUSES } from "../../server/editing/record.js";
import { ANALYSIS_FIELDS } from "../../server/editing/title.js";
import { ERROR_IDS } from "../../server/errors.js";
import {
  LANGUAGES,
  formatDateIn,
  fromAcceptLanguage,
  loadMessages,
  translator,
  type Messages,
} from "../../server/i18n.js";
import { FIELDS, GROUPS, REQUEST_TYPES } from "../../server/requests/fields.js";
import { loadViews } from "../../server/views.js";
import { AUDIT_EVENTS, AUDIT_VIAS } from "../../server/auth/audit.js";
import { QUICK_CHOICES } from "../../server/routes/compare/view-model.js";
import { FIELD_KEYS } from "../../server/routes/proposals/form.js";
import { DONE_KEYS } from "../../server/routes/proposals/index.js";
import { ROLES } from "../../server/search/access.js";
import { TRACKER_NOTICES } from "../../server/routes/recommendations/model.js";
import { ATTENTION_OPTIONS } from "../../server/routes/recommendations/view-model.js";
import { FACET_NAMES, SORTS } from "../../server/search/search.js";
import { NOTICE_KEYS } from "../../server/search/query-parser.js";
import { ROOT } from "../setup/helpers.js";

// Every interface string goes through the locale files: a key missing in one language, a key a
// template or the server asks for that English does not have, or words left outside `t` in a
// template fail here.

const messages = loadMessages();
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(LANGUAGES.map((l) => [l, flatten(messages[l])])) as Record<
  (typeof LANGUAGES)[number],
  Map<string, string>
>;
/** Keys without their plural suffix: what templates and code ask for. */
const base = (lang: (typeof LANGUAGES)[number]) =>
  new Set([...flat[lang].keys()].map((k) => k.replace(PLURAL, "")));
const english = base("en");
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).filter((p) => p !== "count");

const VIEWS = join(ROOT, "views");
async function templates(): Promise<{ path: string; source: string }[]> {
  const out: { path: string; source: string }[] = [];
  for (const sub of ["layouts", "pages", "partials"])
    for (const file of await readdir(join(VIEWS, sub)))
      if (file.endsWith(".hbs"))
        out.push({
          path: `${sub}/${file}`,
          source: await readFile(join(VIEWS, sub, file), "utf8"),
        });
  return out;
}

async function serverSources(dir = join(ROOT, "server")): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await serverSources(path)));
    else if (entry.name.endsWith(".ts")) out.push(await readFile(path, "utf8"));
  }
  return out;
}

describe("the locale files", () => {
  it("have strings to check", () => {
    expect(flat.en.size).toBeGreaterThan(200);
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s has every English key, and no key English lacks",
    (lang) => {
      const other = base(lang);
      expect([...english].filter((k) => !other.has(k))).toEqual([]);
      expect([...other].filter((k) => !english.has(k))).toEqual([]);
    },
  );

  it.each(LANGUAGES.filter((l) => l !== "en"))(
    "%s has the plural forms its language needs",
    (lang) => {
      const rules = new Intl.PluralRules(lang);
      const needed = rules.resolvedOptions().pluralCategories;
      const plurals = [...flat.en.keys()].filter((k) => k.endsWith("_other"));
      expect(plurals.length).toBeGreaterThan(3);
      for (const key of plurals) {
        const stem = key.replace(/_other$/, "");
        for (const category of needed)
          expect(flat[lang].has(`${stem}_${category}`), `${lang} ${stem}_${category}`).toBe(true);
      }
    },
  );

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s puts in only values English puts in", (lang) => {
    for (const [key, text] of flat[lang]) {
      const en = new Set(
        placeholders(flat.en.get(key) ?? flat.en.get(key.replace(PLURAL, "_other")) ?? ""),
      );
      expect(
        placeholders(text).filter((p) => !en.has(p)),
        `${lang} ${key}`,
      ).toEqual([]);
    }
  });

  it.each(LANGUAGES)("%s has no empty string", (lang) => {
    for (const [key, text] of flat[lang]) expect(text.trim(), `${lang} ${key}`).not.toBe("");
  });
});

describe("every key asked for exists in English", () => {
  it("in the templates", async () => {
    const asked = new Set<string>();
    for (const { source } of await templates())
      for (const m of source.matchAll(/[{(]\s*(?:t|th) "([^"]+)"/g)) asked.add(m[1] ?? "");
    expect(asked.size).toBeGreaterThan(100);
    expect([...asked].filter((k) => !english.has(k))).toEqual([]);
  });

  it("in the server's code", async () => {
    const asked = new Set<string>();
    for (const source of await serverSources())
      for (const m of source.matchAll(/\bt\("([a-zA-Z]+\.[\w.-]+)"/g)) asked.add(m[1] ?? "");
    expect(asked.size).toBeGreaterThan(10);
    expect([...asked].filter((k) => !english.has(k))).toEqual([]);
  });

  it("for the keys built from values", () => {
    const built = [
      ...[...ASSESSMENT_STATUSES, ...FOLLOWUP_STATUSES].map((s) => `status.${s}`),
      ...SEARCHABLE_KINDS.map((k) => `kind.${k}`),
      ...FACET_NAMES.map((f) => `facet.${f}`),
      ...SORTS.map((s) => `sort.${s}`),
      ...Object.keys(ERROR_IDS).map((id) => `errors.explain.${id}`),
      ...["declaration", "reservation", "notification"].map((k) => `declKind.${k}`),
      ...REQUEST_TYPES.flatMap((t) => [`request.type.${t}`, `request.authorityKind.${t}`]),
      ...GROUPS.map((g) => `request.group.${g.id}`),
      ...NOTICE_KEYS.map((k) => `search.notice.${k}`),
      ...[...ACTIVITY_STATUSES, "done"].map((s) => `activityStatus.${s}`),
      ...ACTIVITY_STATUSES.map((s) => `activity.explain.${s}`),
      ...ACTIVITY_FORMS.map((f) => `activity.form.${f}`),
      ...TRACKER_NOTICES.map((n) => `tracker.notice.${n}`),
      ...ATTENTION_OPTIONS.map((o) => `tracker.attentionOption.${o}`),
      ...QUICK_CHOICES.map((q) => `compare.quick.${q}`),
      ...PROPOSAL_STATUSES.map((s) => `proposals.status.${s}`),
      ...EventSchema.shape.type.options.map((e) => `proposals.event.${e}`),
      ...DONE_KEYS.map((d) => `proposals.done.${d}`),
      ...[...ANALYSIS_FIELDS].map((f) => `proposals.fieldWord.${f}`),
      ...FIELD_KEYS.flatMap((f) => [
        `proposalForm.field.${f}.label`,
        `proposalForm.field.${f}.help`,
      ]),
      ...PROFILE_LISTS.flatMap((l) =>
        ["item", "legend", "add", "short"].map((w) => `proposalForm.list.${l}.${w}`),
      ),
      ...ROLES.map((r) => `account.roles.${r}`),
      ...AUDIT_EVENTS.map((e) => `audit.eventName.${e}`),
      ...AUDIT_VIAS.map((v) => `audit.via.${v}`),
    ];
    expect([...built].filter((k) => !english.has(k))).toEqual([]);
    // Each request field has a label and help, and each option a label, in every language.
    const fieldKeys = new Set(
      [...english].filter((k) => k.startsWith("request.field.")).map((k) => k.split(".")[2]),
    );
    for (const field of FIELDS) {
      const shared = FIELDS.filter((f) => f.name === field.name).length > 1;
      const key = shared ? `${field.name}-${field.types.join("-")}` : field.name;
      expect(fieldKeys.has(key), key).toBe(true);
      for (const option of field.options ?? []) {
        const value = option.value === "" ? "choose" : option.value.replace(/[^a-z0-9]+/gi, "-");
        expect(english.has(`request.field.${key}.option.${value}`), `${key} ${value}`).toBe(true);
      }
    }
  });
});

/** A template's text outside Handlebars expressions and tags: words there are untranslated. */
function looseWords(source: string): string[] {
  // The request letter is legal content and stays in English whatever the interface language.
  const text = source
    .replace(/<article class="letter"[\s\S]*?<\/article>/g, " ")
    .replace(/\{\{!--[\s\S]*?--\}\}/g, " ")
    .replace(/\{\{[\s\S]*?\}\}/g, " ")
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ");
  return text.match(/\p{L}{2,}/gu) ?? [];
}

describe("the templates", () => {
  it("set the names a message quotes as code, and escape the rest", async () => {
    const views = await loadViews(join(ROOT, "views"));
    const html = views.render("error", {
      status: 400,
      message: '`status.0`: expected one of a, b (found `<b>&"x"`)',
    });
    expect(html).toContain(
      "<code>status.0</code>: expected one of a, b (found <code>&lt;b&gt;&amp;&quot;x&quot;</code>)",
    );
    expect(html).not.toContain("<b>");
  });

  it("leave no interface words outside `t`", async () => {
    const found: string[] = [];
    const all = await templates();
    expect(all.length).toBeGreaterThan(20);
    for (const { path, source } of all) {
      for (const word of looseWords(source)) found.push(`${path}: ${word}`);
    }
    expect(found).toEqual([]);
  });

  it("translate attribute texts too (labels, placeholders, the card labels of phone tables)", async () => {
    const found: string[] = [];
    const all = await templates();
    expect(all.length).toBeGreaterThan(20);
    for (const { path, source } of all)
      for (const m of source.matchAll(
        /\b(aria-label|placeholder|title|alt|data-label)="([^"{]*\p{L}[^"]*)"/gu,
      ))
        found.push(`${path}: ${m[1]}="${m[2]}"`);
    expect(found).toEqual([]);
  });
});

describe("language helpers", () => {
  it("choose a language from Accept-Language by its weights", () => {
    expect(fromAcceptLanguage("uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7")).toBe("uk");
    expect(fromAcceptLanguage("ru-RU,ru;q=0.9")).toBe("ru");
    expect(fromAcceptLanguage("de-DE,ru;q=0.5,uk;q=0.8")).toBe("uk");
    expect(fromAcceptLanguage("de, fr")).toBeNull();
    expect(fromAcceptLanguage("ru;q=0, en")).toBe("en");
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });

  it("format dates and numbers in the reader's language", () => {
    expect(formatDateIn("en", "2012-10-01")).toBe("1 October 2012");
    expect(formatDateIn("en", "2010-05")).toBe("May 2010");
    // A no-break space keeps the year and its abbreviation ("г.", "р.") on one line.
    expect(formatDateIn("ru", "2012-10-01")).toBe("1 октября 2012\u00a0г.");
    expect(formatDateIn("uk", "2012-10-01")).toBe("1 жовтня 2012\u00a0р.");
    expect(formatDateIn("uk", "2010-05")).toBe("травень 2010\u00a0р.");
    expect(formatDateIn("ru", "unknown")).toBe("unknown");
    // A moment the server recorded (a publication, a push): its day and time, in UTC.
    expect(formatDateIn("en", "2026-11-30T23:21:23.951Z")).toBe("30 November 2026, 23:21\u00a0UTC");
    expect(formatDateIn("uk", "2026-11-30T08:05:00Z")).toBe(
      "30 листопада 2026\u00a0р., 08:05\u00a0UTC",
    );
    expect(translator("ru").date("no")).toBe("нет");
    expect(translator("uk").number(12345)).toMatch(/^12\s345$/u);
    expect(translator("en").number(12345)).toBe("12,345");
    expect(translator("en").list(["a", "b", "c"], "or")).toBe("a, b or c");
    expect(translator("ru").list(["a", "b"], "or")).toBe("a или b");
    expect(translator("uk").list(["a", "b", "c"])).toBe("a, b і c");
  });

  it("write a period as one range, and end a sentence on such a date with one full stop", () => {
    expect(translator("en").range("2015-12-14", "2015-12-16")).toBe("14–16 December 2015");
    expect(translator("en").range("2015-05-01", "2017-12-31")).toBe(
      "1 May 2015 – 31 December 2017",
    );
    expect(translator("ru").range("2015-12-14", "2015-12-16")).toBe("14–16 декабря 2015\u00a0г.");
    expect(translator("uk").range("2015-05-01", "2017-12-31")).toBe(
      "1 травня 2015 – 31 грудня 2017\u00a0рр.",
    );
    expect(translator("en").range("2015-09-30", "2015-10-02")).toBe(
      "30 September – 2 October 2015",
    );
    expect(translator("en").range("2017-01", "2017-03")).toBe("January–March 2017");
    expect(translator("en").range("2016", "2017")).toBe("2016 – 2017");
    expect(translator("en").range("2015-12-14", "2015-12-14")).toBe("14 December 2015");
    expect(translator("ru").range("2015-12", "2016-03-02")).toBe(
      "декабрь 2015\u00a0г. – 2 марта 2016\u00a0г.",
    );
    const ru = translator("ru");
    expect(ru.t("followup.none", { date: ru.date("2015-12-31") })).toBe(
      "Нет записей о выполнении, датированных позже 31 декабря 2015\u00a0г.",
    );
  });

  it("pick the plural form each language needs", () => {
    expect(translator("en").t("search.resultsWord", { count: 2 })).toBe("results");
    expect(translator("ru").t("search.resultsWord", { count: 1 })).toBe("результат");
    expect(translator("ru").t("search.resultsWord", { count: 3 })).toBe("результата");
    expect(translator("ru").t("search.resultsWord", { count: 5 })).toBe("результатов");
    expect(translator("uk").t("search.resultsWord", { count: 22 })).toBe("результати");
  });

  it("keep each string made for a key and its values apart from any other", () => {
    // The translator keeps what it made by key and values: asked again, in another order, with a
    // value of another type or with characters a key could be made of, each answer is still its own.
    const ru = translator("ru");
    for (let round = 0; round < 2; round++) {
      expect(ru.t("search.resultsWord", { count: 1 })).toBe("результат");
      expect(ru.t("search.resultsWord", { count: 5 })).toBe("результатов");
      expect(ru.t("search.titleFor", { q: "a\u0000b" })).toContain("a\u0000b");
      expect(ru.t("search.titleFor", { q: "a\u0000s" })).toContain("a\u0000s");
      expect(ru.t("search.titleFor", { q: "5" })).toContain("5");
      expect(ru.t("search.titleFor", { q: ["x"] })).toContain("x");
    }
    // Small whole numbers are kept once formatted; others are formatted each time.
    for (const lang of ["en", "ru", "uk"] as const)
      for (const n of [0, 7, 999, 1000, 9999, 10_000, 12_345, 1.5, -3]) {
        const once = translator(lang).number(n);
        expect(translator(lang).number(n)).toBe(once);
        expect(once).toBe(new Intl.NumberFormat(lang).format(n));
      }
  });
});
