/**
 * "Authorities, never people": a country's central authorities and 24/7 points of contact name
 * an institution, never a person, a phone number or an e-mail address (corpus/README.md).
 *
 * What a machine can see, and so refuses (`[personal-data]`):
 * - an e-mail address anywhere in the authority or its role;
 * - a phone number: a run of digits with separators holding at least seven digits and starting
 *   with `+`, `00` or a bracketed code, or any such run of nine or more digits, or a number after
 *   "tel", "phone", "fax" or "mobile" (dates, article numbers and law numbers do not look so);
 * - an honorific or title before a capitalised word (Mr, Mrs, Ms, Dr, Prof., Judge, г-н, пан…);
 * - an authority that is only two or three capitalised words ("Ivan Petrov", "Anna Maria Rossi")
 *   with no word that names an institution (ministry, office, police, unit, service, court…).
 *
 * What it cannot see: a name inside a longer institutional text ("the unit of Ivan Petrov"), a
 * name written in lower case, a single-word name, a name that happens to contain an institution
 * word, or a phone number written in words. Reviewers still read every proposal.
 */
import { parseYamlBlock, type Point } from "../yaml-block.js";

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u;
/** Not `\b`, which knows only ASCII letters: `\bтел\b` never matched. */
const PHONE_KEYWORD =
  /(?<![\p{L}\p{N}_])(?:tel|phone|telephone|fax|mobile|тел|телефон)(?![\p{L}\p{N}_])\.?:?\s*[+(\d]/iu;
const DIGIT_RUN = /[+(]?\d[\d\s()./-]{5,}\d/g;
const HONORIFIC =
  /(?:^|[\s(,;])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Madam|Mme|Mlle|Judge|Hon|г-н|г-жа|пан|пані|госпожа|господин)\.?\s+\p{Lu}/u;
/**
 * Words that make a short capitalised name an institution's, in English and as authorities'
 * own names are written in the Latin script (Polícia Judiciária, Procuratura Generală,
 * Ministerstvo vnutrennikh del). `\b` is ASCII-only, so a stem may end before an accented letter.
 */
const INSTITUTION =
  /\b(?:ministry|minister|minist\w*|office|department|directorate|division|unit|service|police|pol[ií]c\w*|polizei|politsi\w*|militsi\w*|prosecut\w*|procura\w*|prokur\w*|fiscal\w*|parquet|judici\w*|tribunal|gendarm\w*|court|agency|authority|bureau|centre|center|committee|council|commission|government|state|national|general|central|cyber\w*|security|justice|interior|internal|affairs|investigat\w*|inspectorate|guard|administration|chamber|parliament|assembly|institute|team|cert|csirt|network|point|contact|interpol|europol)\b/iu;
const NAME_WORD = String.raw`\p{Lu}[\p{Ll}'’]*(?:-\p{Lu}?[\p{Ll}'’]+)*\.?`;
const NAME_ONLY = new RegExp(`^${NAME_WORD}(?:\\s+${NAME_WORD}){1,2}$`, "u");

/** What in `text` looks like personal data, or null; `authority` also checks for a bare name. */
export function personalData(text: string, authority: boolean): string | null {
  if (EMAIL.test(text)) return "an e-mail address";
  if (PHONE_KEYWORD.test(text)) return "a phone number";
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    if (/^\d{4}-\d{2}(-\d{2})?$/.test(run.trim())) continue;
    const digits = run.replace(/\D/g, "").length;
    const international = /^(?:\+|00|\()/.test(run);
    if ((international && digits >= 7) || digits >= 9) return "a phone number";
  }
  if (HONORIFIC.test(text)) return "a person's title and name";
  if (authority && NAME_ONLY.test(text.trim()) && !INSTITUTION.test(text))
    return "what looks like a person's name";
  return null;
}

/** A problem found, at its place in the file. */
export interface PersonalDataProblem {
  point: Point;
  message: string;
}

/** Checks a country file's authorities and contact points. */
export function personalDataProblems(text: string): PersonalDataProblem[] {
  const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match?.[1]) return [];
  const block = parseYamlBlock(match[1], { line: 2, column: 1 });
  const value = block.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== "object") return [];
  const problems: PersonalDataProblem[] = [];
  for (const list of ["central_authorities", "contact_points"] as const) {
    const items = value[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, index) => {
      if (typeof item !== "object" || item === null) return;
      for (const field of ["authority", "role"] as const) {
        const text = (item as Record<string, unknown>)[field];
        if (typeof text !== "string") continue;
        const found = personalData(text, field === "authority");
        if (found)
          problems.push({
            point: block.locate([list, index, field]),
            message: `\`${list}.${index}.${field}\` holds ${found}: name the authority (a ministry, office or unit), never a person, a phone number or an e-mail address`,
          });
      }
    });
  }
  return problems;
}
