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
  const points = known(facts.contactPoints);
  return type === "preservation" && points.length > 0 ? points : known(facts.centralAuthorities);
}

/** The authorities the corpus names (`unknown` is not one). */
const known = (list: Authority[]) =>
  list.filter((a) => a.authority.trim().toLowerCase() !== "unknown");

/** No 24/7 point of contact is recorded: a preservation request goes to the central authority. */
export function noContactPoint(facts: CountryFacts): boolean {
  return known(facts.contactPoints).length === 0;
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

/** A piece of the letter: text, or a marked gap naming what is to be completed. */
export interface LetterText {
  text: string;
  missing: boolean;
}

/** A titled part of the letter (a numbered element, a note), with its Convention reference. */
export interface LetterBlock {
  heading: string;
  citation: string | null;
  paragraphs: LetterText[];
}

/** The request as one would send it: heading, legal basis, operative words, elements, signature. */
export interface Letter {
  sender: LetterText[];
  date: string;
  reference: LetterText;
  addressee: string[];
  title: string;
  basis: string;
  status: string | null;
  opening: LetterText[];
  elements: LetterBlock[];
  notes: LetterBlock[];
  signature: LetterText[];
}

export interface Draft {
  type: RequestType;
  title: string;
  to: { country: string; code: string; authorities: Authority[]; addressee: string };
  letter: Letter;
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

const CONVENTION = "the Council of Europe Convention on Cybercrime (ETS No. 185)";

const MEASURE_WORDS: Record<string, string> = {
  search: "search or similarly access",
  seizure: "seize or similarly secure",
  disclosure: "disclose",
};

/** "a, b and c". */
function listWords(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? "")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

/** The draft: the letter, every field with its value, and what is still missing. */
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
  const authorities = receivingAuthorities(type, facts);
  const addressee =
    String(input["addressee"] ?? "").trim() ||
    authorities.map((a) => a.authority).join("; ") ||
    "unknown";
  return {
    type,
    title: REQUEST_TYPE_LABELS[type],
    to: { country: facts.name, code: facts.code, authorities, addressee },
    letter: buildLetter(type, input, facts, addressee),
    sections,
    missing,
    warnings: warningsFor(type, facts),
    facts,
  };
}

/**
 * The letter, in this knowledge base's own words: what Arts. 29 and 31 (with Arts. 25, 27 and
 * 35) say a request rests on and must contain, filled with what the user typed. A gap stays a
 * visible gap; nothing is invented for the user.
 */
export function buildLetter(
  type: RequestType,
  input: RequestInput,
  facts: CountryFacts,
  addressee: string,
): Letter {
  const value = (name: string) => {
    const raw = input[name];
    return Array.isArray(raw) ? raw.join(", ") : (raw ?? "").trim();
  };
  const label = (name: string) => fieldsFor(type).find((f) => f.name === name)?.label ?? name;
  const t = (text: string): LetterText => ({ text, missing: false });
  const gap = (what: string): LetterText => ({ text: `[to be completed: ${what}]`, missing: true });
  const field = (name: string): LetterText => (value(name) ? t(value(name)) : gap(label(name)));
  const authority = value("authority_name") || "[the requesting authority]";
  const country = facts.name;
  const article = articleFor(type);
  const status = value("request_status");
  const earlier = value("earlier_reference");
  const earlierDate = value("earlier_date") ? formatDate(value("earlier_date")) : "";
  const earlierWords = `our request of ${earlierDate || "[date]"} (reference ${earlier || "[reference]"})`;

  const opening: LetterText[] = [];
  if (facts.party) {
    opening.push(
      t(
        type === "preservation"
          ? `This request is made under Article 29 of ${CONVENTION}, to which ${country} is a Party.`
          : `This request is made under Article 31 of ${CONVENTION}, to which ${country} is a Party. Under Article 31(2) it is answered through the international instruments, arrangements and laws referred to in Article 23 and the other relevant provisions of Chapter III of the Convention; where no mutual assistance treaty or arrangement based on uniform or reciprocal legislation is in force between our two States, Article 27 of the Convention governs its procedure (Art. 27(1)).`,
      ),
    );
  } else {
    opening.push(
      t(`${country} is not a Party to ${CONVENTION}. This request is made on the basis of:`),
      gap("the treaty in force between the two States, or reciprocity"),
      t(
        `Its content follows Article ${article}${type === "preservation" ? "(2)" : ""} of the Convention.`,
      ),
    );
  }
  opening.push(...channel(type, facts, addressee));
  if (type === "preservation") {
    opening.push(
      t(
        status === "extension"
          ? `${capital(theAuthority(authority))} asks the competent authorities of ${country} to keep preserved the stored computer data that were preserved following ${earlierWords}, until the request for mutual assistance announced below has been received and decided upon.`
          : `${capital(theAuthority(authority))} asks the competent authorities of ${country} to order or otherwise obtain, without delay, the preservation of the stored computer data described below, which are stored by means of a computer system in the territory of ${country}. It intends to submit a request for mutual assistance for the search or similar access, seizure or similar securing, or disclosure of these data (Art. 29(1)).`,
      ),
      t(
        "Under Article 29(7), data preserved in response to a request of this kind are kept for at least 60 days, so that the request for mutual assistance can be submitted, and, once that request has been received, until a decision on it is taken.",
      ),
    );
  } else {
    const measures = (Array.isArray(input["measures"]) ? input["measures"] : [])
      .map((m) => MEASURE_WORDS[m])
      .filter((m): m is string => m !== undefined);
    opening.push(
      measures.length > 0
        ? t(
            `${capital(theAuthority(authority))} asks the competent authorities of ${country} to ${listWords(measures)} the stored computer data described below, which are stored by means of a computer system in the territory of ${country} (Art. 31(1)).`,
          )
        : gap(
            "the measures requested under Art. 31(1): search or similar access, seizure or similar securing, disclosure",
          ),
    );
  }

  const elements: LetterBlock[] =
    type === "preservation"
      ? [
          block("Authority seeking the preservation", "29.2.a", [
            field("authority_name"),
            ...(value("authority_address") ? [t(value("authority_address"))] : []),
          ]),
          block("Offence and summary of the facts", "29.2.b", [
            value("offence") ? t(`Offence: ${value("offence")}`) : gap(label("offence")),
            field("facts"),
          ]),
          block(
            "Stored computer data to be preserved and their relationship to the offence",
            "29.2.c",
            [field("data"), field("link")],
          ),
          block("Custodian of the data or location of the computer system", "29.2.d", [
            field("custodian"),
          ]),
          block("Why preservation is necessary", "29.2.e", [field("necessity")]),
          block("Intended request for mutual assistance", "29.2.f", [
            value("follow_up") === "yes"
              ? t(
                  `${capital(theAuthority(authority))} intends to submit a request for mutual assistance for the search or similar access, seizure or similar securing, or disclosure of the data.`,
                )
              : gap(label("follow_up")),
          ]),
        ]
      : [
          block("Requesting authority", null, [
            field("authority_name"),
            ...(value("authority_address") ? [t(value("authority_address"))] : []),
          ]),
          block("Offence and its legal qualification", null, [
            value("offence") ? t(`Offence: ${value("offence")}`) : gap(label("offence")),
            field("legal_qualification"),
          ]),
          block("Summary of the facts", null, [field("facts")]),
          block("Stored computer data sought and their relationship to the offence", "31.1", [
            field("data"),
            field("link"),
          ]),
          block("Custodian of the data or location of the computer system", null, [
            field("custodian"),
          ]),
        ];

  const notes: LetterBlock[] = [];
  if (facts.party && type === "preservation") {
    const reserved = facts.declarations.some(
      (d) => d.kind === "reservation" && (d.ref === "29" || d.ref.startsWith("29.")),
    );
    notes.push(
      block("Dual criminality", "29.3", [
        t("Under Article 29(3), dual criminality is not a condition for providing preservation."),
        ...(reserved
          ? [
              t(
                `${country} has reserved the right, under Article 29(4), to refuse preservation where it has reason to believe that dual criminality will not be met at the time of disclosure; the reservation does not apply to the offences established in accordance with Articles 2 to 11 of the Convention.`,
              ),
            ]
          : []),
      ]),
    );
  }
  if (facts.party && type === "stored-data") {
    notes.push(
      block("Dual criminality", "25.5", [
        t(
          `Where dual criminality is a condition for assistance, Article 25(5) treats it as met if the conduct underlying the offence is a criminal offence under the law of ${country}, whatever category that law places it in or name it gives it.`,
        ),
      ]),
    );
  }
  if (value("urgency"))
    notes.push(
      block(
        "Urgency",
        type === "stored-data" ? "31.3" : null,
        type === "stored-data"
          ? [t("We ask for an expedited response, for these reasons:"), t(value("urgency"))]
          : [t(value("urgency"))],
      ),
    );
  if (value("confidentiality"))
    notes.push(
      block(
        "Confidentiality",
        type === "stored-data" ? "27.8" : null,
        type === "stored-data"
          ? [
              t(
                "We ask that the fact and subject of this request be kept confidential, except as far as needed to execute it:",
              ),
              t(value("confidentiality")),
            ]
          : [t(value("confidentiality"))],
      ),
    );
  // A new request may still quote an earlier one; a follow-up or extension quotes it above.
  const earlierQuoted =
    status !== "follow-up" && status !== "extension" && (earlier || earlierDate)
      ? [t(`Earlier request: ${earlierWords}.`)]
      : [];
  if (earlierQuoted.length > 0 || value("earlier_requests"))
    notes.push(
      block("Earlier requests in this case", null, [
        ...earlierQuoted,
        ...(value("earlier_requests") ? [t(value("earlier_requests"))] : []),
      ]),
    );
  const contact: LetterText[] = [];
  if (value("authority_contact")) contact.push(t(value("authority_contact")));
  if (value("time_zone")) contact.push(t(`Times in this request are in ${value("time_zone")}.`));
  const reply = fieldsFor(type)
    .find((f) => f.name === "reply_channel")
    ?.options?.find((o) => o.value !== "" && o.value === value("reply_channel"));
  if (reply) contact.push(t(`Please reply through ${reply.label}.`));
  notes.push(
    block(
      "Contact for this request",
      null,
      contact.length > 0 ? contact : [gap(label("authority_contact"))],
    ),
  );

  const date = value("request_date") ? formatDate(value("request_date")) : "";
  return {
    sender: [
      field("authority_name"),
      ...(value("authority_address") ? [t(value("authority_address"))] : []),
    ],
    date: date || "[date]",
    reference: field("reference"),
    addressee: [addressee, country],
    title:
      type === "preservation"
        ? "Request for expedited preservation of stored computer data"
        : "Request for mutual assistance: access to stored computer data",
    basis: `Article ${article} of ${CONVENTION}`,
    status:
      status === "extension"
        ? `Extension of the preservation obtained following ${earlierWords}`
        : status === "follow-up"
          ? `Follow-up to ${earlierWords}`
          : null,
    opening,
    elements,
    notes,
    signature: [
      t(`For ${theAuthority(authority)}`),
      gap("name and function of the person signing"),
      gap("signature and seal"),
      {
        text: `Place and date: [to be completed: place], ${date || "[to be completed: date]"}`,
        missing: true,
      },
    ],
  };
}

/**
 * An authority's name after "the" in running text: "the Ministry of Justice of Georgia"; a name
 * typed with its own article ("The Prosecutor's Office") keeps one, in lower case.
 */
export function theAuthority(name: string): string {
  return /^the\s/i.test(name) ? `the ${name.slice(4)}` : `the ${name}`;
}

/** A sentence's first letter as a capital. */
function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A letter block with its Convention reference written the lawyers' way. */
function block(heading: string, element: string | null, paragraphs: LetterText[]): LetterBlock {
  return { heading, citation: element ? `Art. ${formatRef(element)}` : null, paragraphs };
}

/** The channel sentence: the designation the requested Party notified, where the addressee is it. */
function channel(type: RequestType, facts: CountryFacts, addressee: string): LetterText[] {
  const out: LetterText[] = [];
  // "unknown" where no receiving authority is recorded: written as it is, without an article.
  const to = addressee === "unknown" ? addressee : theAuthority(addressee);
  const same = (a: string) => a.trim().toLowerCase() === addressee.trim().toLowerCase();
  const notified = (prefix: string) =>
    facts.declarations.some(
      (d) => d.kind === "notification" && (d.ref === prefix || d.ref.startsWith(`${prefix}.`)),
    );
  if (facts.party && facts.contactPoints.some((c) => same(c.authority)) && notified("35.1")) {
    out.push({
      text: `It is sent to ${to}, which ${facts.name} designated as its point of contact available 24 hours a day, seven days a week, under Article 35 of the Convention; among that point's tasks is the preservation of data under Article 29 (Art. 35(1)(b)).`,
      missing: false,
    });
  } else if (
    facts.party &&
    facts.centralAuthorities.some((c) => same(c.authority)) &&
    notified("27.2.c")
  ) {
    out.push({
      text: `It is sent to ${to}, which ${facts.name} designated as its central authority for mutual assistance under Article 27(2) of the Convention.`,
      missing: false,
    });
  } else {
    out.push({ text: `It is sent to ${to}.`, missing: false });
  }
  if (
    facts.party &&
    type === "stored-data" &&
    facts.declarations.some((d) => d.ref === "27.9.e" || d.ref.startsWith("27.9.e."))
  ) {
    out.push({
      text: `${facts.name} has declared under Article 27(9)(e) that requests made under Article 27(9), which in urgent cases may go directly between judicial authorities, are to be addressed to its central authority.`,
      missing: false,
    });
  }
  return out;
}

/** The letter as Markdown lines. */
function letterLines(letter: Letter): string[] {
  const md = true;
  const text = (p: LetterText) =>
    p.missing ? (md ? `_${p.text}_` : p.text) : md ? p.text.replace(/\r?\n/g, "  \n") : p.text;
  const lines: string[] = [];
  lines.push(...letter.sender.map(text).map((l) => (md ? `${l}  ` : l)), "");
  lines.push(`${md ? "**Date:** " : "Date: "}${letter.date}  `);
  lines.push(`${md ? "**Our reference:** " : "Our reference: "}${text(letter.reference)}`, "");
  lines.push(`${md ? "**To:** " : "To: "}${letter.addressee.join(", ")}`, "");
  lines.push(`${md ? "# " : ""}${letter.title}`, "");
  lines.push(`${md ? "_" : ""}Under ${letter.basis}${md ? "_" : ""}`, "");
  if (letter.status) lines.push(`${md ? "**" : ""}${letter.status}${md ? "**" : ""}`, "");
  for (const p of letter.opening) lines.push(text(p), "");
  letter.elements.forEach((b, i) => {
    lines.push(
      `${md ? "## " : ""}${i + 1}. ${b.heading}${b.citation ? ` (${b.citation})` : ""}`,
      "",
    );
    for (const p of b.paragraphs) lines.push(text(p), "");
  });
  for (const b of letter.notes) {
    lines.push(`${md ? "## " : ""}${b.heading}${b.citation ? ` (${b.citation})` : ""}`, "");
    for (const p of b.paragraphs) lines.push(text(p), "");
  }
  for (const p of letter.signature) lines.push(`${text(p)}${md ? "  " : ""}`);
  lines.push("");
  return lines;
}

/** The draft as Markdown, for editing in the user's own tools; notes for the drafter at the end. */
export function draftMarkdown(draft: Draft): string {
  const lines = letterLines(draft.letter);
  lines.push("---", "", "## Notes for the drafter (delete before sending)", "");
  if (draft.missing.length > 0) {
    lines.push("**Still missing before sending:**", "");
    for (const m of draft.missing)
      lines.push(`- ${m.label}${m.citation ? ` (${m.citation})` : ""}`);
    lines.push("");
  }
  if (draft.warnings.length > 0) {
    lines.push("**Check before sending:**", "");
    for (const w of draft.warnings) lines.push(`- ${w}`);
    lines.push("");
  }
  lines.push(
    `Drafted with the EaP Cyber-MLA Knowledge Base from its record of ${draft.to.country} as of ${formatDate(draft.facts.asOf)}. The knowledge base is an illustrative analysis, not an official source: check the receiving authority and requirements before sending. The form was sent to the server only to build this draft; it was not stored or logged.`,
  );
  return `${lines.join("\n")}\n`;
}
