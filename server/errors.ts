/**
 * The flat list of HTTP errors the server can answer with: a status, a stable id and a message
 * that is safe to show. Anything else becomes `internal` with a generic message.
 */
import { z } from "zod";

export const ERROR_IDS = {
  invalid_query: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  busy: 409,
  editing_unavailable: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  too_many_requests: 429,
  search_unavailable: 503,
  index_missing: 503,
  internal: 500,
} as const;
export type ErrorId = keyof typeof ERROR_IDS;

/** The JSON body of every error answer, as the API documents it. */
export const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    id: z.enum(Object.keys(ERROR_IDS) as [ErrorId, ...ErrorId[]]),
    message: z.string().describe("A message safe to show to a person."),
    field: z.string().optional().describe("The parameter that was refused, when there is one."),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .describe("For validation_failed: a message per field of the submitted form."),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Root of every error the server answers with on purpose. */
export class AppError extends Error {
  override name = "AppError";
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly details: {
      field?: string;
      value?: string;
      /** A message per form field (validation_failed). */
      fields?: Record<string, string>;
      /** Methods the path serves (method_not_allowed). */
      allow?: string[];
      /** Seconds before trying again (too_many_requests). */
      retryAfter?: number;
      links?: { href: string; label: string }[];
    } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = ERROR_IDS[id];
  }
}

/** A request parameter failed validation. */
export class InvalidQueryError extends AppError {
  override name = "InvalidQueryError";
  constructor(message: string, details: AppError["details"] = {}) {
    super("invalid_query", message, details);
  }
}

/** The page or record does not exist. */
export class NotFoundError extends AppError {
  override name = "NotFoundError";
  constructor(message: string, links: { href: string; label: string }[] = []) {
    super("not_found", message, { links });
  }
}

/** The search engine cannot be reached, or the index is missing. */
export class SearchUnavailableError extends AppError {
  override name = "SearchUnavailableError";
  constructor(
    message = "The search engine is not reachable right now. Please try again in a few seconds.",
    options?: { cause?: unknown },
  ) {
    super("search_unavailable", message, {}, options);
  }
}

/** One 400 naming the first invalid field, from a zod error. */
export function fromZod(error: z.ZodError): InvalidQueryError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  // zod says "Invalid input: expected string, received undefined" of a value not given at all.
  const missing = issue?.code === "invalid_type" && /received undefined$/.test(issue.message);
  const message = !issue
    ? "invalid request"
    : missing && field
      ? `\`${field}\` is required`
      : `${field ? `\`${field}\`: ` : ""}${issue.message}`;
  return new InvalidQueryError(message, field ? { field } : {});
}
