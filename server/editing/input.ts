/**
 * What a proposal asks for, as the API and the forms send it. These schemas check only the shape
 * and size of what is typed; whether it is right — a real date, a known source, a status that
 * exists, no person's name — is the corpus check's job, run on the corpus with the change applied.
 */
import { z } from "zod";

// Control characters other than line breaks and tabs have no place in corpus text.
/* eslint-disable no-control-regex -- removing control characters is the point */
const CONTROL =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

/** Text as typed, without control or bidi-override characters, at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: "expected text" })
    .max(max, { error: `at most ${max} characters` })
    .transform((s) => s.normalize("NFC").replace(CONTROL, ""));

const list = (max: number, each: number) =>
  z.array(text(each), { error: "expected a list" }).max(max, { error: `at most ${max} items` });

export const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: "expected a country code such as GE" });

export const SourceInputSchema = z.strictObject({
  id: text(80),
  title: text(500),
  publisher: text(300),
  url: text(2000),
  seen: text(20),
  official: z.boolean({ error: "expected true or false" }),
  note: text(2000).nullable().default(null),
});
export type SourceInput = z.infer<typeof SourceInputSchema>;

export const AnalysisInputFields = z.strictObject({
  status: text(40),
  provisions: list(60, 500).default([]),
  as_of: text(20),
  sources: list(60, 80),
  missing: text(2000).nullable().default(null),
  analysis: text(40_000).default(""),
  gaps: text(20_000).default(""),
});

const AuthorityInput = z.strictObject({
  authority: text(500),
  role: text(2000),
  sources: list(30, 80),
});
const LawInput = z.strictObject({
  title: text(500),
  number: text(100),
  date: text(20),
  url: text(2000).nullable().default(null),
  note: text(2000).nullable().default(null),
  sources: list(30, 80),
});

export const ProfileInputFields = z.strictObject({
  central_authorities: z.array(AuthorityInput).max(30),
  contact_points: z.array(AuthorityInput).max(30),
  laws: z.array(LawInput).max(80),
});

export const FollowupInputFields = z.strictObject({
  date: text(20),
  status: text(40),
  event: text(4000),
  sources: list(30, 80),
});

const note = text(2000).optional().describe("Why the change is right: shown to the reviewers.");

export const ProposalInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("analysis"),
    country: CountrySchema,
    article: z.number().int().min(1).max(999),
    fields: AnalysisInputFields,
    source: SourceInputSchema.optional().describe(
      "A new source to add, which the fields may cite.",
    ),
    note,
  }),
  z.strictObject({
    kind: z.literal("followup"),
    recommendation: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9.-]{0,40}$/, { error: "expected a recommendation id" }),
    country: CountrySchema,
    fields: FollowupInputFields,
    source: SourceInputSchema.optional(),
    note,
  }),
  z.strictObject({
    kind: z.literal("source"),
    file: text(300).describe("The sources file, as its path inside the corpus (sources/ge.md)."),
    source: SourceInputSchema,
    note,
  }),
  z.strictObject({
    kind: z.literal("profile"),
    country: CountrySchema,
    fields: ProfileInputFields,
    source: SourceInputSchema.optional(),
    note,
  }),
]);
export type ProposalInput = z.infer<typeof ProposalInputSchema>;
