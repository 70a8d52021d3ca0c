/**
 * A proposal's input applied to the corpus at a commit: which file each part changes, the new
 * text (only the lines concerned rewritten), what the target held before, and where each field
 * went in the new text, so that the corpus check's messages land beside their fields.
 */
import {
  appendFollowup,
  appendSource,
  EditError,
  normaliseAnalysis,
  normaliseFollowup,
  normaliseProfile,
  PROFILE_LISTS,
  readAnalysis,
  readProfile,
  writeAnalysis,
  writeProfile,
  type EditResult,
  type FieldSpan,
  type ProfileFields,
} from "../../indexer/index.js";
import { isDeepStrictEqual } from "node:util";
import type { Change } from "./record.js";
import { declared, type CorpusState } from "./corpus-state.js";
import type { ProposalInput, SourceInput } from "./input.js";

/** The target does not exist (or is not there to edit): answered like a missing page. */
export class TargetMissingError extends Error {
  override name = "TargetMissingError";
}

export interface Applied {
  /** Repository path → new text, for each file changed. */
  files: Map<string, string>;
  changes: Change[];
  /** Repository path → where each field went in its new text. */
  spans: Map<string, FieldSpan[]>;
  /** Values that cannot be written at all (a heading in prose), by field. */
  errors: Record<string, string>;
}

/** The file of a country's profile and analyses. */
export function countryFile(state: CorpusState, code: string): string | null {
  for (const [path, text] of state.files) {
    const d = declared(text);
    if (d.type === "country" && d.code === code) return path;
  }
  return null;
}

/** Files of a type, public ones first, in path order. */
function filesOfType(state: CorpusState, type: string): string[] {
  return [...state.files]
    .filter(([, text]) => declared(text).type === type)
    .sort(
      ([a, ta], [b, tb]) =>
        Number(declared(ta).access) - Number(declared(tb).access) || a.localeCompare(b),
    )
    .map(([path]) => path);
}

/** The sources files, as paths inside the corpus folder (what a form offers). */
export function sourcesFiles(state: CorpusState, prefix: string): string[] {
  return filesOfType(state, "sources").map((p) => p.slice(prefix.length));
}

/** Where a new source goes: the country's own sources file if there is one, else the first. */
function sourcesFileFor(state: CorpusState, country: string | null): string | null {
  const files = filesOfType(state, "sources");
  const own = country ? files.find((p) => p.endsWith(`/${country.toLowerCase()}.md`)) : undefined;
  return own ?? files.find((p) => p.endsWith("/common.md")) ?? files[0] ?? null;
}

/** Where a new follow-up row goes: the file already holding the recommendation's rows, else the first. */
function followupFileFor(state: CorpusState, recommendation: string): string | null {
  const withRows = state.run.corpus.followups
    .filter((f) => f.row.recommendation === recommendation)
    .map((f) => state.repoPath(f.origin.path))
    .at(-1);
  return withRows ?? filesOfType(state, "followup")[0] ?? null;
}

/** The changed lists of a profile: only those are written, so others' changes are kept. */
function changedLists(
  before: ProfileFields,
  after: ProfileFields,
): (typeof PROFILE_LISTS)[number][] {
  const b = normaliseProfile(before);
  const a = normaliseProfile(after);
  return PROFILE_LISTS.filter((k) => !isDeepStrictEqual(b[k], a[k]));
}

/**
 * Applies `input` to the corpus at `state`. Throws TargetMissingError when the section,
 * country, recommendation or file does not exist.
 */
