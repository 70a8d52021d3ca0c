/**
 * createApp builds the Express application from its dependencies: no listen, no environment
 * reads, so tests build it directly. One middleware per concern.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { AppError, NotFoundError } from "./errors.js";
import { openApiDocument } from "./http/openapi.js";
import { LANGUAGE_NAMES, LANGUAGES, languageMiddleware, tr } from "./i18n.js";
import { allowedMethods, route, type RouteSpec } from "./http/routes.js";
import { articleRoutes } from "./routes/articles/index.js";
import { compareRoutes } from "./routes/compare/index.js";
import { authenticate, requestAuth } from "./auth/index.js";
import type { AccountStore } from "./auth/accounts.js";
import type { SessionStore } from "./auth/sessions.js";
import type { AuthSetup } from "./auth/setup.js";
import { accountRoutes } from "./routes/account/index.js";
import { adminAccountRoutes } from "./routes/admin-accounts/index.js";
import { authRoutes } from "./routes/auth/index.js";
import { proposalRoutes } from "./routes/proposals/index.js";
import { corpusRoutes } from "./routes/corpus/index.js";
import { historyRoutes } from "./routes/history/index.js";
import { siteRoutes } from "./routes/site/index.js";
import { countryRoutes } from "./routes/countries/index.js";
import type { RouteDeps } from "./routes/deps.js";
import { guidanceNoteRoutes } from "./routes/guidance-notes/index.js";
import { healthRoutes } from "./routes/health/index.js";
import { homeRoutes } from "./routes/home/index.js";
import { projectRoutes } from "./routes/project/index.js";
import { recommendationRoutes } from "./routes/recommendations/index.js";
import { requestRoutes } from "./routes/requests/index.js";
import { searchRoutes } from "./routes/search/index.js";
import type { CorpusStatus } from "../indexer/index.js";
import type { Editing } from "./editing/service.js";
import type { HistoryService } from "./history/service.js";
import type { CatalogSource } from "./search/catalog.js";
import { atLeast, scopedReader } from "./search/access.js";
import type { KbReader } from "./search/reader.js";
import type { Views } from "./views.js";

export interface AppDeps {
  reader: KbReader;
  catalog: CatalogSource;
  /** The live publisher, on the instance that watches the corpus; null on read-only ones. */
  corpus?: { status(): CorpusStatus } | null;
  /** The corpus's git history (history pages, point in time, changes, feeds). */
  history?: HistoryService | null;
  /** Accounts, sessions, audit log, sign-on; absent: anonymous readers only. */
  auth?: AuthSetup | null;
  /** Proposals and review (the instance with the corpus work tree); absent: read-only. */
  editing?: Editing;
  /** Express's "trust proxy" (TRUST_PROXY): set behind a TLS proxy. */
  trustProxy?: boolean | number | string;
  views: Views;
  log: Logger;
  /** Shown in printed pages; defaults to the request's own URL. */
  publicUrl?: string | undefined;
  now?: () => Date;
  /** Show error details on the 500 page (development only). */
  exposeErrors?: boolean;
  /** Cells of a comparison read from the engine at a time (see compare/model.ts; tests). */
  compareBatchCells?: number;
}

export const STATIC_DIR = fileURLToPath(new URL("../views/static/", import.meta.url));

