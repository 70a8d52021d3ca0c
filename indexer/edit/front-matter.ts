/**
 * Rewriting lists in a file's front matter: a country profile's authorities, contact points and
 * laws, and a sources file's list (a new source is added at its end). A key whose value did not
 * change keeps its lines; the rest of the front matter and the body are untouched.
 */
import { isDeepStrictEqual } from "node:util";
import {
  EditError,
  lineSpan,
  type AuthorityFields,
  type EditResult,
  type FieldSpan,
  type LawFields,
  type ProfileFields,
  type SourceFields,
} from "./fields.js";
import { frontMatterLayout, yamlKeys, type FrontMatterLayout } from "./layout.js";
import { LineText } from "./lines.js";
import { blockSequence } from "./yaml-style.js";

export const PROFILE_LISTS = ["central_authorities", "contact_points", "laws"] as const;
export type ProfileList = (typeof PROFILE_LISTS)[number];

const AUTHORITY_ORDER = ["authority", "role", "sources"] as const;
const LAW_ORDER = ["title", "number", "date", "url", "note", "sources"] as const;
const SOURCE_ORDER = ["id", "title", "publisher", "url", "seen", "official", "note"] as const;

/** A country profile's lists, and the text of each (for conflict checks). */
export interface ProfileSnapshot {
  fields: ProfileFields;
  regions: Record<ProfileList, string>;
  access: unknown;
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const strs = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x)) : []);
const opt = (v: unknown) => (v === undefined || v === null || v === "" ? null : String(v));

function authorities(value: unknown): AuthorityFields[] {
  return (Array.isArray(value) ? value : []).map((item: Record<string, unknown>) => ({
    authority: str(item["authority"]),
    role: str(item["role"]),
    sources: strs(item["sources"]),
  }));
}

function laws(value: unknown): LawFields[] {
  return (Array.isArray(value) ? value : []).map((item: Record<string, unknown>) => ({
    title: str(item["title"]),
    number: str(item["number"]),
    date: str(item["date"]),
    url: opt(item["url"]),
    note: opt(item["note"]),
    sources: strs(item["sources"]),
  }));
}

function layoutOf(lt: LineText): FrontMatterLayout {
  const layout = frontMatterLayout(lt);
  if (!layout || layout.yaml.value === undefined)
    throw new EditError("front-matter", "the file's front matter cannot be read");
  return layout;
}

/** Reads a country profile's lists, or null when the front matter cannot be read. */
export function readProfile(text: string): ProfileSnapshot | null {
  const lt = new LineText(text);
  const layout = frontMatterLayout(lt);
  const value = layout?.yaml.value as Record<string, unknown> | undefined;
  if (!layout || !value) return null;
  const region = (key: ProfileList) => {
    const r = layout.yaml.keys.get(key);
    return r ? lt.slice(r.from, r.to) : "";
  };
  return {
    fields: {
      central_authorities: authorities(value["central_authorities"]),
      contact_points: authorities(value["contact_points"]),
      laws: laws(value["laws"]),
    },
    regions: {
      central_authorities: region("central_authorities"),
      contact_points: region("contact_points"),
      laws: region("laws"),
    },
    access: value["access"] ?? null,
  };
}

/** As a record for YAML: absent optional fields left out. */
function record(item: AuthorityFields | LawFields): Record<string, string | string[] | null> {
  return { ...item };
}

/** Normalises a profile's lists (trimmed text, empty optional fields absent, empty rows dropped). */
export function normaliseProfile(fields: ProfileFields): ProfileFields {
  const t = (s: string) => s.trim().replace(/\s*\r?\n\s*/g, " ");
  const ids = (l: string[]) => l.map((s) => s.trim()).filter(Boolean);
  const auth = (list: AuthorityFields[]) =>
    list
      .map((a) => ({ authority: t(a.authority), role: t(a.role), sources: ids(a.sources) }))
      .filter((a) => a.authority || a.role || a.sources.length > 0);
  return {
    central_authorities: auth(fields.central_authorities),
    contact_points: auth(fields.contact_points),
    laws: fields.laws
      .map((l) => ({
        title: t(l.title),
        number: t(l.number),
        date: t(l.date),
        url: l.url && t(l.url) ? t(l.url) : null,
        note: l.note && t(l.note) ? t(l.note) : null,
        sources: ids(l.sources),
      }))
      .filter((l) => l.title || l.number || l.date || l.url || l.note || l.sources.length > 0),
  };
}

