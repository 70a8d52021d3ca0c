/**
 * What a proposal looks like to a reviewer: each change as fields old → new (prose as a word
 * diff, with the same diff the history pages use), the conflicts with the corpus branch, and the
 * documents as they will be published, rendered by the indexer's sanitising pipeline.
 */
import { isDeepStrictEqual } from "node:util";
import { PROFILE_LISTS, type KbDocument } from "../../../indexer/index.js";
import type { ConflictView, ProposalDetail } from "../../editing/service.js";
import type { Change, Proposal } from "../../editing/record.js";
import { BRANCH_PREFIX } from "../../editing/record.js";
import { wordDiff } from "../../history/diff.js";
import { asAnalysis, asFollowup, asProfile } from "../../search/records.js";
import { translator, type Translator } from "../../i18n.js";
import { analysisSection } from "../analysis-section.js";
import { labelOf } from "./form.js";
import type { z } from "zod";
import type { ChangeJson, FieldChangeJson, ProposalJson, ProposalSummaryJson } from "./json.js";

type FieldChange = z.infer<typeof FieldChangeJson>;

const PROSE = new Set(["analysis", "gaps"]);

// The JSON twins speak English, as every JSON answer of the site does.
const ENGLISH = () => translator("en");

/** A value as one line of text (lists joined), or null when absent. */
function shown(t: Translator, name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join(name.endsWith("provisions") ? "; " : ", ");
  if (typeof value === "boolean") return t.t(value ? "proposalForm.yes" : "proposalForm.no");
  const text = String(value);
  if (name === "status") return t.t(`status.${text}`);
  return text;
}

/** Flattens a change's fields to `name → value` (profile lists as `laws.1.title`). */
function flat(
  kind: Change["kind"],
  fields: Record<string, unknown> | null,
  prefix = "",
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!fields) return out;
  if (kind === "profile") {
    for (const list of PROFILE_LISTS) {
      const items = (fields[list] as Record<string, unknown>[] | undefined) ?? [];
      items.forEach((item, i) => {
        for (const [key, value] of Object.entries(item)) out.set(`${list}.${i}.${key}`, value);
      });
    }
    return out;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (kind === "followup" && (key === "recommendation" || key === "country")) continue;
    out.set(`${prefix}${key}`, value);
  }
  return out;
}

/** Only the fields that differ, in a stable order. */
function fieldChanges(change: Change, t: Translator): FieldChange[] {
  const prefix = change.kind === "source" ? "source." : "";
  const before = flat(change.kind, change.before, prefix);
  const after = flat(change.kind, change.after, prefix);
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const out: FieldChange[] = [];
  for (const name of names) {
    const b = before.get(name);
    const a = after.get(name);
    if (change.before !== null && isDeepStrictEqual(b ?? null, a ?? null)) continue;
    if (change.before === null && (a === null || a === undefined)) continue;
    const bs = change.before === null ? null : shown(t, name, b);
    const as = shown(t, name, a);
    out.push({
      name,
      label: labelOf(name, t),
      before: bs,
      after: as,
      words: PROSE.has(name) && bs !== as ? wordDiff(bs ?? "", as ?? "") : null,
    });
  }
  return out;
}

/** Country names by code, for the words of a change (codes where a name is not known). */
export type Names = (code: string) => string;

/** What a change is about, in words. */
export function whatOf(
  change: Pick<Change, "kind" | "target" | "path" | "after">,
  names: Names = (c) => c,
  t: Translator = ENGLISH(),
): string {
  const target = change.target;
  const country = names(String(target["country"] ?? ""));
  switch (change.kind) {
    case "analysis":
      return t.t("proposals.what.analysis", { country, n: target["article"] });
    case "profile":
      return t.t("proposals.what.profile", { country });
    case "followup":
      return t.t("proposals.what.followup", { country, id: target["recommendation"] });
    case "source":
      return t.t("proposals.what.source", { path: change.path });
  }
}

