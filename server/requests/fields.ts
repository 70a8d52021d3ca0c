/**
 * The fields of the two request drafts, as data: label, help text, the Convention element each
 * one serves, limits. The form, its zod validation, the draft and the "still missing" list are
 * all derived from this one list.
 */
import { z } from "zod";
import { isCalendarDate } from "../http/validators.js";

export const REQUEST_TYPES = ["preservation", "stored-data"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  preservation: "Request for expedited preservation of stored computer data (Art. 29)",
  "stored-data": "Mutual assistance request for stored computer data (Art. 31)",
};

export type FieldKind = "text" | "textarea" | "date" | "select" | "checkboxes" | "checkbox";

export interface FieldSpec {
  name: string;
  group: string;
  label: string;
  help: string;
  kind: FieldKind;
  types: readonly RequestType[];
  /** Without it no draft is produced (the form comes back with a message). */
  required?: boolean;
  /** Required only when another field has one of these values (e.g. an extension). */
  requiredWhen?: { field: string; values: readonly string[]; label: string };
  /** A Convention element: when empty, the draft lists it as still missing. */
  element?: string;
  max?: number;
  options?: readonly { value: string; label: string }[];
}

const BOTH = REQUEST_TYPES;
/** Request statuses that continue an earlier request, whose reference and date they must quote. */
export const EARLIER = ["follow-up", "extension"] as const;
const SHORT = 300;
const LONG = 5000;

export const GROUPS = [
  { id: "request", legend: "About this request" },
  { id: "authority", legend: "Requesting authority" },
  { id: "case", legend: "The case" },
  { id: "data", legend: "The data" },
  { id: "action", legend: "What is asked" },
  { id: "handling", legend: "Urgency, confidentiality and earlier requests" },
] as const;