/** Builds the application. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const now = deps.now ?? (() => new Date());
  app.disable("x-powered-by");
  // No ETag: hashing every dynamic page costs more CPU than revalidation would save.
  app.set("etag", false);
  app.set("query parser", "simple");
  app.set("trust proxy", deps.trustProxy ?? false);

  app.use(requestLog(deps.log));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'"],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'none'"],
          "object-src": ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: false,
    }),
  );
  app.use("/static", express.static(STATIC_DIR, { maxAge: "1h", index: false, fallthrough: true }));
  app.get("/favicon.ico", (_req, res) => {
    res.redirect(301, "/static/favicon.svg");
  });
  // Who is asking: every request below runs as its caller (see search/access.ts).
  const auth = deps.auth ?? null;
  app.use(
    authenticate(
      auth ?? {
        accounts: emptyAccounts,
        sessions: noSessions,
        audit: {
          append: async () => undefined,
          read: async () => ({ events: [], total: 0 }),
          lastSignIns: async () => new Map<string, string>(),
        },
        secret: randomUUID() + randomUUID(),
      },
    ),
  );

  const editing: Editing = deps.editing ?? {
    enabled: false,
    reason: "this instance does not hold the corpus's work tree",
  };

  // Which language every page speaks: ?lang=, the cookie, Accept-Language, English.
  app.use(languageMiddleware());

  const siteUrl: RouteDeps["siteUrl"] = (req) =>
    deps.publicUrl?.replace(/\/+$/, "") ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;
  const render: RouteDeps["render"] = (req, page, model) => {
    const catalog = deps.catalog.peek();
    const url = `${siteUrl(req)}${req.originalUrl}`;
    const today = now().toISOString().slice(0, 10);
    const pageModel = (model["page"] ?? {}) as Record<string, unknown>;
    const who = req.res ? requestAuth(req.res) : null;
    const { lang } = tr(req);
    const withLang = (code: string | null) => {
      const address = new URL(req.originalUrl, "http://x");
      if (code) address.searchParams.set("lang", code);
      else address.searchParams.delete("lang");
      return `${address.pathname}${address.search}`;
    };
    return deps.views.render(
      page,
      {
        ...model,
        page: { ...pageModel, url },
        i18n: {
          lang,
          // Corpus text is English: pages that show it say so in the reader's language.
          englishContent: lang !== "en",
          languages: LANGUAGES.map((code) => ({
            code,
            name: LANGUAGE_NAMES[code],
            url: withLang(code),
            absoluteUrl: `${siteUrl(req)}${withLang(code)}`,
            current: code === lang,
          })),
          defaultUrl: `${siteUrl(req)}${withLang(null)}`,
        },
        auth: {
          enabled: auth !== null,
          signedIn: who?.caller != null,
          name: who?.caller?.name ?? null,
          role: who?.caller?.role ?? null,
          isAdmin: who?.caller?.role === "admin",
          // Proposals are made and reviewed on the instance that holds the corpus work tree.
          canPropose: editing.enabled && atLeast(who?.caller?.role, "contributor"),
          canReview: editing.enabled && atLeast(who?.caller?.role, "editor"),
          mustChangePassword: who?.mustChangePassword === true,
          // For the home page's "what changed since you last signed in".
          previousSignIn: who?.caller ? (who.previousSignInAt ?? null) : null,
          changesSinceSignIn:
            who?.caller && who.previousSignInAt
              ? `/changes?from=${who.previousSignInAt.slice(0, 10)}`
              : null,
          // The corpus status (problems with their text, the push remote) is for editors.
          canSeeStatus: atLeast(who?.caller?.role, "editor"),
          // Only the sign-out form in the header needs it; anonymous pages set no cookie.
          csrf: who?.caller ? who.csrf : "",
          loginUrl: `/login?next=${encodeURIComponent(req.originalUrl.startsWith("/login") ? "/" : req.originalUrl)}`,
        },
        site: {
          builtAt: catalog?.builtAt ?? null,
          builtDate: catalog?.builtAt?.slice(0, 10) ?? null,
          today,
        },
      },
      "main",
      lang,
    );
  };
  const routeDeps: RouteDeps = {
    reader: scopedReader(deps.reader),
    catalog: deps.catalog,
    log: deps.log,
    render,
    siteUrl,
    now,
    corpus: deps.corpus ?? null,
    history: deps.history ?? null,
    editing,
    ...(deps.compareBatchCells ? { compareBatchCells: deps.compareBatchCells } : {}),
  };

  const specs = appRoutes(routeDeps, auth);
  for (const spec of specs) app[spec.method](spec.path, ...spec.middleware, spec.handler);

  // A known path with a method it does not serve: 405 with the methods it does.
  const methodsFor = allowedMethods(specs);
  app.use((req, _res, next) => {
    const allow = methodsFor(req.path);
    if (allow.length === 0 || allow.includes(req.method)) {
      next();
      return;
    }
    next(
      new AppError(
        "method_not_allowed",
        `${req.path} does not accept ${req.method.slice(0, 10)}; it accepts ${allow.join(", ")}.`,
        { allow },
      ),
    );
  });

  app.use((req, _res, next) => {
    next(
      new NotFoundError(`There is no page at ${req.path}.`, [
        { href: "/", label: "Home" },
        { href: "/articles", label: "Convention articles" },
        { href: "/countries", label: "Countries" },
      ]),
    );
  });
  app.use(errorHandler(deps, render));
  return app;
}

/** With no accounts configured: nobody signs in. */
const emptyAccounts: AccountStore = {
  list: async () => [],
  byEmail: async () => undefined,
  byId: async () => undefined,
  update: async () => {
    throw new Error("accounts are not configured");
  },
};
const noSessions: SessionStore = {
  create: async () => {
    throw new Error("sessions are not configured");
  },
  get: async () => null,
  destroy: async () => undefined,
  destroyAccount: async () => undefined,
  others: () => [],
  ofAccount: () => [],
  destroyOthers: async () => 0,
};

/** Every route of the site, in the order they are matched; the API description is derived from them. */
export function appRoutes(deps: RouteDeps, auth: AuthSetup | null = null): RouteSpec[] {
  const specs = [
    ...authRoutes(deps, auth),
    ...accountRoutes(deps, auth),
    ...adminAccountRoutes(deps, auth),
    ...proposalRoutes(deps),
    ...healthRoutes(deps),
    ...homeRoutes(deps),
    ...searchRoutes(deps),
    ...articleRoutes(deps),
    ...guidanceNoteRoutes(deps),
    ...countryRoutes(deps),
    ...compareRoutes(deps),
    ...recommendationRoutes(deps),
    ...projectRoutes(deps),
    ...requestRoutes(deps),
    ...corpusRoutes(deps),
    ...historyRoutes(deps),
    ...siteRoutes(deps),
  ];
  let document: ReturnType<typeof openApiDocument> | null = null;
  specs.push(
    route({
      path: "/api/openapi.json",
      handle(_req, res) {
        document ??= openApiDocument(specs);
        res.json(document);
      },
    }),
  );
  return specs;
}

