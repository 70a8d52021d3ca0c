/**
 * The edit forms, built from the corpus's own zod schemas: which fields a section, a profile
 * entry, a follow-up row and a source have, which are required, which offer a fixed list of
 * values — all read from the schemas `npm run check` validates with. This module adds only
 * labels, help and the input each value needs. One list drives the form, the reading of a
 * submitted form and the placing of each problem beside its field.
 */
import { z } from "zod";
import {
  AnalysisBlockSchema,
  AuthoritySchema,
  FollowupRowSchema,
  LawSchema,
  PROFILE_LISTS,
  SourceSchema,
  type AnalysisFields,
  type ProfileFields,
  type SourceFields,
} from "../../../indexer/index.js";
import { ProposalInputSchema, type ProposalInput } from "../../editing/input.js";
import { translator, type Translator } from "../../i18n.js";

export const FORM_KINDS = ["analysis", "followup", "source", "profile"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

type InputKind = "text" | "date" | "select" | "textarea" | "markdown" | "lines" | "ids" | "yesno";

interface Descriptor {
  key: string;
  kind: InputKind;
  required: boolean;
  options: string[];
  /** Where its label and help are (`law_title` for a law's title). */
  wordKey: string;
}

/** What a field of a zod object shape asks for: required, a list, a fixed set of values. */
function inspect(schema: z.ZodType): { required: boolean; inner: z.ZodType } {
  let inner = schema;
  let required = true;
  while (
    inner instanceof z.ZodOptional ||
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodNullable
  ) {
    required = false;
    inner = (inner as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
  }
  return { required, inner };
}

/** The fields that have a label and help of their own (`proposalForm.field.<key>`). */
export const FIELD_KEYS = [
  "status",
  "provisions",
  "as_of",
  "sources",
  "missing",
  "analysis",
  "gaps",
  "date",
  "event",
  "id",
  "title",
  "publisher",
  "url",
  "seen",
  "official",
  "note",
  "authority",
  "role",
  "number",
  "law_title",
  "law_date",
  "law_note",
  "law_url",
] as const;
const FIELD_KEY_SET = new Set<string>(FIELD_KEYS);

/** The label and help of a field in the reader's language (the key itself when it has none). */
function words(t: Translator, key: string): [string, string] {
  if (!FIELD_KEY_SET.has(key)) return [key, ""];
  return [t.t(`proposalForm.field.${key}.label`), t.t(`proposalForm.field.${key}.help`)];
}

const ENGLISH = () => translator("en");

const DATE_KEYS = new Set(["as_of", "date"]);
const LONG_KEYS = new Set(["missing", "event", "note", "role"]);

/** The descriptors of a zod object's fields, in the schema's order. */
function describe(
  shape: Record<string, z.ZodType>,
  keys: readonly string[],
  wordKey: (key: string) => string = (key) => key,
): Descriptor[] {
  return keys.map((key) => {
    const { required, inner } = inspect(shape[key] ?? z.string());
    let kind: InputKind = DATE_KEYS.has(key) ? "date" : LONG_KEYS.has(key) ? "textarea" : "text";
    let options: string[] = [];
    if (inner instanceof z.ZodEnum) {
      kind = "select";
      options = inner.options.map(String);
    } else if (inner instanceof z.ZodArray) kind = key === "sources" ? "ids" : "lines";
    else if (inner instanceof z.ZodBoolean) kind = "yesno";
    return { key, kind, required, options, wordKey: wordKey(key) };
  });
}

const analysisShape = AnalysisBlockSchema.shape as unknown as Record<string, z.ZodType>;
const ANALYSIS: Descriptor[] = [
  ...describe(analysisShape, ["status", "provisions", "as_of", "sources", "missing"]),
  {
    key: "analysis",
    kind: "markdown",
    required: false,
    options: [],
    wordKey: "analysis",
  },
  {
    key: "gaps",
    kind: "markdown",
    required: false,
    options: [],
    wordKey: "gaps",
  },
];
const FOLLOWUP = describe(FollowupRowSchema.shape as unknown as Record<string, z.ZodType>, [
  "date",
  "status",
  "event",
  "sources",
]);
const SOURCE = describe(SourceSchema.shape as unknown as Record<string, z.ZodType>, [
  "id",
  "title",
  "publisher",
  "url",
  "seen",
  "official",
  "note",
]);
const AUTHORITY = describe(AuthoritySchema.shape as unknown as Record<string, z.ZodType>, [
  "authority",
  "role",
  "sources",
]);
const LAW = describe(
  LawSchema.shape as unknown as Record<string, z.ZodType>,
  ["title", "number", "date", "url", "note", "sources"],
  (key) => (FIELD_KEY_SET.has(`law_${key}`) ? `law_${key}` : key),
);

/** A profile list's words: `proposalForm.list.<list>.{item,legend,add}`. */
const listWord = (t: Translator, list: string, word: "item" | "legend" | "add", n?: number) =>
  t.t(`proposalForm.list.${list}.${word}`, n === undefined ? {} : { n });

/** One input of the page. */
export interface FieldView {
  name: string;
  id: string;
  label: string;
  help: string;
  value: string;
  required: boolean;
  options: { value: string; label: string; selected: boolean }[];
  error: string | null;
  /** The value on the corpus branch now, when it differs (a conflict being resolved). */
  current: string | null;
  /** That value is corpus text (English), not one of the form's own words. */
  currentEnglish: boolean;
  isText: boolean;
  isDate: boolean;
  isSelect: boolean;
  isTextarea: boolean;
  isMarkdown: boolean;
  isLines: boolean;
}

export interface GroupView {
  id: string;
  legend: string;
  fields: FieldView[];
  /** A list entry may be removed. */
  removable: { name: string; checked: boolean } | null;
  error: string | null;
  /** The button that adds an entry to this list. */
  addButton: { value: string; label: string } | null;
  /** An optional part, folded away until it is opened (or holds a value or a problem). */
  optional: boolean;
  open: boolean;
  summary: string;
}

const idOf = (name: string) => `f-${name.replace(/[^a-z0-9]+/gi, "-")}`;

function fieldView(
  t: Translator,
  d: Descriptor,
  name: string,
  values: Record<string, string>,
  errors: Record<string, string[]>,
  current: Record<string, string> | null,
): FieldView {
  const value = values[name] ?? "";
  const options =
    d.kind === "select"
      ? [
          { value: "", label: t.t("proposalForm.choose"), selected: value === "" },
          ...d.options.map((o) => ({
            value: o,
            label: t.t(`status.${o}`),
            selected: o === value,
          })),
        ]
      : d.kind === "yesno"
        ? [
            { value: "false", label: t.t("proposalForm.no"), selected: value !== "true" },
            { value: "true", label: t.t("proposalForm.yes"), selected: value === "true" },
          ]
        : [];
  const now = current?.[name];
  const [label, help] = words(t, d.wordKey);
  return {
    name,
    id: idOf(name),
    label,
    help,
    value,
    required: d.required && d.key !== "missing",
    options,
    error: errors[name]?.join(" ") ?? null,
    current:
      now !== undefined && now !== value
        ? (options.find((o) => o.value === now)?.label ?? now)
        : null,
    currentEnglish: options.length === 0,
    isText: d.kind === "text" || d.kind === "ids",
    isDate: d.kind === "date",
    isSelect: d.kind === "select" || d.kind === "yesno",
    isTextarea: d.kind === "textarea",
    isMarkdown: d.kind === "markdown",
    isLines: d.kind === "lines",
  };
}

/** The form's fieldsets for `kind`, with the values typed and the problems found. */
export function formGroups(
  kind: FormKind,
  values: Record<string, string>,
  errors: Record<string, string[]>,
  options: { current?: Record<string, string> | null; withSource?: boolean } = {},
  t: Translator = ENGLISH(),
): GroupView[] {
  const current = options.current ?? null;
  const group = (id: string, legend: string, ds: Descriptor[], prefix = ""): GroupView => ({
    id,
    legend,
    fields: ds.map((d) => fieldView(t, d, `${prefix}${d.key}`, values, errors, current)),
    removable: null,
    error: errors[prefix.replace(/\.$/, "")]?.join(" ") ?? null,
    addButton: null,
    optional: false,
    open: true,
    summary: "",
  });
  const groups: GroupView[] = [];
  if (kind === "analysis") {
    groups.push(group("assessment", t.t("proposalForm.group.assessment"), ANALYSIS.slice(0, 5)));
    groups.push(group("prose", t.t("proposalForm.group.prose"), ANALYSIS.slice(5)));
  } else if (kind === "followup") {
    groups.push(group("event", t.t("proposalForm.group.event"), FOLLOWUP));
  } else if (kind === "profile") {
    for (const list of PROFILE_LISTS) {
      const count = itemCount(values, list);
      const ds = list === "laws" ? LAW : AUTHORITY;
      for (let i = 0; i < count; i++) {
        const g = group(`${list}-${i}`, listWord(t, list, "item", i + 1), ds, `${list}.${i}.`);
        g.removable = {
          name: `${list}.${i}.remove`,
          checked: values[`${list}.${i}.remove`] === "yes",
        };
        groups.push(g);
      }
      groups.push({
        id: list,
        legend: listWord(t, list, "legend"),
        fields: [],
        removable: null,
        error: errors[list]?.join(" ") ?? null,
        addButton: { value: `add:${list}`, label: listWord(t, list, "add") },
        optional: false,
        open: true,
        summary: "",
      });
    }
  }
  if (kind === "source" || options.withSource) {
    const g = group(
      "new-source",
      t.t(kind === "source" ? "proposalForm.group.source" : "proposalForm.group.newSource"),
      SOURCE,
      "source.",
    );
    if (kind !== "source") {
      for (const f of g.fields) f.required = false;
      g.optional = true;
      g.summary = t.t("proposalForm.group.newSourceSummary");
      g.open =
        g.error !== null ||
        g.fields.some((f) => f.error !== null || (f.value !== "" && f.name !== "source.official"));
    }
    groups.push(g);
  }
  return groups;
}

/** How many entries of a profile list the values hold. */
function itemCount(values: Record<string, string>, list: string): number {
  let max = -1;
  for (const name of Object.keys(values)) {
    const m = new RegExp(`^${list}\\.(\\d+)\\.`).exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** The form values of a target's current fields. */
export function valuesOf(kind: FormKind, fields: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (kind === "analysis") {
    const f = fields as AnalysisFields;
    Object.assign(out, {
      status: f.status,
      provisions: f.provisions.join("\n"),
      as_of: f.as_of,
      sources: f.sources.join(", "),
      missing: f.missing ?? "",
      analysis: f.analysis,
      gaps: f.gaps,
    });
  } else if (kind === "profile") {
    const f = fields as ProfileFields;
    for (const list of PROFILE_LISTS)
      (f[list] as unknown as Record<string, unknown>[]).forEach((item, i) => {
        for (const [key, value] of Object.entries(item))
          out[`${list}.${i}.${key}`] = Array.isArray(value)
            ? value.join(", ")
            : value === null
              ? ""
              : String(value);
      });
  } else if (kind === "followup") {
    const f = fields as Record<string, unknown>;
    for (const key of ["date", "status", "event"]) out[key] = String(f[key] ?? "");
    out["sources"] = Array.isArray(f["sources"]) ? (f["sources"] as string[]).join(", ") : "";
  }
  return out;
}

/** The form values of a source. */
export function sourceValues(source: SourceFields | null): Record<string, string> {
  if (!source) return {};
  return {
    "source.id": source.id,
    "source.title": source.title,
    "source.publisher": source.publisher,
    "source.url": source.url,
    "source.seen": source.seen,
    "source.official": String(source.official),
    "source.note": source.note ?? "",
  };
}

const ids = (s: string | undefined) =>
  (s ?? "")
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const lines = (s: string | undefined) =>
  (s ?? "")
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

/** What the submitted form holds: its raw values (kept for the page) and the proposal it asks for. */
export function readForm(body: Record<string, unknown>): {
  kind: FormKind | null;
  values: Record<string, string>;
  target: Record<string, string>;
  action: string;
} {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === "_csrf" || key.length > 80) continue;
    const v = Array.isArray(value) ? value.at(-1) : value;
    if (typeof v === "string") values[key] = v.slice(0, 50_000);
  }
  const kind = (FORM_KINDS as readonly string[]).includes(values["kind"] ?? "")
    ? (values["kind"] as FormKind)
    : null;
  const target = {
    country: values["country"] ?? "",
    article: values["article"] ?? "",
    recommendation: values["recommendation"] ?? "",
    file: values["file"] ?? "",
  };
  const action = values["action"] ?? "submit";
  for (const key of ["kind", "country", "article", "recommendation", "action"]) delete values[key];
  // Entries marked for removal leave the form once it is sent again; "add" makes a blank one.
  if (action.startsWith("add:")) {
    const list = action.slice(4);
    if ((PROFILE_LISTS as readonly string[]).includes(list))
      values[`${list}.${itemCount(values, list)}.${list === "laws" ? "title" : "authority"}`] = "";
  }
  return { kind, values, target, action };
}

/** The proposal a form asks for, validated for shape; problems by field name. */
export function proposalOf(
  kind: FormKind,
  target: Record<string, string>,
  values: Record<string, string>,
): { input: ProposalInput | null; errors: Record<string, string[]> } {
  const sourceGiven = SOURCE.some(
    (d) => d.key !== "official" && (values[`source.${d.key}`] ?? "").trim() !== "",
  );
  const source = {
    id: values["source.id"] ?? "",
    title: values["source.title"] ?? "",
    publisher: values["source.publisher"] ?? "",
    url: values["source.url"] ?? "",
    seen: values["source.seen"] ?? "",
    official: values["source.official"] === "true",
    note: values["source.note"]?.trim() ? values["source.note"] : null,
  };
  const note = values["note"]?.trim() ? { note: values["note"] } : {};
  let raw: unknown;
  switch (kind) {
    case "analysis":
      raw = {
        kind,
        country: target["country"],
        article: Number(target["article"]),
        fields: {
          status: values["status"] ?? "",
          provisions: lines(values["provisions"]),
          as_of: values["as_of"] ?? "",
          sources: ids(values["sources"]),
          missing: values["missing"]?.trim() ? values["missing"] : null,
          analysis: values["analysis"] ?? "",
          gaps: values["gaps"] ?? "",
        },
        ...(sourceGiven ? { source } : {}),
        ...note,
      };
      break;
    case "followup":
      raw = {
        kind,
        recommendation: target["recommendation"],
        country: target["country"],
        fields: {
          date: values["date"] ?? "",
          status: values["status"] ?? "",
          event: values["event"] ?? "",
          sources: ids(values["sources"]),
        },
        ...(sourceGiven ? { source } : {}),
        ...note,
      };
      break;
    case "source":
      raw = { kind, file: values["file"] ?? target["file"] ?? "", source, ...note };
      break;
    case "profile": {
      const list = (name: (typeof PROFILE_LISTS)[number]) => {
        const out: Record<string, unknown>[] = [];
        for (let i = 0; i < itemCount(values, name); i++) {
          if (values[`${name}.${i}.remove`] === "yes") continue;
          const v = (k: string) => values[`${name}.${i}.${k}`] ?? "";
          out.push(
            name === "laws"
              ? {
                  title: v("title"),
                  number: v("number"),
                  date: v("date"),
                  url: v("url").trim() ? v("url") : null,
                  note: v("note").trim() ? v("note") : null,
                  sources: ids(v("sources")),
                }
              : { authority: v("authority"), role: v("role"), sources: ids(v("sources")) },
          );
        }
        return out;
      };
      raw = {
        kind,
        country: target["country"],
        fields: {
          central_authorities: list("central_authorities"),
          contact_points: list("contact_points"),
          laws: list("laws"),
        },
        ...(sourceGiven ? { source } : {}),
        ...note,
      };
      break;
    }
  }
  const parsed = ProposalInputSchema.safeParse(raw);
  if (parsed.success) return { input: parsed.data, errors: {} };
  return { input: null, errors: inputErrors(parsed.error) };
}

/** zod's issues on a proposal's input, by form field name. */
export function inputErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.filter((p) => p !== "fields").map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) (out[[...path, key].join(".")] ??= []).push("unknown field");
      continue;
    }
    const name = path.join(".") || "corpus";
    (out[name] ??= []).push(issue.message);
  }
  return out;
}