export const FIELDS: readonly FieldSpec[] = [
  {
    name: "addressee",
    group: "request",
    label: "Addressed to",
    help: "Pre-filled from this knowledge base: the 24/7 point of contact for preservation, the central authority for mutual assistance. Correct it if you know better.",
    kind: "text",
    types: BOTH,
    max: SHORT,
    element: "addressee",
  },
  {
    name: "request_date",
    group: "request",
    label: "Date of the request",
    help: "The date the request is sent.",
    kind: "date",
    types: BOTH,
    required: true,
  },
  {
    name: "reference",
    group: "request",
    label: "Your reference",
    help: "Your case or file number, to be quoted in every reply.",
    kind: "text",
    types: BOTH,
    max: SHORT,
    element: "reference",
  },
  {
    name: "request_status",
    group: "request",
    label: "This request is",
    help: "A new request, a follow-up to an earlier one, or an extension of a preservation already in place.",
    kind: "select",
    types: BOTH,
    required: true,
    options: [
      { value: "new", label: "a new request" },
      { value: "follow-up", label: "a follow-up to an earlier request" },
      { value: "extension", label: "an extension of an earlier preservation" },
    ],
  },
  {
    name: "time_zone",
    group: "request",
    label: "Your time zone",
    help: "E.g. UTC+02:00: the requested authority needs it to read your times and deadlines.",
    kind: "text",
    types: BOTH,
    max: 40,
    element: "time zone",
  },
  {
    name: "reply_channel",
    group: "request",
    label: "Preferred channel for the reply",
    help: "How the requested authority should answer (Art. 25(3) allows expedited means such as e-mail in urgent cases).",
    kind: "select",
    types: BOTH,
    options: [
      { value: "", label: "(choose)" },
      { value: "24/7 network", label: "the 24/7 network" },
      { value: "e-mail", label: "e-mail" },
      { value: "central authority", label: "through the central authorities" },
      { value: "diplomatic channel", label: "the diplomatic channel" },
      { value: "other", label: "another channel (say which in the contact field)" },
    ],
  },
  {
    name: "authority_name",
    group: "authority",
    label: "Requesting authority",
    help: "Art. 29(2)(a): the authority asking. E.g. the prosecutor's office conducting the investigation.",
    kind: "text",
    types: BOTH,
    required: true,
    max: SHORT,
    element: "29.2.a",
  },
  {
    name: "authority_address",
    group: "authority",
    label: "Address",
    help: "Postal address of the requesting authority.",
    kind: "textarea",
    types: BOTH,
    max: 1000,
    element: "address",
  },
  {
    name: "authority_contact",
    group: "authority",
    label: "Contact for this request",
    help: "Office, telephone, e-mail and office hours of the person handling the request. Only you see this: it is not stored.",
    kind: "textarea",
    types: BOTH,
    max: 1000,
    element: "contact",
  },
  {
    name: "offence",
    group: "case",
    label: "Offence under investigation",
    help: "Art. 29(2)(b): the offence that is the subject of the investigation or proceedings.",
    kind: "text",
    types: BOTH,
    required: true,
    max: SHORT,
    element: "29.2.b",
  },
  {
    name: "legal_qualification",
    group: "case",
    label: "Legal qualification and text of the provisions",
    help: "The provisions of your law that define the offence and its penalty, with their text.",
    kind: "textarea",
    types: ["stored-data"],
    max: LONG,
    element: "legal qualification",
  },
  {
    name: "facts",
    group: "case",
    label: "Summary of the facts",
    help: "Art. 29(2)(b): a brief summary of the facts, enough for the requested authority to understand the case.",
    kind: "textarea",
    types: BOTH,
    required: true,
    max: LONG,
    element: "29.2.b",
  },
  {
    name: "data",
    group: "data",
    label: "Data to be preserved",
    help: "Art. 29(2)(c): the stored computer data, as precisely as possible (accounts, identifiers, time ranges, types of data).",
    kind: "textarea",
    types: ["preservation"],
    required: true,
    max: LONG,
    element: "29.2.c",
  },
  {
    name: "data",
    group: "data",
    label: "Data sought",
    help: "The stored computer data you ask for, as precisely as possible (accounts, identifiers, time ranges, types of data: subscriber, traffic, content).",
    kind: "textarea",
    types: ["stored-data"],
    required: true,
    max: LONG,
    element: "data sought",
  },
  {
    name: "link",
    group: "data",
    label: "How the data relate to the offence",
    help: "Art. 29(2)(c): the relationship between the data and the offence.",
    kind: "textarea",
    types: ["preservation"],
    required: true,
    max: LONG,
    element: "29.2.c",
  },
  {
    name: "link",
    group: "data",
    label: "How the data relate to the offence",
    help: "Why these data are evidence of the offence: what they are expected to show.",
    kind: "textarea",
    types: ["stored-data"],
    max: LONG,
    element: "relationship to the offence",
  },
  {
    name: "custodian",
    group: "data",
    label: "Custodian or location of the data",
    help: "Art. 29(2)(d): any available information identifying who holds the data (e.g. the service provider) or where the computer system is; if nothing is known, say so.",
    kind: "textarea",
    types: ["preservation"],
    required: true,
    max: LONG,
    element: "29.2.d",
  },
  {
    name: "custodian",
    group: "data",
    label: "Custodian or location of the data",
    help: "Who holds the data (e.g. the service provider) and where the computer system is: Art. 31(1) concerns data stored in the requested Party's territory.",
    kind: "textarea",
    types: ["stored-data"],
    max: LONG,
    element: "custodian or location",
  },
  {
    name: "necessity",
    group: "action",
    label: "Why preservation is necessary",
    help: "Art. 29(2)(e): e.g. the data may be deleted under the provider's retention policy.",
    kind: "textarea",
    types: ["preservation"],
    required: true,
    max: LONG,
    element: "29.2.e",
  },
  {
    name: "follow_up",
    group: "action",
    label: "A mutual assistance request will follow",
    help: "Art. 29(2)(f): a preservation request states that you intend to send a request to search, seize or disclose the data; without that intention Art. 29 is not the basis. Art. 29(7): the data are kept at least 60 days meanwhile.",
    kind: "checkbox",
    types: ["preservation"],
    required: true,
    element: "29.2.f",
  },
  {
    name: "measures",
    group: "action",
    label: "Measures requested",
    help: "Art. 31(1): what the requested Party should do with the data; choose at least one.",
    kind: "checkboxes",
    types: ["stored-data"],
    required: true,
    element: "31.1",
    options: [
      { value: "search", label: "search or similar access" },
      { value: "seizure", label: "seizure or similar securing" },
      { value: "disclosure", label: "disclosure" },
    ],
  },
  {
    name: "urgency",
    group: "handling",
    label: "Urgency and its reasons",
    help: "Art. 31(3): say why the request must be handled quickly (e.g. risk of loss, a deadline, a risk to life).",
    kind: "textarea",
    types: BOTH,
    max: LONG,
    element: "urgency",
  },
  {
    name: "confidentiality",
    group: "handling",
    label: "Confidentiality",
    help: "Arts. 27(8) and 28: whether the request and its content must be kept confidential, and why.",
    kind: "textarea",
    types: BOTH,
    max: LONG,
    element: "confidentiality",
  },
  {
    name: "earlier_reference",
    group: "handling",
    label: "Reference of the earlier request",
    help: "For a follow-up or an extension: the reference of the request it follows or extends, as the requested authority knows it.",
    kind: "text",
    types: BOTH,
    max: SHORT,
    requiredWhen: {
      field: "request_status",
      values: EARLIER,
      label: "for a follow-up or an extension",
    },
  },
  {
    name: "earlier_date",
    group: "handling",
    label: "Date of the earlier request",
    help: "For a follow-up or an extension: the date the earlier request was sent.",
    kind: "date",
    types: BOTH,
    requiredWhen: {
      field: "request_status",
      values: EARLIER,
      label: "for a follow-up or an extension",
    },
  },
  {
    name: "earlier_requests",
    group: "handling",
    label: "Other earlier requests in this case",
    help: "The date, reference and channel of any other preservation or mutual assistance request in this case, and the requested authority's reference if it gave one.",
    kind: "textarea",
    types: BOTH,
    max: LONG,
  },
];