/** Rewrites the lists of a country profile that changed. */
export function writeProfile(text: string, input: ProfileFields): EditResult {
  const lt = new LineText(text);
  const layout = layoutOf(lt);
  const fields = normaliseProfile(input);
  const before = readProfile(text)!;
  const edits: { key: ProfileList; from: number; to: number; lines: string[] }[] = [];
  for (const key of PROFILE_LISTS) {
    if (isDeepStrictEqual(normaliseProfile(before.fields)[key], fields[key])) continue;
    const at = layout.yaml.keys.get(key);
    if (!at) throw new EditError(key, `the profile has no \`${key}\` list to change`);
    const indent = layout.yaml.itemIndent.get(key) ?? "  ";
    const order = key === "laws" ? LAW_ORDER : AUTHORITY_ORDER;
    const items = (fields[key] as (AuthorityFields | LawFields)[]).map(record);
    edits.push({
      key,
      from: at.from,
      to: at.to,
      lines:
        items.length === 0 ? [`${key}: []`] : [`${key}:`, ...blockSequence(indent, items, order)],
    });
  }
  edits.sort((a, b) => b.from - a.from);
  for (const edit of edits) lt.replace(edit.from, edit.to, edit.lines);
  const out = lt.toString();
  const back = readProfile(out);
  for (const key of PROFILE_LISTS)
    if (!back || !isDeepStrictEqual(normaliseProfile(back.fields)[key], fields[key]))
      throw new EditError(
        key,
        "this list cannot be written without changing the structure of the file",
      );
  return { text: out, spans: listSpans(new LineText(out), PROFILE_LISTS) };
}

/**
 * Spans for each item's keys of the given lists: `laws.0.title`, … (and the list itself), from
 * the front matter as it is now.
 */
function listSpans(lt: LineText, lists: readonly string[]): FieldSpan[] {
  const layout = layoutOf(lt);
  const spans: FieldSpan[] = [];
  for (const key of lists) {
    const at = layout.yaml.keys.get(key);
    if (!at) continue;
    spans.push(lineSpan(key, at.from, at.to));
    // `- key:` starts an item; every `key:` line inside it starts a field of that item.
    const starts: { item: number; field: string; line: number; itemStart: boolean }[] = [];
    let item = -1;
    for (let n = at.from + 1; n <= at.to; n++) {
      const m = /^\s*(-\s+)?([a-z_]+):/.exec(lt.line(n));
      if (!m) continue;
      if (m[1]) item++;
      starts.push({
        item,
        field: `${key}.${item}.${m[2] ?? ""}`,
        line: n,
        itemStart: Boolean(m[1]),
      });
    }
    starts.forEach((s, i) => {
      const next = starts[i + 1];
      spans.push(lineSpan(s.field, s.line, next ? next.line - 1 : at.to));
      if (s.itemStart) {
        const nextItem = starts.slice(i + 1).find((t) => t.itemStart);
        spans.push(lineSpan(`${key}.${s.item}`, s.line, nextItem ? nextItem.line - 1 : at.to));
      }
    });
  }
  return spans;
}

/** Adds a source at the end of a sources file's list. */
export function appendSource(text: string, source: SourceFields): EditResult {
  const lt = new LineText(text);
  const layout = layoutOf(lt);
  const at = layout.yaml.keys.get("sources");
  const value = layout.yaml.value as Record<string, unknown>;
  if (!at || value["type"] !== "sources")
    throw new EditError("source.file", "this file is not a sources file");
  const indent = layout.yaml.itemIndent.get("sources") ?? "  ";
  const lines = blockSequence(indent, [{ ...source }], SOURCE_ORDER);
  lt.replace(at.to + 1, at.to, lines);
  const out = lt.toString();
  const after = yamlKeys(new LineText(out).slice(2, layoutOf(new LineText(out)).close - 1), 2);
  const list = (after.value as Record<string, unknown> | undefined)?.["sources"];
  const added = Array.isArray(list) ? (list.at(-1) as Record<string, unknown>) : null;
  const expected = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== null && v !== undefined),
  );
  if (!added || !isDeepStrictEqual(added, expected))
    throw new EditError(
      "source",
      "this source cannot be written without changing the structure of the file",
    );
  const spans: FieldSpan[] = [];
  const first = at.to + 1;
  lines.forEach((line, i) => {
    const key = /^\s*(?:-\s+)?([a-z_]+):/.exec(line)?.[1];
    if (key) spans.push(lineSpan(`source.${key}`, first + i, first + i));
  });
  spans.push(lineSpan("source", first, first + lines.length - 1));
  return { text: out, spans };
}
