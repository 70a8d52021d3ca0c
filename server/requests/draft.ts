/**
 * Builds a request draft from what the user typed and what the corpus knows about the requested
 * country: the receiving authority, the declarations and reservations that matter, and warnings.
 * Nothing here stores, logs or sends the request: it is built for one response only.
 */
import type { AnalysisRecord, ProfileRecord } from "../search/records.js";
import { STATUS_LABELS, formatDate, formatRef } from "../views.js";
import { REQUEST_TYPE_LABELS, fieldsFor, type RequestInput, type RequestType } from "./fields.js";

export interface Authority {
  authority: string;
  role: string;
}

export interface CountryFacts {
  code: string;
  name: string;
  party: boolean;
  asOf: string;
  contactPoints: Authority[];
  centralAuthorities: Authority[];
  declarations: { ref: string; kind: string; text: string }[];
  /** Our assessment of the article the request relies on (29 or 31), if analysed. */
  assessment: { article: number; status: string; asOf: string | null; url: string } | null;
  profileUrl: string;
}

/** The article a request type relies on. */
export function articleFor(type: RequestType): number {
  return type === "preservation" ? 29 : 31;
}

/** Collects what the drafts need from a country's profile and analyses. */
export function countryFacts(
  type: RequestType,
  profile: ProfileRecord,
  analyses: AnalysisRecord[],
): CountryFacts {
  const article = articleFor(type);
  const analysis = analyses.find((a) => a.data.article === article);
  const d = profile.data;
  return {
    code: d.code,
    name: d.name,
    party: d.party,
    asOf: d.asOf,
    contactPoints: d.contactPoints.map(({ authority, role }) => ({ authority, role })),
    centralAuthorities: d.centralAuthorities.map(({ authority, role }) => ({ authority, role })),
    declarations: d.declarations.map(({ ref, kind, text }) => ({ ref, kind, text })),
    assessment: analysis
      ? { article, status: analysis.status ?? "unknown", asOf: analysis.date, url: analysis.url }
      : null,
    profileUrl: profile.url,
  };
}

/** Who receives the request: the 24/7 point for preservation, the central authority for MLA. */
export function receivingAuthorities(type: RequestType, facts: CountryFacts): Authority[] {
  const known = (list: Authority[]) =>
    list.filter((a) => a.authority.trim().toLowerCase() !== "unknown");
  if (type === "preservation") {
    const points = known(facts.contactPoints);
    return points.length > 0 ? points : known(facts.centralAuthorities);
  }
  return known(facts.centralAuthorities);
}

/** Warnings drawn from the corpus: what in the requested country's position affects this request. */
export function warningsFor(type: RequestType, facts: CountryFacts): string[] {
  const out: string[] = [];
  if (!facts.party) {
    out.push(
      `${facts.name} is not a Party to the Budapest Convention: the Convention cannot be the legal basis. Rely on a treaty in force between the two States or on reciprocity, and check what ${facts.name}'s law requires.`,
    );
  }
  const decl = (prefix: string) =>
    facts.declarations.filter((d) => d.ref === prefix || d.ref.startsWith(`${prefix}.`));
  if (type === "preservation") {
    for (const r of decl("29").filter((d) => d.kind === "reservation")) {
      out.push(
        `${facts.name} has a reservation on Art. ${formatRef(r.ref)}: preservation may be refused where dual criminality will not be met for the later request (Art. 29(4)). Make sure the conduct is an offence in ${facts.name} too. Recorded: ${r.text}`,
      );
    }
    if (facts.contactPoints.every((c) => c.authority.trim().toLowerCase() === "unknown")) {
      out.push(
        `No 24/7 point of contact of ${facts.name} is recorded in this knowledge base; the draft is addressed to its central authority instead.`,
      );
    }
  }
  for (const d of decl("27.9.e")) {
    out.push(
      `${facts.name} declared under Art. 27(9)(e) that urgent or direct requests must be addressed to its central authority. ${d.text}`,
    );
  }
  for (const d of [...decl("27.2.c"), ...decl("35.1")]) {
    if (/abolish|no updated|not verified|unknown/i.test(d.text))
      out.push(`The designation under Art. ${formatRef(d.ref)} may be out of date: ${d.text}`);
  }
  if (facts.assessment && facts.assessment.status !== "implemented") {
    out.push(
      `This knowledge base assesses ${facts.name}'s implementation of Art. ${facts.assessment.article} as "${STATUS_LABELS[facts.assessment.status] ?? facts.assessment.status}"${facts.assessment.asOf ? ` (as of ${formatDate(facts.assessment.asOf)})` : ""}: read the analysis before sending.`,
    );
  }
  if (receivingAuthorities(type, facts).length === 0) {
    out.push(
      `No receiving authority of ${facts.name} for this kind of request is recorded in this knowledge base: find it before sending.`,
    );
  }
  return out;
}

