/**
 * Signing in and out: `/login` (e-mail and password, or the organisation's single sign-on),
 * `POST /logout`, `GET /api/session`, and the audit log for admins at `/admin/audit`. A failed
 * sign-in says the same thing, in the same time, whether or not the account exists; repeated
 * failures slow further attempts down.
 */
import express, { type Request, type Response } from "express";
import { z } from "zod";
import { AppError } from "../../errors.js";
import { checkPassword } from "../../auth/accounts.js";
import { AUDIT_EVENTS, AUDIT_VIAS, type AuditEvent } from "../../auth/audit.js";
import {
  clearCookie,
  cookies,
  renewSession,
  requestAuth,
  requireCsrf,
  requireRole,
  SESSION_COOKIE,
  setCookie,
} from "../../auth/index.js";
import { sign, unsign } from "../../auth/oidc.js";
import type { AuthSetup } from "../../auth/setup.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { PageSchema } from "../../http/params.js";
import type { Caller } from "../../search/access.js";
import { tr } from "../../i18n.js";
import type { RouteDeps } from "../deps.js";

const OIDC_COOKIE = "kb_oidc";
const FAILED = "The e-mail address or the password is not right.";

/** A local path to go back to after sign-in (never another site). */
function safeNext(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500
    ? value
    : "/";
}

