/** The request drafts' JSON: the form's fields pre-filled, and a built draft. */
import { z } from "zod";
import { FIELDS, REQUEST_TYPES } from "../../requests/fields.js";
import { InterpretationShape } from "../interpretation.js";

const AuthorityJson = z.strictObject({ authority: z.string(), role: z.string() });

/** What a draft can be: its kinds, and the countries one can be addressed to. */
export const RequestChoicesJson = z.strictObject({
  types: z.array(z.strictObject({ value: z.enum(REQUEST_TYPES), label: z.string() })),
  countries: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  form: z
    .string()
    .describe("The address of a draft's pre-filled fields, with `{type}` and `{code}` to fill in."),
});

export const RequestFormJson = z.strictObject({
  type: z.enum(REQUEST_TYPES),
  title: z.string(),
  to: z.strictObject({
    code: z.string(),
    country: z.string(),
    authorities: z.array(AuthorityJson),
  }),
  warnings: z.array(z.string()),
  fields: z.array(
    z.strictObject({
      name: z.string(),
      label: z.string(),
      help: z.string(),
      kind: z.enum(["text", "textarea", "date", "select", "checkboxes", "checkbox"]),
      required: z.boolean(),
      requiredWhen: z
        .strictObject({ field: z.string(), values: z.array(z.string()) })
        .nullable()
        .describe("Required only when `field` has one of `values` (e.g. an extension)."),
      element: z.string().nullable().describe("The Convention element the field serves."),
      max: z.number().nullable(),
      options: z.array(z.strictObject({ value: z.string(), label: z.string() })).nullable(),
    }),
  ),
  defaults: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  interpretation: z
    .strictObject({
      article: z.number().describe("The Convention article the request rests on (29 or 31)."),
      ...InterpretationShape,
    })
    .describe("What the Explanatory Report and the T-CY Guidance Notes say of that article."),
});

/** The body of POST /api/requests/draft: the type, the country and every field of the form. */
export const DraftBodyJson = z
  .object({
    type: z.enum(REQUEST_TYPES),
    to: z.string().describe("The requested country's code."),
    ...Object.fromEntries(
      FIELDS.map((f) => [
        f.name,
        (f.kind === "checkboxes" ? z.array(z.string()) : z.string()).optional().describe(f.label),
      ]),
    ),
  })
  .describe("Every field of the form; see GET /api/requests/new for which are required.");

const LetterTextJson = z.strictObject({
  text: z.string(),
  missing: z.boolean().describe("A gap to be completed; `text` says what goes there."),
});
const LetterBlockJson = z.strictObject({
  heading: z.string(),
  citation: z.string().nullable(),
  paragraphs: z.array(LetterTextJson),
});

export const DraftJson = z.strictObject({
  type: z.enum(REQUEST_TYPES),
  to: z.strictObject({
    country: z.string(),
    code: z.string(),
    authorities: z.array(AuthorityJson),
    addressee: z.string(),
  }),
  missing: z.array(
    z.strictObject({ label: z.string(), element: z.string(), citation: z.string().nullable() }),
  ),
  warnings: z.array(z.string()),
  letter: z
    .strictObject({
      sender: z.array(LetterTextJson),
      date: z.string(),
      reference: LetterTextJson,
      addressee: z.array(z.string()),
      title: z.string(),
      basis: z.string(),
      status: z.string().nullable(),
      opening: z.array(LetterTextJson),
      elements: z.array(LetterBlockJson).describe("The numbered elements the Convention asks for."),
      notes: z.array(LetterBlockJson),
      signature: z.array(LetterTextJson),
    })
    .describe("The request as one would send it."),
  sections: z.array(
    z.strictObject({
      heading: z.string(),
      items: z.array(
        z.strictObject({
          label: z.string(),
          value: z.string(),
          missing: z.boolean(),
          element: z.string().nullable(),
          citation: z.string().nullable(),
        }),
      ),
    }),
  ),
  markdown: z.string(),
});
