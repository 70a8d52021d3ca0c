/**
 * The review record of a proposal, kept in git and nowhere else: a JSON file committed on its own
 * ref, `refs/proposal-meta/<id>`. Every change to a proposal (opened, commented, resolved,
 * accepted, rejected, withdrawn) is a new commit on that ref, authored by whoever acted, so the
 * review's history is kept as well as its state. The ref only ever moves by compare-and-swap.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { readBlobs } from "../history/git.js";
import {
  commitTree,
  listRefs,
  singleFileTree,
  swapRef,
  type EditRepo,
  type Person,
} from "./git.js";

export const META_PREFIX = "refs/proposal-meta/";
export const BRANCH_PREFIX = "proposals/";
const FILE = "proposal.json";

/** Ids: the day it was opened and six random letters; safe in a ref name and a URL. */
export const ProposalIdSchema = z
  .string()
  .regex(/^\d{8}-[a-z0-9]{6}$/, { error: "not a proposal id" });

/** A new id for a proposal opened at `now`. */
export function newProposalId(now: Date): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(6);
  const tail = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${now.toISOString().slice(0, 10).replace(/-/g, "")}-${tail}`;
}

export const PROPOSAL_STATUSES = ["open", "accepted", "rejected", "withdrawn"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const KINDS = ["analysis", "followup", "source", "profile"] as const;
export type ProposalKind = (typeof KINDS)[number];

const PersonSchema = z.strictObject({ id: z.string(), name: z.string(), email: z.string() });

const FieldsSchema = z.record(z.string(), z.unknown());

/** One change of a proposal: a target in one file, what it held and what it will hold. */
export const ChangeSchema = z.strictObject({
  kind: z.enum(["analysis", "followup", "source", "profile"]),
  /** Repository path of the file changed. */
  path: z.string(),
  /** What is changed: `{ country, article }`, `{ country }`, `{ recommendation, country }`, `{ file }`. */
  target: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The fields at the base commit (null for an addition). */
  before: FieldsSchema.nullable(),
  after: FieldsSchema,
  /**
   * The target's text at the base commit (the section, or each changed profile list): if the
   * corpus branch holds other text at accept time, someone changed it meanwhile — a conflict.
   */
  regions: z.record(z.string(), z.string()),
});
export type Change = z.infer<typeof ChangeSchema>;

export const EventSchema = z.strictObject({
  at: z.string(),
  by: PersonSchema,
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
});
export type ProposalEvent = z.infer<typeof EventSchema>;

export const ProposalSchema = z.strictObject({
  version: z.literal(1),
  id: ProposalIdSchema,
  status: z.enum(PROPOSAL_STATUSES),
  kind: z.enum(KINDS),
  title: z.string(),
  /** The contributor's explanation of the change. */
  note: z.string().nullable(),
  author: PersonSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The corpus branch it targets, the commit it was made on, and its branch's head. */
  branch: z.string(),
  base: z.string(),
  head: z.string(),
  changes: z.array(ChangeSchema).min(1),
  /** Index ids of the documents it changes, and each one's access values (for who may see it). */
  documents: z.array(z.string()),
  access: z.array(z.array(z.string())),
  /** For the queue's filters. */
  country: z.string().nullable(),
  article: z.number().nullable(),
  recommendation: z.string().nullable(),
  /** The reason given when rejected or withdrawn. */
  reason: z.string().nullable(),
  /** The merge commit, once accepted. */
  merge: z.string().nullable(),
  events: z.array(EventSchema),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** A proposal as stored, with the commit of the record it was read from. */
export interface StoredProposal {
  proposal: Proposal;
  /** The record commit (for compare-and-swap). */
  commit: string;
}

/** Reads and writes the records; reads are cached by record commit. */
export function recordStore(repo: EditRepo) {
  const parsed = new Map<string, Proposal>();

  const all = async (): Promise<StoredProposal[]> => {
    const refs = await listRefs(repo.root, META_PREFIX);
    const missing = [...refs.values()].filter((sha) => !parsed.has(sha));
    if (missing.length > 0) {
      const blobs = await readBlobs(
        repo.root,
        missing.map((sha) => `${sha}:${FILE}`),
      );
      for (const sha of missing) {
        const text = blobs.get(`${sha}:${FILE}`);
        const result = ProposalSchema.safeParse(text ? JSON.parse(text) : null);
        // A record this version cannot read is left out rather than breaking the queue.
        if (result.success) parsed.set(sha, result.data);
      }
    }
    const out: StoredProposal[] = [];
    for (const sha of refs.values()) {
      const proposal = parsed.get(sha);
      if (proposal) out.push({ proposal, commit: sha });
    }
    return out;
  };

  return {
    all,
    async get(id: string): Promise<StoredProposal | null> {
      if (!ProposalIdSchema.safeParse(id).success) return null;
      const refs = await listRefs(repo.root, `${META_PREFIX}${id}`);
      const sha = refs.get(`${META_PREFIX}${id}`);
      if (!sha) return null;
      return (await all()).find((p) => p.commit === sha) ?? null;
    },
    /**
     * Writes a new version of the record as a commit on its ref, by `actor`, if the ref still
     * points at `previous` (null: a new record). Returns the new record commit, or null when
     * someone else changed the record first.
     */
    async write(
      proposal: Proposal,
      previous: string | null,
      actor: Person,
      summary: string,
    ): Promise<string | null> {
      const checked = ProposalSchema.parse(proposal);
      const tree = await singleFileTree(repo.root, FILE, `${JSON.stringify(checked, null, 2)}\n`);
      const commit = await commitTree(repo.root, tree, {
        parents: previous ? [previous] : [],
        author: actor,
        message: `${summary}\n`,
      });
      const ok = await swapRef(
        repo.root,
        `${META_PREFIX}${proposal.id}`,
        commit,
        previous,
        summary,
      );
      if (!ok) return null;
      parsed.set(commit, checked);
      return commit;
    },
  };
}
export type RecordStore = ReturnType<typeof recordStore>;