function wantsJson(req: Request): boolean {
  return (
    req.path.startsWith("/api/") ||
    req.path.endsWith(".json") ||
    req.accepts(["html", "json"]) === "json"
  );
}

/** Logs method, path (never the query string or body: they may hold request content), status, time. */
function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const id = randomUUID();
    res.setHeader("X-Request-Id", id);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? "error" : "info";
      log[level](
        {
          id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        "request",
      );
    });
    next();
  };
}

/** Errors to pages or JSON: known errors with their message, anything else as a generic 500. */
function errorHandler(deps: AppDeps, render: RouteDeps["render"]): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      // An answer written as it is read (the comparison's JSON) failed part-way: it can only be
      // cut short, so that the client sees it incomplete rather than complete-looking. What was
      // written is sent first (destroying the socket at once could drop it), never the end.
      deps.log.error({ err: safeError(error), path: req.path }, "error after the answer began");
      if (res.socket) res.socket.destroySoon();
      else res.destroy();
      return;
    }
    let appError: AppError;
    if (error instanceof AppError) {
      appError = error;
    } else if (
      error instanceof URIError ||
      (isHttpError(error) && error.status === 400 && !isBodyError(error))
    ) {
      // The router could not decode the address (malformed percent-encoding).
      appError = new AppError(
        "invalid_query",
        "The address is not valid: it contains malformed percent-encoding.",
      );
    } else if (isBodyError(error)) {
      appError =
        error.type === "entity.too.large"
          ? new AppError("payload_too_large", "The request is too large.")
          : error.type === "entity.parse.failed"
            ? new AppError("invalid_query", "The request body could not be read.")
            : new AppError(
                "unsupported_media_type",
                "The request body has an unsupported type or encoding.",
              );
    } else {
      deps.log.error({ err: safeError(error), path: req.path }, "unhandled error");
      appError = new AppError(
        "internal",
        "Something went wrong on our side. The error has been logged.",
      );
    }
    res.status(appError.status);
    if (appError.status === 503) res.setHeader("Retry-After", "5");
    if (appError.details.retryAfter)
      res.setHeader("Retry-After", String(appError.details.retryAfter));
    if (appError.details.allow) res.setHeader("Allow", appError.details.allow.join(", "));
    if (appError.status >= 500) res.setHeader("Cache-Control", "no-store");
    if (wantsJson(req)) {
      res.json({
        error: {
          id: appError.id,
          message: appError.message,
          ...(appError.details.field ? { field: appError.details.field } : {}),
          ...(appError.details.fields ? { fields: appError.details.fields } : {}),
        },
      });
      return;
    }
    // The page speaks the reader's language; the precise message stays as written (English).
    const { t, lang } = tr(req);
    const heading = ERROR_STATUSES.has(appError.status)
      ? t(`errors.title.${appError.status}`)
      : t("errors.title.other");
    res.send(
      render(req, "error", {
        page: { title: heading },
        status: appError.status,
        heading,
        explanation: lang === "en" ? null : t(`errors.explain.${appError.id}`),
        message: appError.message,
        links: (appError.details.links ?? [{ href: "/", label: "Home" }]).map((link) => {
          const key = LINK_KEYS[link.href];
          return { href: link.href, label: key ? t(key) : link.label };
        }),
        retry: appError.status === 503,
        detail: deps.exposeErrors && !(error instanceof AppError) ? safeError(error).stack : null,
      }),
    );
  };
}

const ERROR_STATUSES = new Set([400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 503]);
/** The error pages' usual way-out links, in the reader's language. */
const LINK_KEYS: Record<string, string> = {
  "/": "nav.home",
  "/articles": "nav.conventionArticles",
  "/countries": "nav.countries",
  "/project": "nav.projectWorkplan",
  "/recommendations": "nav.allRecommendations",
  "/proposals": "proposals.breadcrumb",
};

function isHttpError(error: unknown): error is { status: number } {
  return (
    typeof error === "object" &&
    error !== null &&
    "status" in error &&
    typeof (error as { status: unknown }).status === "number"
  );
}

function isBodyError(error: unknown): error is { type: string; status: number } {
  return (
    typeof error === "object" &&
    error !== null &&
    "type" in error &&
    typeof (error as { type: unknown }).type === "string" &&
    "status" in error
  );
}

/** Name, message and stack only: never request content or keys. */
function safeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error)
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  return { name: "Error", message: String(error) };
}
