/**
 * YAML written the way the corpus writes it by hand: plain scalars where YAML reads them back
 * unchanged, double quotes otherwise; `sources: [a, b]` and `provisions: ["…"]` as flow lists on
 * one line; lists of records as block sequences. Every value is checked by reading it back, so
 * what is written is exactly what was meant.
 */
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";

function readsBackAs(yaml: string, expected: unknown): boolean {
  try {
    return isDeepStrictEqual(parse(yaml, { uniqueKeys: true }), expected);
  } catch {
    return false;
  }
}

/** A string as a YAML scalar: plain when it reads back as the same string, else double-quoted. */
export function scalar(value: string, context: "block" | "flow" = "block"): string {
  const plain =
    value.length > 0 &&
    !/^[\s]|[\s]$/.test(value) &&
    !/[\n\r\t"]/.test(value) &&
    (context === "block"
      ? readsBackAs(`k: ${value}\n`, { k: value })
      : readsBackAs(`k: [${value}]\n`, { k: [value] }));
  // JSON's string syntax is a subset of YAML's double-quoted scalars.
  return plain ? value : JSON.stringify(value);
}

/** A value (string, boolean, string list) as the text after `key: `. */
export function inlineValue(
  value: string | boolean | readonly string[],
  quoteItems = false,
): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return scalar(value);
  return `[${value.map((v) => (quoteItems ? JSON.stringify(v) : scalar(v, "flow"))).join(", ")}]`;
}

/** `key: value` — one line. */
export function keyLine(
  indent: string,
  key: string,
  value: string | boolean | readonly string[],
  quoteItems = false,
): string {
  return `${indent}${key}: ${inlineValue(value, quoteItems)}`;
}

/**
 * A list of records as a block sequence, each record's keys in the order given, absent (undefined
 * or null) keys left out: `- key: value` then `  key: value`.
 */
export function blockSequence(
  indent: string,
  items: readonly Record<string, string | boolean | readonly string[] | null | undefined>[],
  order: readonly string[],
): string[] {
  const lines: string[] = [];
  for (const item of items) {
    let first = true;
    for (const key of order) {
      const value = item[key];
      if (value === undefined || value === null) continue;
      lines.push(keyLine(first ? `${indent}- ` : `${indent}  `, key, value));
      first = false;
    }
  }
  return lines;
}

/** Whether `text` (YAML) reads back as `expected`: the last check before anything is written. */
export function yamlMatches(text: string, expected: unknown): boolean {
  return readsBackAs(text, expected);
}
