/**
 * Rules a schema cannot express because they read the corpus's wording or compare entries
 * across files: the citation style where a machine can enforce it, one meaning of `official`
 * per address, follow-up rows that stand on their own, and authorities that are never people
 * (personal-data.ts). corpus/README.md states each rule
 * for authors; every message points at the line and column to change.
 */
import type { FileType } from "../corpus-schema.js";
import type { FollowupRecord, SourceRecord } from "../extract/index.js";
import { CorpusReport, type CorpusMessage } from "../report.js";
import type { Point } from "../yaml-block.js";
import { cacheKey, type CorpusFile } from "./files.js";
import { personalDataProblems } from "./personal-data.js";

/** A corpus file with the type its front matter declares (null when it could not be read). */
export interface TypedFile extends CorpusFile {
  type: FileType | null;
}

/**
 * What the rules that read one file at a time found in it, by the file's content key (path and
 * text). They are most of the check's time on a large corpus; a long-running publisher checks a
 * file again only when it changed. Bounded: the oldest entries go first.
 */
const fileFindings = new Map<string, CorpusMessage[]>();
const FILE_FINDINGS_KEPT = 4_000;

/**
 * What the check of one meaning per address found, by the map of sources it read (the assembly
 * keeps the same map while no sources file changes).
 */
const addressFindings = new WeakMap<ReadonlyMap<string, SourceRecord>, CorpusMessage[]>();

/** Runs every rule of this module over the files and the assembled records. */
export function checkRules(
  files: readonly TypedFile[],
  records: { sources: ReadonlyMap<string, SourceRecord>; followups: readonly FollowupRecord[] },
  report: CorpusReport,
): void {
  for (const file of files) {
    const key = `${file.type ?? ""}:${cacheKey(file)}`;
    let found = fileFindings.get(key);
    if (!found) {
      const own = new CorpusReport();
      checkCitationStyle(file, own);
      if (file.type === "country") {
        checkLawNumbers(file, own);
        for (const problem of personalDataProblems(file.text))
          own.error(file.path, problem.point, problem.message, "personal-data");
      }
      found = own.messages;
      if (fileFindings.size >= FILE_FINDINGS_KEPT)
        fileFindings.delete(fileFindings.keys().next().value!);
      fileFindings.set(key, found);
    }
    report.messages.push(...found);
  }
  let meanings = addressFindings.get(records.sources);
  if (!meanings) {
    const own = new CorpusReport();
    checkOneMeaningPerAddress(records.sources.values(), own);
    meanings = own.messages;
    addressFindings.set(records.sources, meanings);
  }
  report.messages.push(...meanings);
  checkStandaloneRows(records.followups, new Map(files.map((f) => [f.path, f.text])), report);
}

// ---- citation style -----------------------------------------------------------------------

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** `4^1`, `5 ^ 1`, `134^{10}`: a superscript article number typed as in LaTeX. */
const CARET = /(\d+)\s*\^\s*(\{\s*\d+\s*\}|\d+)/g;
/** `No 2137-IX`: the abbreviation without its full stop. "No 24/7 point" is English, not a number. */
const NO_WITHOUT_STOP = /\bNo(?=\s+\d)(?!\s+24\/7)/g;
/** A source's own title may keep the numbering it prints (corpus/README.md, Citation style). */
const SOURCE_TITLE_LINE = /^\s*(?:-\s+)?title:/;

function checkCitationStyle(file: TypedFile, report: CorpusReport): void {
  lines(file.text).forEach((line, index) => {
    if (file.type === "sources" && SOURCE_TITLE_LINE.test(line)) return;
    for (const match of line.matchAll(CARET)) {
      const digits = (match[2] ?? "").replace(/[{}\s]/g, "");
      const superscript = [...digits].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join("");
      report.error(
        file.path,
        { line: index + 1, column: match.index + 1 },
        `superscript written with ^ (\`${match[0]}\`): write \`${match[1] ?? ""}${superscript}\` with superscript digits`,
        "citation-style",
      );
    }
    for (const match of line.matchAll(NO_WITHOUT_STOP)) {
      const number = (/^\s+(\S+)/.exec(line.slice(match.index + 2))?.[1] ?? "").replace(
        /[),.;:"'\]]+$/,
        "",
      );
      report.error(
        file.path,
        { line: index + 1, column: match.index + 1 },
        `\`No ${number}\`: write \`No.\` with a full stop (\`No. ${number}\`)`,
        "citation-style",
      );
    }
  });
}

/**
 * How a law number is written: bare (`1772`), with a suffix after a hyphen (`20-XVI`, `2137-IX`,
 * `1441-Iს`) or with a year after a slash (`59/2012`). Two different laws can share digits and
 * differ in suffix or year (Ukraine numbers its laws anew in each convocation), so only two
 * different *forms* of the same digits are taken for one law cited two ways.
 */
type NumberForm = "bare" | "suffix" | "year";

interface LawNumber {
  text: string;
  digits: string;
  form: NumberForm;
  point: Point;
  /** Written in the profile's `laws` list: the reference form for the file. */
  listed: boolean;
}

