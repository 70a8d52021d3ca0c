/** The OpenAPI 3.1 description of the JSON API. Every HTML page has its twin here. */
import {
  ASSESSMENT_STATUSES,
  FOLLOWUP_STATUSES,
  SEARCHABLE_KINDS,
} from "../../indexer/index.js";

const repeatable = (name: string, description: string, items: Record<string, unknown>) => ({
  name,
  in: "query",
  required: false,
  description: `${description} Repeat the parameter for several values: values of one parameter combine with OR, different parameters with AND.`,
  schema: { type: "array", items },
  style: "form",
  explode: true,
});

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const jsonObject = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object" } } },
});

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "EaP Cyber-MLA Knowledge Base API",
    version: "1.0.0",
    description:
      "Read-only JSON twin of every page. The data is an illustrative analysis compiled from public sources, not an official document; verify before reliance.",
  },
  paths: {
    "/api/search": {
      get: {
        summary: "Faceted full-text search",
        description:
          "Article references in `q` (`art. 29`, `Article 29(2)`, `art29`, `Articles 29-31`, `BC 29`, `ст. 29`, `стаття 29`) and country names or codes become filters, reported in `applied` with `fromQuery: true`; the rest of `q` is searched as text. Facet counts are disjunctive: a facet with a selection keeps the counts of its other values.",
        parameters: [
          {
            name: "q",
            in: "query",
            schema: { type: "string", maxLength: 500 },
            description: "Query text.",
          },
          repeatable("country", "ISO 3166-1 alpha-2 code of a country in the corpus.", {
            type: "string",
            pattern: "^[A-Z]{2}$",
          }),
          repeatable("article", "Budapest Convention article number.", {
            type: "integer",
            minimum: 1,
            maximum: 48,
          }),
          repeatable("kind", "Document type.", { type: "string", enum: SEARCHABLE_KINDS }),
          repeatable("status", "Assessment status of a country analysis.", {
            type: "string",
            enum: ASSESSMENT_STATUSES,
          }),
          repeatable("followup", "Status of a follow-up entry.", {
            type: "string",
            enum: FOLLOWUP_STATUSES,
          }),
          repeatable("chapter", "Convention chapter (Roman numeral).", {
            type: "string",
            pattern: "^[IVX]+$",
          }),
          repeatable("source", "Publisher of a cited source, as listed in the `source` facet.", {
            type: "string",
          }),
          repeatable("year", "Year of the statement or event.", { type: "integer" }),
          {
            name: "sort",
            in: "query",
            schema: {
              type: "string",
              enum: ["relevance", "newest", "oldest", "reading"],
              default: "relevance",
            },
          },
          {
            name: "page",
            in: "query",
            schema: { type: "integer", minimum: 1, default: 1 },
            description: "A page past the end returns no hits and the real `pages`.",
          },
          {
            name: "literal",
            in: "query",
            schema: { type: "string", enum: ["0", "1"] },
            description: "1: search the query as typed, without recognising references.",
          },
        ],
        responses: {
          "200": {
            description: "Results",
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/SearchResult" } },
            },
          },
          "400": errorResponse(
            "A parameter is unknown, repeated or invalid; `error.field` names it.",
          ),
          "503": errorResponse(
            "The search engine is not reachable or the index is not published; retry after the `Retry-After` seconds.",
          ),
        },
      },
    },
    "/api/articles": {
      get: {
        summary: "All Convention articles by chapter",
        responses: { "200": jsonObject("Articles") },
      },
    },
    "/api/articles/{n}": {
      get: {
        summary:
          "One article: summary, elements, declarations and reservations, and every country's analysis",
        parameters: [
          {
            name: "n",
            in: "path",
            required: true,
            schema: { type: "integer", minimum: 1, maximum: 48 },
          },
        ],
        responses: { "200": jsonObject("The article"), "404": errorResponse("No such article") },
      },
    },
    "/api/countries": {
      get: {
        summary: "Countries with treaty status and assessment summary",
        responses: { "200": jsonObject("Countries") },
      },
    },
    "/api/countries/{code}": {
      get: {
        summary: "One country: profile, authorities, laws and analysis article by article",
        parameters: [
          {
            name: "code",
            in: "path",
            required: true,
            schema: { type: "string", pattern: "^[A-Z]{2}$" },
          },
        ],
        responses: { "200": jsonObject("The country"), "404": errorResponse("No such country") },
      },
    },
    "/api/instruments/{id}": {
      get: {
        summary: "A secondary instrument (the Second Additional Protocol, id p2) and its articles",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": jsonObject("The instrument"),
          "404": errorResponse("No such instrument"),
        },
      },
    },
    "/api/pages/{id}": {
      get: {
        summary: "A page of prose (e.g. about)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": jsonObject("The page"), "404": errorResponse("No such page") },
      },
    },
    "/api/compare": {
      get: {
        summary: "Articles × countries matrix (also /compare.csv with the same parameters)",
        parameters: [
          {
            name: "countries",
            in: "query",
            schema: { type: "string" },
            description: "Comma-separated country codes (or repeated); default: every country.",
          },
          {
            name: "articles",
            in: "query",
            schema: { type: "string" },
            description: "Article numbers and ranges, e.g. 29-35,16; default: Chapter III (23-35).",
          },
          {
            name: "chapter",
            in: "query",
            schema: { type: "string" },
            description: "Add a chapter's articles, e.g. III.",
          },
          {
            name: "section",
            in: "query",
            schema: { type: "string" },
            description: "Add a section's articles, e.g. III.2.",
          },
          {
            name: "diff",
            in: "query",
            schema: { type: "string", enum: ["0", "1"] },
            description: "1: only rows where countries differ.",
          },
        ],
        responses: {
          "200": jsonObject("The matrix"),
          "400": errorResponse(
            "An unknown country, an article outside 1-48, a malformed range or too many items",
          ),
        },
      },
    },
    "/api/recommendations": {
      get: {
        summary:
          "Recommendations × countries: current follow-up status (also /recommendations.csv)",
        parameters: [
          { name: "source", in: "query", schema: { type: "string" } },
          { name: "country", in: "query", schema: { type: "string" } },
          {
            name: "status",
            in: "query",
            schema: { type: "string", enum: ["no-information", ...FOLLOWUP_STATUSES] },
          },
          { name: "article", in: "query", schema: { type: "integer", minimum: 1, maximum: 48 } },
          { name: "overdue", in: "query", schema: { type: "string", enum: ["0", "1"] } },
          {
            name: "since",
            in: "query",
            schema: { type: "string", format: "date" },
            description: "Mark entries dated after this day.",
          },
          {
            name: "meeting",
            in: "query",
            schema: { type: "string" },
            description: "Use the last day of a working-group meeting as `since`.",
          },
        ],
        responses: {
          "200": jsonObject("The tracker, with chart data"),
          "400": errorResponse("A bad filter or date"),
        },
      },
    },
    "/api/recommendations/changes": {
      get: {
        summary:
          "Every follow-up entry dated after `since` (default: the last meeting), by country",
        parameters: [
          { name: "since", in: "query", schema: { type: "string", format: "date" } },
          { name: "meeting", in: "query", schema: { type: "string" } },
        ],
        responses: { "200": jsonObject("Changes by country"), "400": errorResponse("A bad date") },
      },
    },
    "/api/recommendations/{id}": {
      get: {
        summary:
          "One recommendation and each country's dated history (also /recommendations/{id}.csv)",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": jsonObject("The recommendation"),
          "404": errorResponse("No such recommendation"),
        },
      },
    },
    "/api/requests/new": {
      get: {
        summary: "The fields of a request draft, pre-filled for the requested country",
        parameters: [
          {
            name: "type",
            in: "query",
            required: true,
            schema: { type: "string", enum: ["preservation", "stored-data"] },
          },
          {
            name: "to",
            in: "query",
            required: true,
            schema: { type: "string", pattern: "^[A-Z]{2}$" },
          },
        ],
        responses: {
          "200": jsonObject("Fields, defaults and warnings"),
          "400": errorResponse("Unknown type or country"),
        },
      },
    },
    "/api/requests/draft": {
      post: {
        summary: "Build a draft from the fields (JSON or form body); nothing is stored or logged",
        requestBody: {
          content: {
            "application/json": { schema: { type: "object" } },
            "application/x-www-form-urlencoded": { schema: { type: "object" } },
          },
        },
        responses: {
          "200": jsonObject("The draft, its missing elements, warnings and Markdown"),
          "400": errorResponse("Unknown type or country"),
          "413": errorResponse("Body over 64 kB"),
          "415": errorResponse("Not JSON or a form"),
          "422": errorResponse("Per-field messages in error.fields"),
        },
      },
    },
    "/api": {
      get: {
        summary: "Home page data: countries, articles by chapter, latest follow-up",
        responses: { "200": jsonObject("Home") },
      },
    },
    "/healthz": { get: { summary: "The process is up", responses: { "200": jsonObject("ok") } } },
    "/readyz": {
      get: {
        summary: "The engine answers and the index is published",
        responses: { "200": jsonObject("ready"), "503": jsonObject("not ready, with a reason") },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["id", "message"],
            properties: {
              id: {
                type: "string",
                enum: [
                  "invalid_query",
                  "not_found",
                  "payload_too_large",
                  "unsupported_media_type",
                  "validation_failed",
                  "search_unavailable",
                  "index_missing",
                  "internal",
                ],
              },
              message: { type: "string" },
              field: { type: "string" },
            },
          },
        },
      },
      SearchHit: {
        type: "object",
        required: ["id", "kind", "title", "country", "articles", "url", "snippet"],
        properties: {
          id: { type: "string" },
          kind: { type: "string", enum: SEARCHABLE_KINDS },
          title: { type: "string" },
          country: { type: ["string", "null"], description: "ISO 3166-1 alpha-2 code, or null" },
          articles: { type: "array", items: { type: "integer" } },
          url: { type: "string", description: "Permalink of the page section" },
          snippet: {
            type: "string",
            description: "HTML fragment: escaped text with matches wrapped in <mark>",
          },
          status: { type: ["string", "null"], enum: [...ASSESSMENT_STATUSES, null] },
          followup: { type: ["string", "null"], enum: [...FOLLOWUP_STATUSES, null] },
          date: {
            type: ["string", "null"],
            description: "As-of date of an analysis, or date of a follow-up event",
          },
          provisions: { type: "array", items: { type: "string" } },
        },
      },
      SearchResult: {
        type: "object",
        required: ["query", "total", "page", "hits", "facets", "applied"],
        properties: {
          query: { type: "string" },
          total: { type: "integer" },
          page: { type: "integer" },
          pages: { type: "integer" },
          hitsPerPage: { type: "integer" },
          hits: { type: "array", items: { $ref: "#/components/schemas/SearchHit" } },
          facets: {
            type: "object",
            description: "facet name → value → count",
            additionalProperties: { type: "object", additionalProperties: { type: "integer" } },
          },
          applied: {
            type: "array",
            items: {
              type: "object",
              required: ["facet", "value", "fromQuery"],
              properties: {
                facet: { type: "string" },
                value: { type: "string" },
                fromQuery: { type: "boolean" },
                label: { type: "string" },
                paragraph: {
                  type: "string",
                  description: "Paragraph path given in the query, e.g. 2.a",
                },
              },
            },
          },
          text: { type: "string", description: "The part of q searched as text" },
          notices: { type: "array", items: { type: "string" } },
          suggestions: { type: "array", items: { type: "object" } },
        },
      },
    },
  },
} as const;
