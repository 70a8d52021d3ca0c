/**
 * Query-string reading for every route: unknown parameters and repeated single-valued ones are
 * refused with a message naming them; values are then validated with the route's zod schema.
 */
import { z } from "zod";
import { InvalidQueryError, fromZod } from "../errors.js";

// Control characters, zero-width and bidi-override characters: they have no place in a query.
/* eslint-disable no-control-regex -- removing control characters is the point */
const UNWANTED =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */

/** Strips control characters that have no place in a query (NUL, bidi overrides are kept out). */
export function cleanText(value: string): string {
  return value
    .normalize("NFC")
    .replace(UNWANTED, "")
    .replace(/[\t\n\r]+/g, " ");
}

/** Object schemas built once per shape: zod compiles each schema on first use. */
const compiled = new WeakMap<z.ZodRawShape, z.ZodType>();

/**
 * Reads `query` against `shape`. Keys listed in `multi` may repeat (and may also be given as
 * comma-separated lists when `commaLists` is set); every other key must appear at most once.
 */
export function readParams<S extends z.ZodRawShape>(
  query: unknown,
  shape: S,
  options: { multi?: readonly (keyof S & string)[]; commaLists?: boolean; maxItems?: number } = {},
): z.infer<z.ZodObject<S>> {
  type Out = z.infer<z.ZodObject<S>>;
  const raw = (query ?? {}) as Record<string, unknown>;
  const multi = new Set<string>(options.multi ?? []);
  const normalized: Record<string, unknown> = {};
  const unknown = Object.keys(raw).filter((key) => !(key in shape));
  if (unknown.length > 0) {
    throw new InvalidQueryError(
      `unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `\`${truncate(k)}\``).join(", ")}; this page accepts ${Object.keys(
        shape,
      )
        .map((k) => `\`${k}\``)
        .join(", ")}`,
      { field: truncate(unknown[0] ?? "") },
    );
  }
  for (const [key, value] of Object.entries(raw)) {
    const values = (Array.isArray(value) ? value : [value]).map((v) =>
      typeof v === "string" ? cleanText(v) : v,
    );
    if (values.some((v) => typeof v !== "string")) {
      throw new InvalidQueryError(`\`${key}\` must be plain text`, { field: key });
    }
    if (multi.has(key)) {
      const items = (values as string[])
        .flatMap((v) => (options.commaLists ? v.split(",") : [v]))
        .map((v) => v.trim())
        .filter(Boolean);
      if (options.maxItems !== undefined && items.length > options.maxItems) {
        throw new InvalidQueryError(`too many items in \`${key}\` (at most ${options.maxItems})`, {
          field: key,
        });
      }
      normalized[key] = [...new Set(items)];
    } else {
      if (values.length > 1)
        throw new InvalidQueryError(`\`${key}\` is given more than once`, { field: key });
      normalized[key] = values[0];
    }
  }
  let schema = compiled.get(shape);
  if (!schema) {
    schema = z.strictObject(shape);
    compiled.set(shape, schema);
  }
  const result = schema.safeParse(normalized);
  if (!result.success) throw fromZod(result.error);
  return result.data as Out;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A page number from 1; a non-numeric or negative value is a 400. */
export const PageSchema = z
  .string()
  .regex(/^\d{1,6}$/, { error: "must be a whole number from 1" })
  .transform(Number)
  .refine((n) => n >= 1, { error: "must be a whole number from 1" })
  .optional();

/** The shape of a page that takes no parameters (shared, so its schema is built once). */
export const NO_PARAMS = {} satisfies z.ZodRawShape;
