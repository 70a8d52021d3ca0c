/**
 * Proposals, review and publication, with git as the record. A contributor's proposal is checked
 * with the change applied to the whole corpus, then kept as a commit on `proposals/<id>` (authored
 * by the contributor) and a review record on `refs/proposal-meta/<id>`. Editors comment, reject,
 * resolve a conflict or accept; accepting checks the merged result, makes a merge commit and
 * fast-forwards the work tree to it, so the watcher publishes it. One accept at a time (a lock),
 * with a journal that the next start uses to finish or undo an accept killed half-way.
 */
import { formatMessage, fieldAt, type KbDocument, type SharedCorpus } from "../../indexer/index.js";
import type { AuditLog } from "../auth/audit.js";
import { AppError, NotFoundError } from "../errors.js";
import { translator } from "../i18n.js";
import { atLeast, canRead, type Caller } from "../search/access.js";
import { applyInput, currentOf, reapply, TargetMissingError, type Applied } from "./changes.js";
import { corpusStates, type CorpusState } from "./corpus-state.js";
import {
  commitFiles,
  git,
  localChanges,
  mergeIntoWorkTree,
  openEditRepo,
  revParse,
  showFile,
  swapRef,
  type EditRepo,
  type Person,
} from "./git.js";
import type { ProposalInput } from "./input.js";
import { acceptLock } from "./lock.js";
import { fieldsChanged, proposalTitle } from "./title.js";
import { createPusher, type PushStatus, type Pusher } from "./push.js";
import {
  BRANCH_PREFIX,
  newProposalId,
  recordStore,
  type Change,
  type Proposal,
  type ProposalEvent,
} from "./record.js";

/** The steps of an accept at which a test may pause it (EDITING_TEST_PAUSE). */
export const ACCEPT_STEPS = ["locked", "merge-commit", "work-tree"] as const;
export type AcceptStep = (typeof ACCEPT_STEPS)[number];

export interface EditingLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface EditingOptions {
  corpusDir: string;
  dataDir: string;
  log: EditingLog;
  audit?: AuditLog | null;
  /** Publishes the work tree now (the live publisher), so an accept is searchable at once. */
  publish?: () => Promise<void>;
  /** CORPUS_PUSH_REMOTE: pushed after each accept. */
  pushRemote?: string | undefined;
  pushBaseDelayMs?: number;
  /** A test hook: awaited at each step of an accept. */
  pauseAt?: (step: AcceptStep) => Promise<void>;
  now?: () => Date;
  /** The live publisher's parse cache and documents, shared instead of copied (see corpus-state.ts). */
  shared?: () => SharedCorpus | null;
}

/** Problems of a proposal's check, by form field, and those the fields do not explain. */
export class ProposalCheckError extends AppError {
  override name = "ProposalCheckError";
  constructor(
    message: string,
    readonly problems: Record<string, string[]>,
    readonly other: string[],
  ) {
    super("validation_failed", message, {
      fields: Object.fromEntries([
        ...Object.entries(problems).map(([field, list]) => [field, list.join(" ")]),
        ...(other.length > 0 ? [["corpus", other.join(" ")]] : []),
      ]),
    });
  }
}

/** The target changed on the corpus branch since the proposal was made. */
export class ConflictError extends AppError {
  override name = "ConflictError";
  constructor(readonly conflicts: ConflictView[]) {
    super(
      "conflict",
      "The corpus changed here since this proposal was made: compare both versions and resolve the conflict before accepting.",
    );
  }
}

/** One target that changed on both sides: what it was, what it is now, what the proposal says. */
export interface ConflictView {
  path: string;
  kind: Change["kind"];
  target: Change["target"];
  base: Record<string, unknown> | null;
  current: Record<string, unknown> | null;
  proposed: Record<string, unknown>;
}

/** The result of checking a proposal without saving it. */
export interface CheckOutcome {
  problems: Record<string, string[]>;
  other: string[];
  changes: Change[];
  /** The documents the change touches, as they would be published (for a preview). */
  documents: KbDocument[];
}

/** A proposal as a page shows it: the record, whether it conflicts now, its preview. */
export interface ProposalDetail {
  proposal: Proposal;
  conflicts: ConflictView[];
  preview: KbDocument[];
}