/** The fields of one request type, in form order. */
export function fieldsFor(type: RequestType): FieldSpec[] {
  return FIELDS.filter((f) => f.types.includes(type));
}

export type RequestInput = Record<string, string | string[]>;

/** Reads a submitted form into plain values, keeping only the type's fields. */
export function readInput(type: RequestType, body: unknown): RequestInput {
  const raw = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const out: RequestInput = {};
  for (const field of fieldsFor(type)) {
    const value = raw[field.name];
    if (field.kind === "checkboxes") {
      out[field.name] = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(
        String,
      );
    } else if (field.kind === "checkbox") {
      out[field.name] = value === undefined || value === "" ? "" : "yes";
    } else {
      out[field.name] = Array.isArray(value)
        ? String(value[0] ?? "")
        : value === undefined
          ? ""
          : String(value);
    }
  }
  return out;
}

/** The zod schema of a type's form: what makes a draft possible at all. */
export function schemaFor(type: RequestType) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fieldsFor(type)) {
    if (field.kind === "checkboxes") {
      const values = (field.options ?? []).map((o) => o.value) as [string, ...string[]];
      const list = z
        .array(z.enum(values, { error: "choose among the listed measures" }))
        .max(values.length);
      shape[field.name] = field.required
        ? list.min(1, { error: `choose at least one: ${requiredBecause(field)}` })
        : list;
      continue;
    }
    if (field.kind === "checkbox") {
      shape[field.name] = field.required
        ? z.string().refine((v) => v === "yes", { error: `tick it: ${requiredBecause(field)}` })
        : z.string();
      continue;
    }
    let s = z.string().trim();
    if (field.max)
      s = s.max(field.max, {
        error: `at most ${field.max} characters (${field.max.toLocaleString("en")}); shorten it or attach a document`,
      });
    if (field.kind === "date") {
      shape[field.name] = s
        .refine((v) => v === "" || isCalendarDate(v), { error: "a real date written YYYY-MM-DD" })
        .refine((v) => !field.required || v !== "", { error: "give the date" });
      continue;
    }
    if (field.kind === "select" && field.options) {
      const values = field.options.map((o) => o.value);
      shape[field.name] = s
        .refine((v) => values.includes(v), { error: "choose one of the listed options" })
        .refine((v) => !field.required || v !== "", { error: "choose one" });
      continue;
    }
    shape[field.name] = field.required
      ? s.min(1, { error: `required: ${requiredBecause(field)}` })
      : s;
  }
  const conditional = fieldsFor(type).filter((f) => f.requiredWhen);
  return z.object(shape).superRefine((values, ctx) => {
    for (const field of conditional) {
      const when = field.requiredWhen;
      if (!when || !when.values.includes(String(values[when.field] ?? ""))) continue;
      if (String(values[field.name] ?? "").trim() !== "") continue;
      ctx.addIssue({
        code: "custom",
        path: [field.name],
        message: `required ${when.label}: the requested authority finds the earlier request by it`,
      });
    }
  });
}

/** Why a field is required: the Convention article its help cites, or the draft itself. */
function requiredBecause(field: FieldSpec): string {
  const cited = field.help.split(":")[0] ?? "";
  return cited.startsWith("Art.") ? `the Convention asks for it (${cited})` : "a draft needs it";
}