/** `No. 20-XVI`, `No. 59/2012`, `No. 1441-Iს`; the number stops at the first other character. */
const LAW_NUMBER = /\bNo\.\s*(\d+)((?:[-/][\p{L}\p{N}]+)*)/gu;
/** `number: 20-XVI` in the profile's `laws` list. */
const LISTED_NUMBER = /^(\s*(?:-\s+)?number:\s*["']?)(\d[\p{L}\p{N}/-]*)/u;
/** Treaty series (`ETS No. 185`) and gazette issues (`2006, No. 5–6`) are not law numbers. */
const NOT_A_LAW_BEFORE = /(?:\bC?ETS\s*|\d{4},\s*)$/;

function formOf(rest: string): NumberForm {
  if (rest === "") return "bare";
  return /^\/\d{4}$/.test(rest) ? "year" : "suffix";
}

function checkLawNumbers(file: TypedFile, report: CorpusReport): void {
  const found: LawNumber[] = [];
  lines(file.text).forEach((line, index) => {
    const listed = LISTED_NUMBER.exec(line);
    if (listed?.[2]) {
      const digits = /^\d+/.exec(listed[2])?.[0] ?? "";
      found.push({
        text: listed[2],
        digits,
        form: formOf(listed[2].slice(digits.length)),
        point: { line: index + 1, column: (listed[1]?.length ?? 0) + 1 },
        listed: true,
      });
    }
    for (const match of line.matchAll(LAW_NUMBER)) {
      if (NOT_A_LAW_BEFORE.test(line.slice(0, match.index))) continue;
      const after = line.slice(match.index + match[0].length);
      if (/^[–-]\d/.test(after)) continue; // an issue range such as No. 11–12
      const digits = match[1] ?? "";
      const rest = match[2] ?? "";
      found.push({
        text: `${digits}${rest}`,
        digits,
        form: formOf(rest),
        point: { line: index + 1, column: match.index + match[0].indexOf(digits) + 1 },
        listed: false,
      });
    }
  });
  const byDigits = new Map<string, LawNumber[]>();
  for (const n of found) byDigits.set(n.digits, [...(byDigits.get(n.digits) ?? []), n]);
  for (const group of byDigits.values()) {
    const reference = referenceForm(group);
    for (const n of group) {
      if (n.form === reference.form || n.text === reference.text) continue;
      report.error(
        file.path,
        n.point,
        `law number \`${n.text}\` is written \`${reference.text}\` at line ${reference.point.line}${reference.listed ? " (the profile's list of laws)" : ""}: one form per law number`,
        "citation-style",
      );
    }
  }
}

/** The form the others are held to: the `laws` list's, else the most frequent, else the first. */
function referenceForm(group: LawNumber[]): LawNumber {
  const listed = group.find((n) => n.listed);
  if (listed) return listed;
  const counts = new Map<string, number>();
  for (const n of group) counts.set(n.text, (counts.get(n.text) ?? 0) + 1);
  let best = group[0]!;
  for (const n of group) if ((counts.get(n.text) ?? 0) > (counts.get(best.text) ?? 0)) best = n;
  return best;
}

// ---- one meaning of `official` ------------------------------------------------------------

/**
 * The same address is one source, whatever id cites it: `http` and `https`, the host's case, a
 * trailing slash and a fragment do not make another page.
 */
export function addressKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, "")}${u.search}`;
  } catch {
    return url;
  }
}

function checkOneMeaningPerAddress(sources: Iterable<SourceRecord>, report: CorpusReport): void {
  const first = new Map<string, SourceRecord>();
  for (const source of sources) {
    const key = addressKey(source.url);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, source);
      continue;
    }
    if (earlier.official !== source.official)
      report.error(
        source.origin.path,
        source.origin.point,
        `\`${source.id}\` marks ${source.url} official: ${source.official}, but \`${earlier.id}\` (${at(earlier)}) marks the same address official: ${earlier.official}: one address, one meaning of official`,
        "official",
      );
    if (earlier.publisher !== source.publisher)
      report.error(
        source.origin.path,
        source.origin.point,
        `\`${source.id}\` names the publisher of ${source.url} \`${source.publisher}\`, but \`${earlier.id}\` (${at(earlier)}) names it \`${earlier.publisher}\`: one address, one publisher`,
        "official",
      );
  }
}

// ---- follow-up rows stand alone -------------------------------------------------------------

/**
 * Words that point at another row. The site shows rows one at a time, filtered and sorted, so
 * "the previous row" may be a different row or none at all.
 */
const OTHER_ROW = new RegExp(
  [
    // "entry into force" is not a row.
    String.raw`\b(?:previous|preceding|earlier|next|following)\s+(?:rows?|entry|entries|lines?)\b(?!\s+into\b)`,
    String.raw`\b(?:rows?|entry|entries|lines?)\s+(?:above|below)\b`,
    String.raw`\b(?:above|below)\s+(?:rows?|entry|entries|lines?)\b`,
    String.raw`\bsee\s+(?:above|below)\b`,
    String.raw`\b(?:same\s+as|as)\s+above\b`,
    String.raw`\bthe\s+same\s+(?:law|act|decree|resolution|order|event)\b`,
    String.raw`\b(?:ditto|idem|ibid)\b`,
  ].join("|"),
  "i",
);

/** What OTHER_ROW found in a follow-up row's event (null: nothing), by the (cached) row. */
const otherRow = new WeakMap<FollowupRecord["row"], string | null>();

function checkStandaloneRows(
  followups: readonly FollowupRecord[],
  texts: Map<string, string>,
  report: CorpusReport,
): void {
  for (const entry of followups) {
    let match = otherRow.get(entry.row);
    if (match === undefined) {
      match = OTHER_ROW.exec(entry.row.event)?.[0] ?? null;
      otherRow.set(entry.row, match);
    }
    if (match === null) continue;
    const line = lines(texts.get(entry.origin.path) ?? "")[entry.origin.point.line - 1] ?? "";
    const column = line.toLowerCase().indexOf(match.toLowerCase());
    report.error(
      entry.origin.path,
      column >= 0 ? { line: entry.origin.point.line, column: column + 1 } : entry.origin.point,
      `the event refers to another row (\`${match}\`): each row is shown on its own, so name the law, act or body again`,
      "followup",
    );
  }
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

function at(source: SourceRecord): string {
  return `${source.origin.path}:${source.origin.point.line}:${source.origin.point.column}`;
}