export interface DraftItem {
  label: string;
  value: string;
  missing: boolean;
  element: string | null;
  /** "Art. 29(2)(a)" when the field serves a Convention element. */
  citation: string | null;
}

export interface Draft {
  type: RequestType;
  title: string;
  to: { country: string; code: string; authorities: Authority[]; addressee: string };
  sections: { heading: string; items: DraftItem[] }[];
  missing: { label: string; element: string; citation: string | null }[];
  warnings: string[];
  facts: CountryFacts;
}

/** "Art. 29(2)(a)" for an element that is a Convention reference, null otherwise. */
function citation(element: string | undefined): string | null {
  return element && /^\d/.test(element) ? `Art. ${formatRef(element)}` : null;
}

const SECTION_OF: Record<string, string> = {
  request: "Request",
  authority: "Requesting authority",
  case: "The case",
  data: "The data",
  action: "What is asked",
  handling: "Handling",
};

/** The draft: every field with its value, or a marked gap where a Convention element is missing. */
export function buildDraft(type: RequestType, input: RequestInput, facts: CountryFacts): Draft {
  const fields = fieldsFor(type);
  const sections: Draft["sections"] = [];
  const missing: Draft["missing"] = [];
  for (const field of fields) {
    const raw = input[field.name];
    let value = Array.isArray(raw) ? raw.join(", ") : (raw ?? "").trim();
    if (field.kind === "select" && value !== "")
      value = field.options?.find((o) => o.value === value)?.label ?? value;
    if (field.kind === "checkboxes")
      value = (Array.isArray(raw) ? raw : [])
        .map((v) => field.options?.find((o) => o.value === v)?.label ?? v)
        .join(", ");
    if (field.kind === "checkbox")
      value =
        raw === "yes"
          ? "Yes: a request for search, seizure or disclosure will follow; please keep the data for at least 60 days meanwhile (Art. 29(7))."
          : "";
    if (field.kind === "date" && value) value = formatDate(value);
    const isMissing = value === "";
    if (isMissing && field.element)
      missing.push({
        label: field.label,
        element: field.element,
        citation: citation(field.element),
      });
    const heading = SECTION_OF[field.group] ?? field.group;
    let section = sections.find((s) => s.heading === heading);
    if (!section) {
      section = { heading, items: [] };
      sections.push(section);
    }
    section.items.push({
      label: field.label,
      value,
      missing: isMissing,
      element: field.element ?? null,
      citation: citation(field.element),
    });
  }
  const status = input["request_status"];
  if (
    (status === "follow-up" || status === "extension") &&
    !String(input["earlier_requests"] ?? "").trim()
  ) {
    missing.push({
      label: "Earlier requests in this case (required for a follow-up or an extension)",
      element: "earlier requests",
      citation: null,
    });
  }
  const authorities = receivingAuthorities(type, facts);
  const addressee =
    String(input["addressee"] ?? "").trim() ||
    authorities.map((a) => a.authority).join("; ") ||
    "unknown";
  return {
    type,
    title: REQUEST_TYPE_LABELS[type],
    to: { country: facts.name, code: facts.code, authorities, addressee },
    sections,
    missing,
    warnings: warningsFor(type, facts),
    facts,
  };
}

/** The draft as Markdown, for editing in the user's own tools. */
export function draftMarkdown(draft: Draft): string {
  const lines: string[] = [];
  lines.push(`# ${draft.title}`, "");
  lines.push(`**To:** ${draft.to.addressee} (${draft.to.country})`, "");
  if (draft.missing.length > 0) {
    lines.push("> **Still missing before sending:**");
    for (const m of draft.missing)
      lines.push(`> - ${m.label}${m.citation ? ` (${m.citation})` : ""}`);
    lines.push("");
  }
  if (draft.warnings.length > 0) {
    lines.push("> **Check before sending:**");
    for (const w of draft.warnings) lines.push(`> - ${w}`);
    lines.push("");
  }
  for (const section of draft.sections) {
    lines.push(`## ${section.heading}`, "");
    for (const item of section.items) {
      const value = item.missing ? "_[to be completed]_" : item.value.replace(/\r?\n/g, "  \n");
      lines.push(`**${item.label}${item.citation ? ` (${item.citation})` : ""}:** ${value}`, "");
    }
  }
  lines.push("---", "");
  lines.push(
    `Drafted with the EaP Cyber-MLA Knowledge Base from its record of ${draft.to.country} as of ${formatDate(draft.facts.asOf)}. The knowledge base is an illustrative analysis, not an official source: check the receiving authority and requirements before sending. The content of this request was not stored.`,
  );
  return `${lines.join("\n")}\n`;
}