export interface EditingService {
  readonly repo: EditRepo;
  /** The current values of a form's target, or null when the caller may not see it. */
  state(): Promise<CorpusState>;
  check(input: ProposalInput): Promise<CheckOutcome>;
  create(input: ProposalInput, caller: Caller): Promise<Proposal>;
  /** Proposals the caller may see: all for editors, their own for contributors. */
  list(caller: Caller): Promise<Proposal[]>;
  get(id: string, caller: Caller): Promise<ProposalDetail>;
  comment(id: string, caller: Caller, text: string): Promise<Proposal>;
  withdraw(id: string, caller: Caller, reason: string | null): Promise<Proposal>;
  reject(id: string, caller: Caller, reason: string): Promise<Proposal>;
  accept(id: string, caller: Caller): Promise<Proposal>;
  /** Saves an editor's resolution of a conflict as a new commit on the proposal's branch. */
  resolve(id: string, caller: Caller, input: ProposalInput): Promise<Proposal>;
  /** At start: finishes or undoes an accept that was killed half-way. */
  recover(): Promise<string[]>;
  /**
   * Reads the corpus at the head in the background, so the first form does not wait for it
   * (after the first publication, whose parse cache it shares).
   */
  warm(): void;
  push(): PushStatus | null;
  stop(): void;
}

/** Editing, or why it is not served here. */
export type Editing =
  { enabled: true; service: EditingService } | { enabled: false; reason: string };

const personOf = (caller: Caller): Person & { id: string } => ({
  id: caller.id,
  name: caller.name || caller.email || caller.id,
  email: caller.email || `${caller.id.replace(/[^A-Za-z0-9._-]/g, "") || "unknown"}@users.invalid`,
});

