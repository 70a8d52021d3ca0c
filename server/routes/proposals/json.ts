/** The JSON the proposals API answers with (the OpenAPI document is derived from these). */
import { z } from "zod";
import { PROPOSAL_STATUSES } from "../../editing/record.js";

const WordPart = z.strictObject({
  change: z.enum(["same", "inserted", "deleted"]),
  text: z.string(),
});

export const FieldChangeJson = z.strictObject({
  name: z.string().describe("The form field: status, analysis, laws.1.title, source.url…"),
  label: z.string(),
  before: z.string().nullable().describe("null: the field is new."),
  after: z.string().nullable().describe("null: the field is removed."),
  words: z.array(WordPart).nullable().describe("For prose: the word diff, old → new."),
});

export const ChangeJson = z.strictObject({
  kind: z.enum(["analysis", "followup", "source", "profile"]),
  path: z.string().describe("The corpus file changed, as a path in the repository."),
  what: z.string(),
  added: z.boolean().describe("An entry added (a follow-up row, a source), not a change to one."),
  fields: z.array(FieldChangeJson).describe("Only the fields that change."),
  asOfKept: z
    .string()
    .nullable()
    .describe(
      "A section changed while its as_of (the day it was last checked against its sources) stays: that day, for the reviewer to ask about.",
    ),
});

export const ProposalSummaryJson = z.strictObject({
  id: z.string(),
  url: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  kind: z.enum(["analysis", "followup", "source", "profile"]),
  title: z.string(),
  author: z.string().describe("The contributor's display name."),
  createdAt: z.string(),
  updatedAt: z.string(),
  country: z.string().nullable(),
  article: z.number().nullable(),
  recommendation: z.string().nullable(),
  reason: z.string().nullable().describe("Why it was rejected or withdrawn."),
});

export const ProposalListJson = z.strictObject({
  proposals: z.array(ProposalSummaryJson),
  total: z.number(),
});

export const ProposalJson = ProposalSummaryJson.extend({
  note: z.string().nullable().describe("The contributor's explanation."),
  branch: z.string().describe("The corpus branch it targets."),
  proposalBranch: z.string().describe("Its own branch: proposals/<id>."),
  base: z.string().describe("The commit it was made on."),
  head: z.string().describe("Its branch's head commit."),
  merge: z.string().nullable().describe("The merge commit, once accepted."),
  changes: z.array(ChangeJson),
  conflicts: z
    .array(
      z.strictObject({
        path: z.string(),
        what: z.string(),
        fields: z.array(
          z.strictObject({
            name: z.string(),
            label: z.string(),
            base: z.string().nullable(),
            current: z.string().nullable(),
            proposed: z.string().nullable(),
          }),
        ),
      }),
    )
    .describe("Targets changed on the corpus branch since the proposal was made; empty: none."),
  preview: z
    .array(
      z.strictObject({ id: z.string(), kind: z.string(), title: z.string(), html: z.string() }),
    )
    .describe("The documents as they will be published (sanitized HTML)."),
  events: z.array(
    z.strictObject({
      at: z.string(),
      by: z.string(),
      type: z.enum([
        "opened",
        "comment",
        "resolved",
        "accepted",
        "rejected",
        "withdrawn",
        "interrupted",
      ]),
      text: z.string().nullable(),
    }),
  ),
});

export const ProposalResultJson = z.strictObject({ proposal: ProposalJson });

export const ReasonBody = z.strictObject({
  reason: z.string().trim().min(1, { error: "give a reason" }).max(2000),
});
export const WithdrawBody = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
});
export const CommentBody = z.strictObject({
  text: z.string().trim().min(1, { error: "write a comment" }).max(4000),
});