export function applyInput(state: CorpusState, input: ProposalInput, prefix: string): Applied {
  const applied: Applied = { files: new Map(), changes: [], spans: new Map(), errors: {} };
  const edit = (path: string, fn: (text: string) => EditResult, field = "") => {
    const text = applied.files.get(path) ?? state.files.get(path) ?? "";
    try {
      const result = fn(text);
      applied.files.set(path, result.text);
      applied.spans.set(path, [...(applied.spans.get(path) ?? []), ...result.spans]);
      return true;
    } catch (error) {
      if (!(error instanceof EditError)) throw error;
      applied.errors[
        field ? `${field}.${error.field}`.replace(/^source\.source/, "source") : error.field
      ] = error.message;
      return false;
    }
  };

  switch (input.kind) {
    case "analysis": {
      const path = countryFile(state, input.country);
      const before = path ? readAnalysis(state.files.get(path) ?? "", input.article) : null;
      if (!path || !before)
        throw new TargetMissingError(
          `There is no analysis of Article ${input.article} for ${input.country} to change.`,
        );
      const after = normaliseAnalysis({ ...input.fields });
      edit(path, (text) => writeAnalysis(text, input.article, after));
      applied.changes.push({
        kind: "analysis",
        path,
        target: { country: input.country, article: input.article },
        before: { ...before.fields },
        after: { ...after },
        regions: { section: before.region },
      });
      break;
    }
    case "profile": {
      const path = countryFile(state, input.country);
      const before = path ? readProfile(state.files.get(path) ?? "") : null;
      if (!path || !before)
        throw new TargetMissingError(`There is no profile of ${input.country} to change.`);
      const after = normaliseProfile(input.fields);
      const lists = changedLists(before.fields, after);
      edit(path, (text) => writeProfile(text, after));
      applied.changes.push({
        kind: "profile",
        path,
        target: { country: input.country },
        before: { ...before.fields },
        after: { ...after },
        regions: Object.fromEntries(lists.map((k) => [k, before.regions[k]])),
      });
      break;
    }
    case "followup": {
      const exists = state.run.corpus.recommendations.some((r) => r.id === input.recommendation);
      const path = followupFileFor(state, input.recommendation);
      if (!exists || !path)
        throw new TargetMissingError(`There is no recommendation ${input.recommendation}.`);
      const after = normaliseFollowup({
        ...input.fields,
        recommendation: input.recommendation,
        country: input.country,
      });
      edit(path, (text) => appendFollowup(text, after));
      applied.changes.push({
        kind: "followup",
        path,
        target: { recommendation: input.recommendation, country: input.country },
        before: null,
        after: { ...after },
        regions: {},
      });
      break;
    }
    case "source": {
      const path = `${prefix}${input.file.replace(/^\/+/, "")}`;
      if (declared(state.files.get(path) ?? "").type !== "sources") {
        applied.errors["source.file"] = "choose one of the sources files";
        return applied;
      }
      addSource(applied, edit, path, input.source);
      return applied;
    }
  }
  if (input.source) {
    const country = "country" in input ? input.country : null;
    const path = sourcesFileFor(state, country);
    if (path) addSource(applied, edit, path, input.source);
    else applied.errors["source.id"] = "the corpus has no sources file to add a source to";
  }
  return applied;
}

function addSource(
  applied: Applied,
  edit: (path: string, fn: (text: string) => EditResult, field?: string) => boolean,
  path: string,
  source: SourceInput,
): void {
  const fields = {
    id: source.id.trim(),
    title: source.title.trim(),
    publisher: source.publisher.trim(),
    url: source.url.trim(),
    seen: source.seen.trim(),
    official: source.official,
    note: source.note?.trim() || null,
  };
  edit(path, (text) => appendSource(text, fields), "source");
  applied.changes.push({
    kind: "source",
    path,
    target: { file: path },
    before: null,
    after: { ...fields },
    regions: {},
  });
}

/**
 * Applies a recorded change again to the file as it is now (at accept time, or when a conflict is
 * resolved): sections and lists are written with the proposal's values, rows and sources appended.
 * A profile change writes only the lists it changed, so another change to the others is kept.
 */
export function reapply(change: Change, text: string): EditResult {
  switch (change.kind) {
    case "analysis":
      return writeAnalysis(text, Number(change.target["article"]), change.after as never);
    case "profile": {
      const now = readProfile(text);
      if (!now) throw new EditError("front-matter", "the profile can no longer be read");
      const after = change.after as unknown as ProfileFields;
      const take = (key: (typeof PROFILE_LISTS)[number]) => key in change.regions;
      return writeProfile(text, {
        central_authorities: take("central_authorities")
          ? after.central_authorities
          : now.fields.central_authorities,
        contact_points: take("contact_points") ? after.contact_points : now.fields.contact_points,
        laws: take("laws") ? after.laws : now.fields.laws,
      });
    }
    case "followup":
      return appendFollowup(text, change.after as never);
    case "source":
      return appendSource(text, change.after as never);
  }
}

/** What the target holds in `text` now, and whether it differs from the proposal's base. */
export function currentOf(
  change: Change,
  text: string | null,
): { changed: boolean; fields: Record<string, unknown> | null } {
  if (change.kind === "analysis") {
    const now = text === null ? null : readAnalysis(text, Number(change.target["article"]));
    return {
      changed: now?.region !== change.regions["section"],
      fields: now ? { ...now.fields } : null,
    };
  }
  if (change.kind === "profile") {
    const now = text === null ? null : readProfile(text);
    const changed = Object.entries(change.regions).some(
      ([key, region]) => now?.regions[key as (typeof PROFILE_LISTS)[number]] !== region,
    );
    return { changed, fields: now ? { ...now.fields } : null };
  }
  // Rows and sources are added, never rewritten: they cannot conflict (the check catches a
  // source id taken meanwhile).
  return { changed: false, fields: null };
}
