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
import { STATUS_LABELS } from "../../views.js";

export const FORM_KINDS = ["analysis", "followup", "source", "profile"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

type InputKind = "text" | "date" | "select" | "textarea" | "markdown" | "lines" | "ids" | "yesno";

interface Descriptor {
  key: string;
  kind: InputKind;
  required: boolean;
  options: string[];
  label: string;
  help: string;
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

const WORDS: Record<string, [string, string]> = {
  status: ["Assessment", "How far the national law meets the article."],
  provisions: [
    "National provisions",
    "One per line, exactly as the law cites them: Criminal Procedure Code, Art. 136.",
  ],
  as_of: ["Checked on", "The day this statement was last checked against its sources."],
  sources: [
    "Sources",
    "Source ids separated by commas, such as ge-octopus, ge-cpc. A source not yet in the corpus can be added below.",
  ],
  missing: [
    "What is missing",
    "Required when the assessment is Unknown: what would be needed to assess the article.",
  ],
  analysis: [
    "Analysis",
    "In your own words, in Markdown: paragraphs, lists, **bold**, [a link](https://…). Every statement needs a source. No headings of level 1 to 3.",
  ],
  gaps: [
    "Gaps",
    "What is missing or unclear, in Markdown (a list is usual). Leave empty when there are none.",
  ],
  date: ["Date of the event", "The day the event happened (YYYY-MM-DD), as the source gives it."],
  event: [
    "What happened",
    "One sentence that stands on its own: name the law, act or body (never “the previous row”).",
  ],
  id: ["Source id", "Lower-case words joined by -, unique in the corpus: ge-law-2024."],
  title: ["Title", "As the source prints it."],
  publisher: [
    "Publisher",
    "The body that publishes the source, spelled as elsewhere in the corpus.",
  ],
  url: ["Address (URL)", "http(s) address of the source."],
  seen: ["Consulted on", "The day you opened the source (YYYY-MM-DD), or unknown."],
  official: [
    "Official",
    "Yes only for a text or register published by the body that makes or keeps it (the State's legislation portal or gazette, the Treaty Office); no for mirrors, summaries, commentary and news.",
  ],
  note: ["Note", "Optional: what the source is, what it copies, which language is authentic."],
  authority: [
    "Authority",
    "The ministry, office or unit — never a person, a phone number or an e-mail address.",
  ],
  role: ["Role", "What the authority does, with the article it is designated under."],
  number: ["Number", "As the official register writes it, or unknown."],
  law_title: ["Title", "The exact title of the law."],
  law_date: ["Date", "YYYY, YYYY-MM, YYYY-MM-DD or unknown."],
  law_note: ["Note", "Optional: publication, entry into force."],
  law_url: ["Address (URL)", "Optional: the text on the national legislation portal."],
};

const DATE_KEYS = new Set(["as_of", "date"]);
const LONG_KEYS = new Set(["missing", "event", "note", "role"]);

/** The descriptors of a zod object's fields, in the schema's order. */
function describe(
  shape: Record<string, z.ZodType>,
  keys: readonly string[],
  words: (key: string) => [string, string] = (key) => WORDS[key] ?? [key, ""],
): Descriptor[] {
  return keys.map((key) => {
    const { required, inner } = inspect(shape[key] ?? z.string());
    const [label, help] = words(key);
    let kind: InputKind = DATE_KEYS.has(key) ? "date" : LONG_KEYS.has(key) ? "textarea" : "text";
    let options: string[] = [];
    if (inner instanceof z.ZodEnum) {
      kind = "select";
      options = inner.options.map(String);
    } else if (inner instanceof z.ZodArray) kind = key === "sources" ? "ids" : "lines";
    else if (inner instanceof z.ZodBoolean) kind = "yesno";
    return { key, kind, required, options, label, help };
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
    label: WORDS["analysis"]![0],
    help: WORDS["analysis"]![1],
  },
  {
    key: "gaps",
    kind: "markdown",
    required: false,
    options: [],
    label: WORDS["gaps"]![0],
    help: WORDS["gaps"]![1],
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
  (key) => WORDS[`law_${key}`] ?? WORDS[key] ?? [key, ""],
);

const LIST_WORDS: Record<(typeof PROFILE_LISTS)[number], { one: string; legend: string }> = {
  central_authorities: {
    one: "Central authority",
    legend: "Central authorities for mutual legal assistance",
  },
  contact_points: { one: "24/7 point of contact", legend: "24/7 points of contact (Art. 35)" },
  laws: { one: "Law", legend: "Main laws" },
};

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
          { value: "", label: "Choose…", selected: value === "" },
          ...d.options.map((o) => ({
            value: o,
            label: STATUS_LABELS[o] ?? o,
            selected: o === value,
          })),
        ]
      : d.kind === "yesno"
        ? [
            { value: "false", label: "No", selected: value !== "true" },
            { value: "true", label: "Yes", selected: value === "true" },
          ]
        : [];
  const now = current?.[name];
  return {
    name,
    id: idOf(name),
    label: d.label,
    help: d.help,
    value,
    required: d.required && d.key !== "missing",
    options,
    error: errors[name]?.join(" ") ?? null,
    current: now !== undefined && now !== value ? now : null,
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
): GroupView[] {
  const current = options.current ?? null;
  const group = (id: string, legend: string, ds: Descriptor[], prefix = ""): GroupView => ({
    id,
    legend,
    fields: ds.map((d) => fieldView(d, `${prefix}${d.key}`, values, errors, current)),
    removable: null,
    error: errors[prefix.replace(/\.$/, "")]?.join(" ") ?? null,
    addButton: null,
    optional: false,
    open: true,
    summary: "",
  });
  const groups: GroupView[] = [];
  if (kind === "analysis") {
    groups.push(group("assessment", "Status, provisions and sources", ANALYSIS.slice(0, 5)));
    groups.push(group("prose", "Analysis and gaps", ANALYSIS.slice(5)));
  } else if (kind === "followup") {
    groups.push(group("event", "The event", FOLLOWUP));
  } else if (kind === "profile") {
    for (const list of PROFILE_LISTS) {
      const count = itemCount(values, list);
      const ds = list === "laws" ? LAW : AUTHORITY;
      for (let i = 0; i < count; i++) {
        const g = group(`${list}-${i}`, `${LIST_WORDS[list].one} ${i + 1}`, ds, `${list}.${i}.`);
        g.removable = {
          name: `${list}.${i}.remove`,
          checked: values[`${list}.${i}.remove`] === "yes",
        };
        groups.push(g);
      }
      groups.push({
        id: list,
        legend: LIST_WORDS[list].legend,
        fields: [],
        removable: null,
        error: errors[list]?.join(" ") ?? null,
        addButton: { value: `add:${list}`, label: `Add a ${LIST_WORDS[list].one.toLowerCase()}` },
        optional: false,
        open: true,
        summary: "",
      });
    }
  }
  if (kind === "source" || options.withSource) {
    const g = group(
      "new-source",
      kind === "source" ? "The source" : "The new source",
      SOURCE,
      "source.",
    );
    if (kind !== "source") {
      for (const f of g.fields) f.required = false;
      g.optional = true;
      g.summary = "Add a new source to cite (optional)";
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

/** The label of a field name, for the error summary. */
export function labelOf(name: string): string {
  const parts = name.split(".");
  if (parts[0] === "source")
    return `New source: ${(WORDS[parts[1] ?? ""] ?? [parts[1] ?? "source"])[0].toLowerCase()}`;
  if ((PROFILE_LISTS as readonly string[]).includes(parts[0] ?? "")) {
    const list = LIST_WORDS[parts[0] as (typeof PROFILE_LISTS)[number]];
    if (parts.length === 1) return list.legend;
    const key = parts[2];
    const word = key
      ? parts[0] === "laws"
        ? (WORDS[`law_${key}`] ?? WORDS[key])
        : WORDS[key]
      : undefined;
    return `${list.one} ${Number(parts[1]) + 1}${word ? `: ${word[0].toLowerCase()}` : ""}`;
  }
  return WORDS[name]?.[0] ?? (name === "corpus" ? "Elsewhere in the corpus" : name);
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
