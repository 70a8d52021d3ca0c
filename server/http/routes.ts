/**
 * Routes as data. Each route module returns a list of specs: method, path, the zod shape of its
 * query string, and, for the JSON API, what it answers. The app mounts them; the same list drives
 * the 405 answers (which methods a known path serves), the OpenAPI document (derived, never
 * written by hand) and the tests that fuzz every parameter of every route.
 */
import type { Request, RequestHandler, Response } from "express";
import { match } from "path-to-regexp";
import type { z } from "zod";
import type { ErrorId } from "../errors.js";
import { LangParam } from "../i18n.js";
import { readParams } from "./params.js";

export type Method = "get" | "post";

/** What a JSON route answers: for the OpenAPI document and the contract tests. */
export interface ApiDoc {
  summary: string;
  description?: string;
  /** Path parameters (`:code` → `code`) with their schemas. */
  params?: Record<string, z.ZodType>;
  /** The request body, for POST. */
  body?: z.ZodType;
  /** The successful answer (200, or `status`). */
  response: z.ZodType;
  /** The status of a successful answer when it is not 200 (201 for a creation). */
  status?: 201;
  /** The content type of the 200 answer when it is not JSON (a CSV export, a feed). */
  produces?: "text/csv" | "text/markdown" | "application/atom+xml";
  /** Errors besides 400 (bad parameter) and 503 (engine unavailable) that this route gives. */
  errors?: ErrorId[];
  tag: string;
}

export interface RouteSpec {
  method: Method;
  path: string;
  /** The query string's shape; routes without one accept no parameters. */
  query: z.ZodRawShape;
  /** Query parameters that may repeat (or be comma lists when `commaLists`). */
  multi: readonly string[];
  commaLists: boolean;
  maxItems: number | undefined;
  middleware: RequestHandler[];
  handler: RequestHandler;
  doc: ApiDoc | undefined;
}

export interface RouteInput<S extends z.ZodRawShape> {
  method?: Method;
  path: string;
  query?: S;
  multi?: readonly (keyof S & string)[];
  commaLists?: boolean;
  maxItems?: number;
  middleware?: RequestHandler[];
  doc?: ApiDoc;
  /** Receives the validated query; errors it throws reach the error pages. */
  handle(req: Request, res: Response, query: z.infer<z.ZodObject<S>>): Promise<void> | void;
}

const NONE = {} satisfies z.ZodRawShape;

/**
 * Declares a route: the handler receives the query already read and validated. A page (a route
 * without API documentation) also accepts `lang`, the interface language, which the language
 * middleware has already applied; the JSON API does not change with the language.
 */
export function route<S extends z.ZodRawShape = typeof NONE>(input: RouteInput<S>): RouteSpec {
  const shape = (
    input.doc ? (input.query ?? NONE) : { ...(input.query ?? NONE), lang: LangParam }
  ) as S;
  const options = {
    ...(input.multi ? { multi: input.multi } : {}),
    ...(input.commaLists ? { commaLists: true } : {}),
    ...(input.maxItems !== undefined ? { maxItems: input.maxItems } : {}),
  };
  return {
    method: input.method ?? "get",
    path: input.path,
    query: shape,
    multi: input.multi ?? [],
    commaLists: input.commaLists ?? false,
    maxItems: input.maxItems,
    middleware: input.middleware ?? [],
    doc: input.doc,
    handler: async (req, res) => {
      await input.handle(req, res, readParams(req.query, shape, options));
    },
  };
}

/** The methods a request path is served with, from the specs (HEAD goes with GET). */
export function allowedMethods(specs: readonly RouteSpec[]): (path: string) => string[] {
  const matchers = specs.map((spec) => ({
    method: spec.method.toUpperCase(),
    test: match(spec.path, { decode: false }),
  }));
  return (path) => {
    const methods = new Set<string>();
    for (const m of matchers) if (m.test(path)) methods.add(m.method);
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