/** One change as the API and the page show it. */
export function changeJson(
  change: Change,
  names?: Names,
  t: Translator = ENGLISH(),
): z.infer<typeof ChangeJson> {
  const fields = fieldChanges(change, t);
  // A section changed but still dated as checked on the old day: the reviewer is shown that day.
  const kept =
    change.kind === "analysis" &&
    change.before !== null &&
    fields.length > 0 &&
    !fields.some((f) => f.name === "as_of") &&
    typeof change.before["as_of"] === "string"
      ? change.before["as_of"]
      : null;
  return {
    kind: change.kind,
    path: change.path,
    what: whatOf(change, names, t),
    added: change.before === null,
    fields,
    asOfKept: kept,
  };
}

/** A conflict, field by field: what it was, what the corpus branch holds now, what is proposed. */
export function conflictJson(
  conflict: ConflictView,
  countryNames?: Names,
  t: Translator = ENGLISH(),
): z.infer<typeof ProposalJson>["conflicts"][number] {
  const base = flat(conflict.kind, conflict.base);
  const current = flat(conflict.kind, conflict.current);
  const proposed = flat(conflict.kind, conflict.proposed);
  const names = [...new Set([...base.keys(), ...current.keys(), ...proposed.keys()])];
  return {
    path: conflict.path,
    what: whatOf({ ...conflict, after: conflict.proposed }, countryNames, t),
    fields: names
      .filter(
        (n) =>
          !isDeepStrictEqual(current.get(n) ?? null, proposed.get(n) ?? null) ||
          !isDeepStrictEqual(base.get(n) ?? null, current.get(n) ?? null),
      )
      .map((name) => ({
        name,
        label: labelOf(name, t),
        base: shown(t, name, base.get(name)),
        current: shown(t, name, current.get(name)),
        proposed: shown(t, name, proposed.get(name)),
      })),
  };
}

/** A proposal in a list. */
export function summaryJson(p: Proposal): z.infer<typeof ProposalSummaryJson> {
  return {
    id: p.id,
    url: `/proposals/${p.id}`,
    status: p.status,
    kind: p.kind,
    title: p.title,
    author: p.author.name,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    country: p.country,
    article: p.article,
    recommendation: p.recommendation,
    reason: p.reason,
  };
}

/** A document as the preview shows it: its title and sanitized HTML. */
function previewJson(doc: KbDocument) {
  let html = doc.html;
  if (doc.kind === "analysis") {
    const a = asAnalysis(doc);
    html = `${a.html}${a.data.gapsHtml ? `<h4>Gaps</h4>${a.data.gapsHtml}` : ""}`;
  }
  return { id: doc.id, kind: doc.kind, title: doc.title, html };
}

/** The whole proposal, with its diff, conflicts and preview. */
export function proposalJson(detail: ProposalDetail, names?: Names): z.infer<typeof ProposalJson> {
  const p = detail.proposal;
  return {
    ...summaryJson(p),
    note: p.note,
    branch: p.branch,
    proposalBranch: `${BRANCH_PREFIX}${p.id}`,
    base: p.base,
    head: p.head,
    merge: p.merge,
    changes: p.changes.map((c) => changeJson(c, names)),
    conflicts: detail.conflicts.map((c) => conflictJson(c, names)),
    preview: detail.preview.map(previewJson),
    events: p.events.map((e) => ({ at: e.at, by: e.by.name, type: e.type, text: e.text })),
  };
}

/** The preview's documents as the page shows them, with the same partials as the published pages. */
export function previewViews(docs: readonly KbDocument[]): Record<string, unknown>[] {
  return docs.flatMap((doc): Record<string, unknown>[] => {
    if (doc.kind === "analysis") {
      const a = asAnalysis(doc);
      return [
        {
          isAnalysis: true,
          title: doc.title,
          article: a.data.article,
          section: analysisSection(a),
        },
      ];
    }
    if (doc.kind === "profile") {
      const p = asProfile(doc);
      return [{ isProfile: true, title: doc.title, ...p.data }];
    }
    if (doc.kind === "followup") {
      const f = asFollowup(doc);
      return [
        {
          isFollowup: true,
          title: doc.title,
          date: f.date,
          status: f.followup,
          html: f.html,
          sources: f.sources,
        },
      ];
    }
    return [];
  });
}
