/**
 * Handlebars setup: every template under views/ is compiled once at start. Templates receive
 * plain view models; helpers only format. `{{x}}` escapes; `{{{x}}}` is used only for HTML the
 * indexer sanitized or the highlighter built from escaped text.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import Handlebars from "handlebars";

export interface Views {
  /** Renders `pages/<page>.hbs` inside `layouts/<layout>.hbs`. */
  render(page: string, model: Record<string, unknown>, layout?: string): string;
  has(page: string): boolean;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2012-10-01" → "1 October 2012"; "2010-05" → "May 2010"; other values unchanged. */
export function formatDate(value: unknown): string {
  if (typeof value !== "string") return "";
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (full) return `${Number(full[3])} ${MONTHS[Number(full[2]) - 1] ?? ""} ${full[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? ""} ${month[1]}`;
  if (value === "no") return "no";
  return value;
}

/** "29.2.a" → "29(2)(a)", the way lawyers cite a paragraph. */
export function formatRef(value: unknown): string {
  if (typeof value !== "string") return "";
  const [article, ...rest] = value.split(".");
  return `${article ?? ""}${rest.map((p) => `(${p})`).join("")}`;
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
    date: (value: unknown) => formatDate(value),
    statusLabel: (value: unknown) =>
      typeof value === "string" ? (STATUS_LABELS[value] ?? value) : "",
    plural: (count: unknown, one: unknown, many: unknown) =>
      `${String(count)} ${count === 1 ? String(one) : String(many)}`,
    ref: (value: unknown) => formatRef(value),
    join: (items: unknown, separator: unknown) =>
      Array.isArray(items) ? items.join(typeof separator === "string" ? separator : ", ") : "",
  };
  for (const [name, helper] of Object.entries(helpers)) hbs.registerHelper(name, helper);

  // Naming the helpers lets Handlebars compile `{{name}}` as a property read instead of asking,
  // at every use, whether `name` is a helper; an unknown helper is then an error at start.
  // Templates that use no @index, @last… are compiled without data frames, which every
  // iteration of an {{#each}} would otherwise allocate; a page keeps them if a partial needs them.
  const options = {
    strict: false,
    preventIndent: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
    knownHelpersOnly: true,
  };
  const usesData = (source: string) => /@[a-z]/.test(source);
  let partialsUseData = false;
  const compileDir = async (sub: string) => {
    const files = (await readdir(join(dir, sub)).catch(() => [])).filter((f) => f.endsWith(".hbs"));
    const out = new Map<string, HandlebarsTemplateDelegate>();
    for (const file of files) {
      const source = await readFile(join(dir, sub, file), "utf8");
      const data = usesData(source) || partialsUseData;
      if (sub === "partials" && usesData(source)) partialsUseData = true;
      const template = hbs.compile(source, { ...options, data });
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
    render(page, model, layout = "main") {
      const template = pages.get(page);
      const frame = layouts.get(layout);
      if (!template || !frame) throw new Error(`no template ${page} in layout ${layout}`);
      const body = template(model);
      return frame({ ...model, body });
    },
    has(page) {
      return pages.has(page);
    },
  };
}
