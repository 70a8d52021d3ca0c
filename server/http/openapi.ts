/**
 * The OpenAPI 3.1 document, derived from the route specs: the same zod shapes that validate each
 * request describe its parameters, and the response schemas the JSON builders are typed with
 * describe its answers. Nothing here is written twice.
 */
import { z } from "zod";
import { ERROR_IDS, ErrorBodySchema, type ErrorId } from "../errors.js";
import type { RouteSpec } from "./routes.js";

const JSON_SCHEMA = { target: "draft-2020-12", unrepresentable: "any" } as const;

function schemaOf(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { ...JSON_SCHEMA, io }) as Record<string, unknown>;
  delete out["$schema"];
  return out;
}

/** Express's `/api/articles/:n` → OpenAPI's `/api/articles/{n}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, "{$1}");
}

const STATUS_TEXT: Record<number, string> = {
  400: "A parameter is unknown, repeated or invalid; `field` names it.",
  401: "Sign in first (a session cookie, or an API token as `Authorization: Bearer`).",
  403: "Not allowed for this account, or the CSRF token is missing or wrong.",
  404: "Nothing exists at this address.",
  405: "The path exists but not with this method; the `Allow` header lists the methods.",
  409: "The request conflicts with the state of the corpus or the proposal (`conflict`), another accept is under way (`busy`: retry), or editing is not served here (`editing_unavailable`).",
  413: "The request body is too large.",
  415: "The request body has an unsupported type.",
  422: "The submitted form has problems; `fields` has a message per field.",
  429: "Too many failed attempts; retry after the `Retry-After` seconds.",
  503: "The search engine is unavailable or restarting; retry after the `Retry-After` seconds.",
};

/** Builds the document from every spec that carries API documentation. */
export function openApiDocument(specs: readonly RouteSpec[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const doc = spec.doc;
    if (!doc) continue;
    const multi = new Set(spec.multi);
    const parameters = [
      ...Object.entries(doc.params ?? {}).map(([name, schema]) => ({
        name,
        in: "path",
        required: true,
        schema: schemaOf(schema, "input"),
      })),
      ...Object.entries(spec.query).map(([name, schema]) => {
        const base = schemaOf(schema as z.ZodType, "input");
        const repeatable = multi.has(name);
        return {
          name,
          in: "query",
          required: false,
          ...(typeof base["description"] === "string" ? { description: base["description"] } : {}),
          schema: repeatable && base["type"] !== "array" ? { type: "array", items: base } : base,
          ...(repeatable
            ? {
                style: "form",
                explode: true,
                description: `${typeof base["description"] === "string" ? `${base["description"]} ` : ""}May be repeated${spec.commaLists ? " or given as a comma-separated list" : ""}: values of one parameter combine with OR, different parameters with AND.`,
              }
            : {}),
        };
      }),
    ];
    const errors = new Set<ErrorId>(["invalid_query", "search_unavailable", ...(doc.errors ?? [])]);
    const responses: Record<string, unknown> = {
      [String(doc.status ?? 200)]: {
        description: doc.status === 201 ? "Created" : "OK",
        content: {
          [doc.produces ?? "application/json"]: {
            schema: doc.produces ? { type: "string" } : schemaOf(doc.response, "output"),
          },
        },
      },
    };
    for (const id of errors) {
      const status = ERROR_IDS[id];
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? id,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const operation = {
      operationId: `${spec.method}${openApiPath(spec.path)
        .replace(/[{}]/g, "")
        .split(/[/.-]/)
        .filter(Boolean)
        .map((p) => (p[0] ?? "").toUpperCase() + p.slice(1))
        .join("")}`,
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [doc.tag],
      parameters,
      ...(doc.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: schemaOf(doc.body, "input") },
                "application/x-www-form-urlencoded": { schema: schemaOf(doc.body, "input") },
              },
            },
          }
        : {}),
      responses,
    };
    (paths[openApiPath(spec.path)] ??= {})[spec.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "EaP Cyber-MLA Knowledge Base API",
      version: "2.0.0",
      description:
        "The JSON twin of every page, derived from the schemas the server validates with. The data is an illustrative analysis compiled from public sources, not an official document; verify before reliance.",
    },
    paths,
    components: { schemas: { Error: schemaOf(ErrorBodySchema, "output") } },
  };
}