const SessionJson = z.strictObject({
  signedIn: z.boolean(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.string().describe("reader when not signed in."),
  groups: z.array(z.string()),
  csrfToken: z.string().describe("Send it as X-CSRF-Token with state-changing JSON requests."),
});

const AuditJson = z.strictObject({
  events: z.array(
    z.strictObject({
      at: z.string().describe("ISO 8601, UTC."),
      event: z.string().describe("sign-in, sign-in-failed, account-added, proposal-accepted, …"),
      actor: z.string().describe("An e-mail, `cli` for the command line, or `anonymous`."),
      target: z.string().nullable(),
      via: z.string().nullable().describe("password, oidc or token."),
      ip: z.string().nullable(),
      detail: z.string().nullable(),
    }),
  ),
  total: z.number(),
  page: z.number(),
  prev: z.string().nullable(),
  next: z.string().nullable(),
});

/** How many audit events a page (and its JSON) holds. */
const AUDIT_PER_PAGE = 100;

/** The audit log's filters: one person (who acted or whom it concerned), one kind of event. */
const AuditFilterShape = {
  page: PageSchema,
  who: z
    .string()
    .trim()
    .toLowerCase()
    .max(200)
    .optional()
    .describe("Only events this person (an e-mail, `cli`, `anonymous`) did or that concern them."),
  event: z.enum(AUDIT_EVENTS).optional().describe("Only events of this kind."),
};
type AuditFilter = { who?: string | undefined; event?: string | undefined };

/** The query string of an audit page with `filter` (empty values left out). */
function auditQuery(page: number, filter: AuditFilter): string {
  const q = new URLSearchParams();
  if (filter.who) q.set("who", filter.who);
  if (filter.event) q.set("event", filter.event);
  if (page > 1) q.set("page", String(page));
  const text = q.toString();
  return text ? `?${text}` : "";
}

export function authRoutes(deps: RouteDeps, setup: AuthSetup | null): RouteSpec[] {
  const forms = express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 20 });

  const startSession = async (
    req: Request,
    res: Response,
    caller: Caller,
    accountId: string | null,
  ) => {
    if (!setup) throw new AppError("not_found", "Sign-in is not configured here.");
    // The sign-in before this one, for the home page's "what changed since you last signed in".
    const actor = caller.email || caller.id;
    const previous = (await setup.audit.lastSignIns()).get(actor) ?? null;
    await renewSession(req, res, setup, caller, accountId, previous);
    await setup.audit.append({
      event: "sign-in",
      actor: caller.email || caller.id,
      via: caller.via,
      ip: req.ip ?? "",
    });
  };

  const loginPage = (
    req: Request,
    res: Response,
    extra: { error?: string; email?: string; next?: string },
  ) =>
    deps.render(req, "login", {
      page: { title: tr(req).t("auth.signIn"), nav: "login" },
      configured: setup !== null,
      oidc: setup?.oidc
        ? {
            label: setup.oidc.label,
            url: `/login/oidc?next=${encodeURIComponent(extra.next ?? "/")}`,
          }
        : null,
      error: extra.error ?? null,
      email: extra.email ?? "",
      next: extra.next ?? "/",
      csrf: requestAuth(res).csrf,
      caller: requestAuth(res).caller,
    });

  return [
    route({
      path: "/login",
      query: { next: z.string().max(500).optional() },
      handle(req, res, params) {
        res.setHeader("Cache-Control", "no-store");
        res.send(loginPage(req, res, { next: safeNext(params.next) }));
      },
    }),
    route({
      method: "post",
      path: "/login",
      middleware: [forms, requireCsrf],
      async handle(req, res) {
        res.setHeader("Cache-Control", "no-store");
        if (!setup) throw new AppError("not_found", "Sign-in is not configured here.");
        const body = (req.body ?? {}) as Record<string, unknown>;
        const email =
          typeof body["email"] === "string" ? body["email"].trim().toLowerCase().slice(0, 200) : "";
        const password = typeof body["password"] === "string" ? body["password"] : "";
        const next = safeNext(body["next"]);
        const keys = [`email:${email}`, `ip:${req.ip ?? ""}`];
        const wait = setup.limiter.wait(keys);
        if (wait > 0) {
          await setup.audit.append({
            event: "sign-in-refused",
            actor: email || "anonymous",
            ip: req.ip ?? "",
            detail: "too many failed attempts",
          });
          res.status(429).setHeader("Retry-After", String(wait));
          res.send(
            loginPage(req, res, {
              error: `Too many failed sign-ins. Try again in ${wait} second${wait === 1 ? "" : "s"}.`,
              email,
              next,
            }),
          );
          return;
        }
        const account = email ? await setup.accounts.byEmail(email) : undefined;
        // The password is checked even when there is no such account, so both take as long.
        const ok = await checkPassword(account?.passwordHash ?? null, password);
        if (!ok || !account || account.disabled) {
          setup.limiter.failed(keys);
          await setup.audit.append({
            event: "sign-in-failed",
            actor: email || "anonymous",
            ip: req.ip ?? "",
            detail: !account
              ? "no such account"
              : account.disabled
                ? "account disabled"
                : "wrong password",
          });
          res.status(401).send(loginPage(req, res, { error: FAILED, email, next }));
          return;
        }
        setup.limiter.succeeded(keys);
        await startSession(
          req,
          res,
          {
            id: account.id,
            email: account.email,
            name: account.name,
            role: account.role,
            groups: account.groups,
            via: "password",
          },
          account.id,
        );
        // A password an administrator set: to the form that replaces it first.
        res.redirect(303, account.mustChangePassword ? "/account#password-title" : next);
      },
    }),
    route({
      method: "post",
      path: "/logout",
      middleware: [forms, requireCsrf],
      async handle(req, res) {
        const { caller, sessionId } = requestAuth(res);
        if (setup && sessionId) await setup.sessions.destroy(sessionId);
        clearCookie(req, res, SESSION_COOKIE);
        if (setup && caller)
          await setup.audit.append({
            event: "sign-out",
            actor: caller.email || caller.id,
            ip: req.ip ?? "",
          });
        res.redirect(303, "/");
      },
    }),
    route({
      path: "/login/oidc",
      query: { next: z.string().max(500).optional() },
      async handle(req, res, params) {
        if (!setup?.oidc) throw new AppError("not_found", "Single sign-on is not configured here.");
        const { url, state } = await setup.oidc.begin();
        setCookie(
          req,
          res,
          OIDC_COOKIE,
          sign(setup.secret, JSON.stringify({ state, next: safeNext(params.next) })),
          600,
        );
        res.redirect(303, url);
      },
    }),
    route({
      path: "/login/oidc/callback",
      query: {
        code: z.string().max(4000).optional(),
        state: z.string().max(500).optional(),
        iss: z.string().max(500).optional(),
        error: z.string().max(200).optional(),
        error_description: z.string().max(1000).optional(),
        session_state: z.string().max(500).optional(),
      },
      async handle(req, res, params) {
        if (!setup?.oidc) throw new AppError("not_found", "Single sign-on is not configured here.");
        const saved = unsign(setup.secret, cookies(req)[OIDC_COOKIE] ?? "");
        clearCookie(req, res, OIDC_COOKIE);
        if (params.error || !saved) {
          await setup.audit.append({
            event: "sign-in-failed",
            actor: "anonymous",
            via: "oidc",
            ip: req.ip ?? "",
            detail: params.error ?? "no sign-in under way",
          });
          res.status(401).send(
            loginPage(req, res, {
              error: "The sign-in with your organisation's account did not complete. Try again.",
            }),
          );
          return;
        }
        const flow = JSON.parse(saved) as { state: string; next: string };
        try {
          const query = new URL(req.originalUrl, "http://callback.invalid").searchParams;
          const caller = await setup.oidc.finish(query, flow.state);
          await startSession(req, res, caller, null);
          res.redirect(303, safeNext(flow.next));
        } catch (error) {
          await setup.audit.append({
            event: "sign-in-failed",
            actor: "anonymous",
            via: "oidc",
            ip: req.ip ?? "",
            detail: error instanceof Error ? error.message.slice(0, 200) : "failed",
          });
          res.status(401).send(
            loginPage(req, res, {
              error: "The sign-in with your organisation's account did not complete. Try again.",
            }),
          );
        }
      },
    }),
    route({
      path: "/api/session",
      doc: {
        tag: "accounts",
        summary: "Who is signed in, and the CSRF token for state-changing requests",
        response: SessionJson,
      },
      handle(_req, res) {
        res.setHeader("Cache-Control", "private, no-store");
        const { caller, csrf } = requestAuth(res);
        res.json({
          signedIn: caller !== null,
          name: caller?.name ?? null,
          email: caller?.email ?? null,
          role: caller?.role ?? "reader",
          groups: caller?.groups ?? [],
          csrfToken: csrf,
        } satisfies z.infer<typeof SessionJson>);
      },
    }),
    route({
      path: "/admin/audit",
      query: AuditFilterShape,
      middleware: [requireRole("admin")],
      async handle(req, res, params) {
        const { t } = tr(req);
        const page = params.page ?? 1;
        const filter = { who: params.who || undefined, event: params.event };
        const { events, total, newer, older } = await readAudit(res, page, filter);
        // An account's events lead to its page (by e-mail: the log names accounts so).
        const accountIds = new Map((await setup?.accounts.list())?.map((a) => [a.email, a.id]));
        const accountEvent = (e: (typeof events)[number]) =>
          e.event.startsWith("account-") ||
          e.event === "password-changed" ||
          e.event.startsWith("token-");
        res.send(
          deps.render(req, "audit", {
            page: {
              title: tr(req).t("auth.auditLog"),
              nav: "admin",
              jsonUrl: `/api/admin/audit${auditQuery(page, filter)}`,
            },
            // Seconds are enough to read; the file keeps milliseconds.
            events: events.map((e) => ({
              ...e,
              at: e.at.replace("T", " ").slice(0, 19),
              // In the reader's words; a name the log holds but this version does not know, as it is.
              event: (AUDIT_EVENTS as readonly string[]).includes(e.event)
                ? t(`audit.eventName.${e.event}`)
                : e.event,
              via:
                e.via && (AUDIT_VIAS as readonly string[]).includes(e.via)
                  ? t(`audit.via.${e.via}`)
                  : e.via,
              // A proposal's events lead to it.
              targetUrl:
                e.event.startsWith("proposal-") && e.target
                  ? `/proposals/${encodeURIComponent(e.target)}`
                  : accountEvent(e) && e.target && accountIds.has(e.target)
                    ? `/admin/accounts/${accountIds.get(e.target)}`
                    : null,
            })),
            total,
            paged: newer || older,
            pageNumber: page,
            prev: newer ? `/admin/audit${auditQuery(page - 1, filter)}` : null,
            next: older ? `/admin/audit${auditQuery(page + 1, filter)}` : null,
            filter: { who: filter.who ?? "", event: filter.event ?? "" },
            filtered: Boolean(filter.who || filter.event),
            eventOptions: AUDIT_EVENTS.map((e) => ({
              value: e,
              label: t(`audit.eventName.${e}`),
              selected: e === filter.event,
            })),
          }),
        );
      },
    }),
    route({
      path: "/api/admin/audit",
      query: AuditFilterShape,
      middleware: [requireRole("admin")],
      doc: {
        tag: "accounts",
        summary: "The audit log, newest first, 100 events a page (administrators only)",
        response: AuditJson,
        errors: ["unauthorized", "forbidden"],
      },
      async handle(_req, res, params) {
        const page = params.page ?? 1;
        const filter = { who: params.who || undefined, event: params.event };
        const { events, total, newer, older } = await readAudit(res, page, filter);
        res.setHeader("Cache-Control", "private, no-store");
        res.json({
          events: events.map((e) => ({
            at: e.at,
            event: e.event,
            actor: e.actor,
            target: e.target ?? null,
            via: e.via ?? null,
            ip: e.ip ?? null,
            detail: e.detail ?? null,
          })),
          total,
          page,
          prev: newer ? `/api/admin/audit${auditQuery(page - 1, filter)}` : null,
          next: older ? `/api/admin/audit${auditQuery(page + 1, filter)}` : null,
        } satisfies z.infer<typeof AuditJson>);
      },
    }),
  ];

  /**
   * A page of the audit log (only the events `filter` keeps), and whether newer and older pages
   * exist; reading is recorded, with the filter.
   */
  async function readAudit(res: Response, page: number, filter: AuditFilter = {}) {
    if (!setup) throw new AppError("not_found", "Accounts are not configured here.");
    const { caller } = requestAuth(res);
    const offset = (page - 1) * AUDIT_PER_PAGE;
    let events: AuditEvent[];
    let total: number;
    if (filter.who || filter.event) {
      const all = (await setup.audit.read(Number.MAX_SAFE_INTEGER)).events.filter(
        (e) =>
          (!filter.event || e.event === filter.event) &&
          (!filter.who ||
            e.actor.toLowerCase() === filter.who ||
            e.target?.toLowerCase() === filter.who),
      );
      events = all.slice(offset, offset + AUDIT_PER_PAGE);
      total = all.length;
    } else ({ events, total } = await setup.audit.read(AUDIT_PER_PAGE, offset));
    await setup.audit.append({
      event: "audit-read",
      actor: caller?.email ?? "",
      ...(filter.who || filter.event
        ? {
            detail: [filter.who && `who ${filter.who}`, filter.event && `event ${filter.event}`]
              .filter(Boolean)
              .join("; "),
          }
        : {}),
    });
    return { events, total, newer: page > 1, older: page * AUDIT_PER_PAGE < total };
  }
}
