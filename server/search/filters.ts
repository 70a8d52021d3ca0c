/**
 * Meilisearch filter expressions built only from whitelisted attributes and validated values,
 * each value quoted and escaped. No request text is ever pasted into a filter.
 */
import type { FILTERABLE_ATTRIBUTES } from "../../indexer/index.js";

type Attribute = (typeof FILTERABLE_ATTRIBUTES)[number];

/** Quotes a value for a filter expression, escaping `\` and `"`. */
export function quote(value: string | number): string {
  return `"${String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `attr = "v"` for each value: an OR group in Meilisearch's array filter form. */
export function anyOf(attribute: Attribute, values: readonly (string | number)[]): string[] {
  return values.map((value) => `${attribute} = ${quote(value)}`);
}

/** `attr IN ["a", "b"]` as one string expression. */
export function inList(attribute: Attribute, values: readonly (string | number)[]): string {
  return `${attribute} IN [${values.map(quote).join(", ")}]`;
}

/** `attr NOT IN ["a", "b"]`: documents with none of the values (an array attribute: no element). */
export function notInList(attribute: Attribute, values: readonly (string | number)[]): string {
  return `${attribute} NOT IN [${values.map(quote).join(", ")}]`;
}

/** `attr = "v"`. */
export function equals(attribute: Attribute, value: string | number): string {
  return `${attribute} = ${quote(value)}`;
}