/** The label of a field name, for the error summary and the diff. */
export function labelOf(name: string, t: Translator = ENGLISH()): string {
  const parts = name.split(".");
  const field = (key: string | undefined) => (key ? words(t, key)[0].toLowerCase() : "");
  if (parts[0] === "source")
    return t.t("proposalForm.newSourceField", { field: field(parts[1]) || "source" });
  if ((PROFILE_LISTS as readonly string[]).includes(parts[0] ?? "")) {
    const list = parts[0]!;
    if (parts.length === 1) return listWord(t, list, "legend");
    const item = listWord(t, list, "item", Number(parts[1]) + 1);
    const key = parts[2];
    if (!key) return item;
    const wordKey = list === "laws" && FIELD_KEY_SET.has(`law_${key}`) ? `law_${key}` : key;
    return FIELD_KEY_SET.has(wordKey) ? `${item}: ${field(wordKey)}` : item;
  }
  if (FIELD_KEY_SET.has(name)) return words(t, name)[0];
  return name === "corpus" ? t.t("proposalForm.elsewhere") : name;
}

/** The id of the input a field name is shown in (for the summary's links). */
export function anchorOf(name: string, groups: readonly GroupView[]): string {
  for (const g of groups) {
    if (g.fields.some((f) => f.name === name)) return idOf(name);
    if (name === g.id.replace(/-(\d+)$/, ".$1") || name === g.id) return `g-${g.id}`;
  }
  const item = /^([a-z_]+)\.(\d+)/.exec(name);
  if (item) return `g-${item[1]}-${item[2]}`;
  return groups[0]?.fields[0]?.id ?? "main";
}