/** Opens editing on the corpus's repository, or says why it cannot. */
export async function createEditing(options: EditingOptions): Promise<Editing> {
  const opened = await openEditRepo(options.corpusDir);
  if (!opened.ok) return { enabled: false, reason: opened.reason };
  const repo = opened.repo;
  const now = options.now ?? (() => new Date());
  const states = corpusStates(repo, options.shared);
  const records = recordStore(repo);
  const lock = acceptLock(repo.gitDir);
  const branchRef = `refs/heads/${repo.branch}`;
  const pusher: Pusher | null = options.pushRemote
    ? await createPusher({
        repo,
        remote: options.pushRemote,
        dataDir: options.dataDir,
        log: options.log,
        ...(options.pushBaseDelayMs !== undefined ? { baseDelayMs: options.pushBaseDelayMs } : {}),
      })
    : null;
  const pause = options.pauseAt ?? (async () => undefined);

  const head = async (): Promise<string> => {
    const sha = await revParse(repo.root, branchRef);
    if (!sha)
      throw new AppError("editing_unavailable", `The branch ${repo.branch} cannot be read.`);
    return sha;
  };
  const state = async () => states.at(await head());

  const visible = (p: Proposal) => p.access.every((access) => canRead({ access }));
  const isEditor = (caller: Caller) => atLeast(caller.role, "editor");

  /** The record of `id` if the caller may see it (a 404 otherwise, as for a missing one). */
  const load = async (id: string, caller: Caller) => {
    const stored = await records.get(id);
    if (
      !stored ||
      !visible(stored.proposal) ||
      (!isEditor(caller) && stored.proposal.author.id !== caller.id)
    )
      throw new NotFoundError(`There is no proposal ${id.slice(0, 40)}.`, [
        { href: "/proposals", label: "Proposals" },
      ]);
    return stored;
  };

  /** Applies a change to the record (re-read and retried if someone else wrote it meanwhile). */
  const update = async (
    id: string,
    actor: Person & { id: string },
    summary: string,
    change: (p: Proposal) => Proposal,
  ): Promise<Proposal> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await records.get(id);
      if (!stored) throw new NotFoundError(`There is no proposal ${id}.`);
      const next = { ...change(structuredClone(stored.proposal)), updatedAt: now().toISOString() };
      if (await records.write(next, stored.commit, actor, summary)) return next;
    }
    throw new AppError("busy", "The proposal is being changed by someone else: try again.");
  };

  const event = (
    by: Person & { id: string },
    type: ProposalEvent["type"],
    text: string | null,
  ): ProposalEvent => ({ at: now().toISOString(), by, type, text });

  const audit = async (
    kind: Parameters<AuditLog["append"]>[0]["event"],
    caller: Caller,
    id: string,
  ) => {
    await options.audit?.append({
      event: kind,
      actor: caller.email || caller.id,
      target: id,
      via: caller.via,
    });
  };

  /** Runs the check of `state` with `applied`, and puts each new problem beside its field. */
  const checkApplied = (base: CorpusState, applied: Applied): CheckOutcome => {
    const problems: Record<string, string[]> = {};
    const add = (field: string, message: string) => (problems[field] ??= []).push(message);
    for (const [field, message] of Object.entries(applied.errors)) add(field, message);
    const other: string[] = [];
    let documents: KbDocument[] = [];
    if (applied.files.size > 0) {
      const run = states.withChanges(base, applied.files);
      for (const m of run.messages) {
        if (base.problems.has(formatMessage(m))) continue;
        const spans = applied.files.has(m.path) ? (applied.spans.get(m.path) ?? []) : [];
        const field = fieldAt(spans, m);
        // Beside its field, a message need not name the field again.
        if (field && !["section", "row", "source"].includes(field))
          add(field, m.message.replace(/^`[^`]+`: /, ""));
        else other.push(formatMessage(m));
      }
      // What a reader sees, not where it sits in the file: a section that only moved down
      // because the one above it grew is not touched.
      documents = run.documents.filter((d) => {
        const before = base.documents.get(d.id);
        return d.kind !== "meta" && (!before || readerView(before) !== readerView(d));
      });
    }
    return { problems, other, changes: applied.changes, documents };
  };

  const fail = (outcome: CheckOutcome, message: string): never => {
    throw new ProposalCheckError(message, outcome.problems, outcome.other);
  };

  const apply = (base: CorpusState, input: ProposalInput): Applied => {
    try {
      return applyInput(base, input, repo.prefix);
    } catch (error) {
      if (error instanceof TargetMissingError) throw new NotFoundError(error.message);
      throw error;
    }
  };

  /** The touched documents must all be readable by the caller: otherwise it is "not found". */
  const guardAccess = (base: CorpusState, outcome: CheckOutcome) => {
    const before = outcome.documents.map((d) => base.documents.get(d.id) ?? d);
    if (![...outcome.documents, ...before].every((d) => canRead(d)))
      throw new NotFoundError("There is no such section to change.");
  };

  const titleOf = (base: CorpusState, changes: Change[]): string => {
    const names = new Map(base.run.corpus.countries.map((c) => [c.meta.code, c.meta.name]));
    // The record and the commit message are in English, whatever the contributor's language.
    return proposalTitle(changes[0]!, (code) => names.get(code) ?? code, translator("en"));
  };

  const commitMessage = (title: string, id: string, note: string | null, changes: Change[]) =>
    [
      title,
      "",
      ...(note ? [note, ""] : []),
      ...changes.map(
        (c) =>
          `${c.path}: ${c.before === null ? "added" : `changed ${fieldsChanged(c).join(", ") || "nothing"}`}`,
      ),
      "",
      `Proposal: ${id}`,
      "",
    ].join("\n");

  /** Conflicts between the proposal and the branch as it is at `at`. */
  const conflictsAt = async (p: Proposal, at: string): Promise<ConflictView[]> => {
    if (at === p.base) return [];
    const out: ConflictView[] = [];
    for (const change of p.changes) {
      const text = await showFile(repo.root, at, change.path);
      const now = currentOf(change, text);
      if (now.changed)
        out.push({
          path: change.path,
          kind: change.kind,
          target: change.target,
          base: change.before,
          current: now.fields,
          proposed: change.after,
        });
    }
    return out;
  };

  /** The proposal's changes applied again to the branch at `at` (repository path → text). */
  const mergedFiles = async (p: Proposal, at: string): Promise<Map<string, string>> => {
    const files = new Map<string, string>();
    for (const change of p.changes) {
      const text = files.get(change.path) ?? (await showFile(repo.root, at, change.path)) ?? "";
      files.set(change.path, reapply(change, text).text);
    }
    return files;
  };

  const previews = new Map<string, KbDocument[]>();
  const previewOf = async (p: Proposal): Promise<KbDocument[]> => {
    const key = `${p.head}:${p.documents.join(",")}`;
    const kept = previews.get(key);
    if (kept) return kept;
    const at = await states.at(p.head);
    const docs = p.documents.flatMap((id) => at.documents.get(id) ?? []);
    previews.set(key, docs);
    if (previews.size > 50) previews.delete(previews.keys().next().value as string);
    return docs;
  };

  const requireOpen = (p: Proposal) => {
    if (p.status !== "open")
      throw new AppError(
        "conflict",
        `This proposal is already ${p.status}: nothing more can be done with it.`,
      );
  };

  const service: EditingService = {
    repo,
    state,

    async check(input) {
      const base = await state();
      const outcome = checkApplied(base, apply(base, input));
      guardAccess(base, outcome);
      return outcome;
    },

    async create(input, caller) {
      const baseCommit = await head();
      const base = await states.at(baseCommit);
      const applied = apply(base, input);
      const outcome = checkApplied(base, applied);
      guardAccess(base, outcome);
      if (Object.keys(outcome.problems).length > 0 || outcome.other.length > 0)
        fail(outcome, "The corpus check found problems with this change.");
      if (outcome.changes.every((c) => c.before !== null && fieldsChanged(c).length === 0))
        throw new ProposalCheckError(
          "Nothing would change: the values are the ones in the corpus.",
          {},
          ["Nothing would change: edit at least one field."],
        );
      const author = personOf(caller);
      const id = newProposalId(now());
      const title = titleOf(base, outcome.changes);
      const note = "note" in input && input.note?.trim() ? input.note.trim() : null;
      const commit = await commitFiles(repo.root, {
        base: baseCommit,
        files: applied.files,
        parents: [baseCommit],
        author,
        message: commitMessage(title, id, note, outcome.changes),
      });
      const branch = `refs/heads/${BRANCH_PREFIX}${id}`;
      if (!(await swapRef(repo.root, branch, commit, null, `proposal ${id}`)))
        throw new AppError("busy", "Could not create the proposal's branch: try again.");
      const main = outcome.changes[0]!;
      const at = now().toISOString();
      const proposal: Proposal = {
        version: 1,
        id,
        status: "open",
        kind: input.kind,
        title,
        note,
        author,
        createdAt: at,
        updatedAt: at,
        branch: repo.branch,
        base: baseCommit,
        head: commit,
        changes: outcome.changes,
        documents: outcome.documents.map((d) => d.id),
        access: uniqueAccess(outcome.documents.map((d) => d.access)),
        country: typeof main.target["country"] === "string" ? main.target["country"] : null,
        article: typeof main.target["article"] === "number" ? main.target["article"] : null,
        recommendation:
          typeof main.target["recommendation"] === "string" ? main.target["recommendation"] : null,
        reason: null,
        merge: null,
        events: [event(author, "opened", note)],
      };
      if (!(await records.write(proposal, null, author, `Open proposal ${id}: ${title}`)))
        throw new AppError("busy", "Could not record the proposal: try again.");
      await audit("proposal-created", caller, id);
      return proposal;
    },

    async list(caller) {
      return (await records.all())
        .map((s) => s.proposal)
        .filter((p) => visible(p) && (isEditor(caller) || p.author.id === caller.id));
    },

    async get(id, caller) {
      const { proposal } = await load(id, caller);
      const conflicts = proposal.status === "open" ? await conflictsAt(proposal, await head()) : [];
      return { proposal, conflicts, preview: await previewOf(proposal) };
    },

    async comment(id, caller, text) {
      const { proposal } = await load(id, caller);
      if (!isEditor(caller) && proposal.author.id !== caller.id)
        throw new AppError("forbidden", "Only editors and the author may comment.");
      const by = personOf(caller);
      const out = await update(id, by, `Comment on proposal ${id}`, (p) => ({
        ...p,
        events: [...p.events, event(by, "comment", text)],
      }));
      await audit("proposal-commented", caller, id);
      return out;
    },

    async withdraw(id, caller, reason) {
      const { proposal } = await load(id, caller);
      if (proposal.author.id !== caller.id)
        throw new AppError("forbidden", "Only the author of a proposal may withdraw it.");
      requireOpen(proposal);
      const by = personOf(caller);
      const out = await update(id, by, `Withdraw proposal ${id}`, (p) => {
        requireOpen(p);
        return {
          ...p,
          status: "withdrawn",
          reason,
          events: [...p.events, event(by, "withdrawn", reason)],
        };
      });
      await audit("proposal-withdrawn", caller, id);
      return out;
    },

    async reject(id, caller, reason) {
      if (!isEditor(caller)) throw new AppError("forbidden", "Only editors may reject proposals.");
      const { proposal } = await load(id, caller);
      requireOpen(proposal);
      const by = personOf(caller);
      const out = await update(id, by, `Reject proposal ${id}`, (p) => {
        requireOpen(p);
        return {
          ...p,
          status: "rejected",
          reason,
          events: [...p.events, event(by, "rejected", reason)],
        };
      });
      await audit("proposal-rejected", caller, id);
      return out;
    },

    async resolve(id, caller, input) {
      if (!isEditor(caller)) throw new AppError("forbidden", "Only editors may resolve conflicts.");
      const { proposal } = await load(id, caller);
      requireOpen(proposal);
      if (input.kind !== proposal.kind)
        throw new AppError("invalid_query", "A resolution must change what the proposal changes.");
      const at = await head();
      const base = await states.at(at);
      const applied = apply(base, input);
      const outcome = checkApplied(base, applied);
      guardAccess(base, outcome);
      if (Object.keys(outcome.problems).length > 0 || outcome.other.length > 0)
        fail(outcome, "The corpus check found problems with this resolution.");
      const by = personOf(caller);
      const commit = await commitFiles(repo.root, {
        base: at,
        files: applied.files,
        // The proposal's head and the branch's: the resolution merges the two.
        parents: [proposal.head, at],
        author: by,
        message: `Resolve proposal ${id} against ${repo.branch}\n\n${outcome.changes.map((c) => `${c.path}: resolved`).join("\n")}\n\nProposal: ${id}\n`,
      });
      const ref = `refs/heads/${BRANCH_PREFIX}${id}`;
      if (!(await swapRef(repo.root, ref, commit, proposal.head, `resolve proposal ${id}`)))
        throw new AppError("busy", "The proposal changed meanwhile: reload it and try again.");
      const out = await update(id, by, `Resolve proposal ${id}`, (p) => ({
        ...p,
        base: at,
        head: commit,
        changes: outcome.changes,
        documents: outcome.documents.map((d) => d.id),
        access: uniqueAccess(outcome.documents.map((d) => d.access)),
        events: [...p.events, event(by, "resolved", null)],
      }));
      await audit("proposal-resolved", caller, id);
      return out;
    },

    async accept(id, caller) {
      if (!isEditor(caller)) throw new AppError("forbidden", "Only editors may accept proposals.");
      const { proposal } = await load(id, caller);
      requireOpen(proposal);
      if (!(await lock.acquire()))
        throw new AppError("busy", "Another accept is under way: try again in a moment.");
      let accepted: Proposal;
      try {
        await pause("locked");
        const current = (await records.get(id))?.proposal ?? proposal;
        requireOpen(current);
        const checkedOut = (
          await git(repo.root, ["symbolic-ref", "-q", "--short", "HEAD"]).catch(() => "")
        ).trim();
        if (checkedOut !== repo.branch)
          throw new AppError(
            "editing_unavailable",
            `The corpus's work tree is no longer on ${repo.branch}: accepting is paused until it is.`,
          );
        const at = await head();
        const conflicts = await conflictsAt(current, at);
        if (conflicts.length > 0) throw new ConflictError(conflicts);
        const files = await mergedFiles(current, at);
        const base = await states.at(at);
        const outcome = checkApplied(base, {
          files,
          changes: current.changes,
          spans: new Map(),
          errors: {},
        });
        if (Object.keys(outcome.problems).length > 0 || outcome.other.length > 0)
          fail(outcome, "The corpus with this proposal merged does not pass the check.");
        const paths = [...files.keys()];
        const dirty = await localChanges(repo.root, paths);
        if (dirty.length > 0)
          throw new AppError(
            "conflict",
            `The work tree has uncommitted changes to ${dirty.join(", ")}: commit or discard them, then accept again.`,
          );
        const by = personOf(caller);
        const journal = {
          id,
          branch: repo.branch,
          before: at,
          merge: null,
          paths,
          by,
          startedAt: now().toISOString(),
        };
        await lock.writeJournal(journal);
        const merge = await commitFiles(repo.root, {
          base: at,
          files,
          parents: [at, current.head],
          author: by,
          message: `Accept proposal ${id}: ${current.title}\n\nProposed by ${current.author.name}; accepted by ${by.name}.\n\nProposal: ${id}\n`,
        });
        await lock.writeJournal({ ...journal, merge });
        await pause("merge-commit");
        await mergeIntoWorkTree(repo.root, merge);
        await pause("work-tree");
        accepted = await update(id, by, `Accept proposal ${id}`, (p) => ({
          ...p,
          status: "accepted",
          merge,
          events: [...p.events, event(by, "accepted", null)],
        }));
        await lock.clearJournal();
      } finally {
        await lock.release();
      }
      await audit("proposal-accepted", caller, id);
      await options
        .publish?.()
        .catch((error: unknown) =>
          options.log.error({ reason: String(error) }, "publishing the accepted change failed"),
        );
      void pusher?.push();
      return accepted;
    },

    async recover() {
      const done: string[] = [];
      const holder = await lock.holder();
      if (holder !== null && holder !== process.pid && holder > 0 && alive(holder)) {
        options.log.warn({ pid: holder }, "another process holds the accept lock; leaving it");
        return done;
      }
      const journal = await lock.readJournal();
      const mergeHead = await revParse(repo.root, "MERGE_HEAD");
      if (journal) {
        // A git process killed with us may have left the index locked.
        const { rm } = await import("node:fs/promises");
        const { join } = await import("node:path");
        await rm(join(repo.gitDir, "index.lock"), { force: true });
        if (mergeHead) await git(repo.root, ["merge", "--abort"]).catch(() => undefined);
        const at = await head();
        const by = { ...journal.by };
        if (journal.merge && at === journal.merge) {
          const stored = await records.get(journal.id);
          if (stored && stored.proposal.status === "open") {
            await update(
              journal.id,
              by,
              `Accept proposal ${journal.id} (completed at start)`,
              (p) => ({
                ...p,
                status: "accepted",
                merge: journal.merge,
                events: [...p.events, event(by, "accepted", null)],
              }),
            );
          }
          done.push(`the accept of proposal ${journal.id} had merged; it is recorded as accepted`);
        } else if (at === journal.before) {
          // The fast-forward did not complete: put the files concerned back as the branch has them.
          await git(repo.root, ["checkout", journal.before, "--", ...journal.paths]).catch(
            (error: unknown) =>
              options.log.error(
                { reason: String(error) },
                "could not restore the work tree's files",
              ),
          );
          await update(journal.id, by, `Accept of proposal ${journal.id} interrupted`, (p) => ({
            ...p,
            events: [
              ...p.events,
              event(
                by,
                "interrupted",
                "The accept was interrupted before it was merged; nothing changed. Accept again.",
              ),
            ],
          })).catch(() => undefined);
          done.push(
            `the accept of proposal ${journal.id} was interrupted before merging; nothing changed`,
          );
        } else {
          options.log.warn(
            { id: journal.id, head: at },
            "the corpus branch moved after an interrupted accept; leaving it as it is",
          );
        }
        await lock.clearJournal();
      } else if (mergeHead) {
        options.log.warn(
          {},
          "the corpus work tree has a merge in progress that is not this site's",
        );
      }
      await lock.release();
      for (const line of done)
        options.log.warn({ recovered: line }, "recovered an interrupted accept");
      void pusher?.resume();
      return done;
    },

    warm() {
      void state().catch(() => undefined);
    },

    push: () => pusher?.status() ?? null,
    stop: () => pusher?.stop(),
  };
  return { enabled: true, service };
}

/** A document as a reader sees it: everything but its position, order and hashes. */
function readerView(doc: KbDocument): string {
  const { origin: _o, order: _r, rank: _k, hash: _h, ...rest } = doc;
  return JSON.stringify(rest);
}

function uniqueAccess(lists: string[][]): string[][] {
  const seen = new Map<string, string[]>();
  for (const list of lists) {
    const sorted = [...list].sort();
    seen.set(sorted.join(","), sorted);
  }
  return [...seen.values()];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
