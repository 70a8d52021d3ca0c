/**
 * Who is asking, for every request: the session cookie is resolved to a caller (a local account,
 * read again each time so that a role change or a disabled account takes effect at once, or a
 * single sign-on identity), the request runs as that caller (see search/access.ts), and every
 * state-changing request must carry a CSRF token bound to the session (or, before sign-in, to a
 * cookie of its own). Responses to a signed-in caller are never stored by shared caches.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { AppError } from "../errors.js";
import { runAs, type Caller } from "../search/access.js";
import { accountByToken, type AccountStore } from "./accounts.js";
import type { AuditLog } from "./audit.js";
import type { SessionStore } from "./sessions.js";

export const SESSION_COOKIE = "kb_session";
export const CSRF_COOKIE = "kb_csrf";

export interface AuthDeps {
  accounts: AccountStore;
  sessions: SessionStore;
  audit: AuditLog;
  /** Signs CSRF tokens and single sign-on state: SESSION_SECRET or DATA_DIR/session-secret. */
  secret: string;
}

/** What a request knows about its caller, in `res.locals.auth`. */
export interface RequestAuth {
  caller: Caller | null;
  /** The raw session id (never logged, never rendered): for sign-out and CSRF. */
  sessionId: string | null;
  /** The CSRF token forms of this request must carry. */
  csrf: string;
  /**
   * Authenticated by an API token (`Authorization: Bearer`): no cookie is involved, so a
   * cross-site page cannot make such a request, and it needs no CSRF token.
   */
  bearer?: boolean;
  /** When the caller signed in before this session (ISO), or null for a first sign-in. */
  previousSignInAt?: string | null;
  /** The caller's password was set by an administrator and is to be replaced. */
  mustChangePassword?: boolean;
}

/** Reads the cookies of a request (no dependency: the header is simple). */
export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      // A cookie we did not set: ignored.
    }
  }
  return out;
}

/** Sets a cookie with the house defaults: HttpOnly, SameSite=Lax, Secure over TLS. */
export function setCookie(
  req: Request,
  res: Response,
  name: string,
  value: string,
  maxAgeSeconds?: number,
): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (req.secure) parts.push("Secure");
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  res.append("Set-Cookie", parts.join("; "));
}

/** Clears a cookie. */
export function clearCookie(req: Request, res: Response, name: string): void {
  setCookie(req, res, name, "", 0);
}

/**
 * Gives the browser a new session for `caller`, ending the one it had: at every sign-in (a
 * session id planted before it is worth nothing) and when a password changes.
 */
export async function renewSession(
  req: Request,
  res: Response,
  store: { sessions: SessionStore; maxAgeSeconds: number },
  caller: Caller,
  accountId: string | null,
  /** At sign-in, the sign-in before it; otherwise the session being replaced keeps its own. */
  previousSignInAt?: string | null,
): Promise<void> {
  const old = cookies(req)[SESSION_COOKIE];
  const before = old && previousSignInAt === undefined ? await store.sessions.get(old) : null;
  if (old) await store.sessions.destroy(old);
  const id = await store.sessions.create(
    caller,
    accountId,
    previousSignInAt ?? before?.previousSignInAt ?? null,
  );
  setCookie(req, res, SESSION_COOKIE, id, store.maxAgeSeconds);
}

/** The token a form of this session (or of this anonymous visitor) must carry. */
export function csrfToken(secret: string, binding: string): string {
  return createHmac("sha256", secret).update(`csrf\n${binding}`).digest("base64url");
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The middleware that resolves the caller and runs the request as them. */
export function authenticate(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const header = req.get("authorization");
      if (header !== undefined) {
        await bearer(deps, header, res, next);
        return;
      }
      const jar = cookies(req);
      let caller: Caller | null = null;
      let sessionId: string | null = null;
      let previousSignInAt: string | null = null;
      let mustChangePassword = false;
      const id = jar[SESSION_COOKIE];
      if (id) {
        const session = await deps.sessions.get(id);
        previousSignInAt = session?.previousSignInAt ?? null;
        if (session) {
          if (session.accountId) {
            const account = await deps.accounts.byId(session.accountId);
            const revoked =
              account?.sessionsNotBefore != null &&
              session.createdAt < Date.parse(account.sessionsNotBefore);
            if (account && !account.disabled && !revoked) {
              caller = {
                id: account.id,
                email: account.email,
                name: account.name,
                role: account.role,
                groups: account.groups,
                via: "password",
              };
              sessionId = id;
              mustChangePassword = account.mustChangePassword;
            } else {
              await deps.sessions.destroy(id);
            }
          } else {
            caller = session.caller;
            sessionId = id;
          }
        }
        if (!sessionId) clearCookie(req, res, SESSION_COOKIE);
      }
      // Before sign-in, forms are bound to a cookie of their own, set only when a form needs a
      // token: pages without one set no cookie, and stay cacheable.
      let token: string | null = null;
      const auth = {
        caller,
        sessionId,
        previousSignInAt: sessionId ? previousSignInAt : null,
        mustChangePassword,
        get csrf() {
          if (token !== null) return token;
          let binding: string;
          if (sessionId) {
            binding = `session:${createHash("sha256").update(sessionId).digest("base64url")}`;
          } else {
            let anon = jar[CSRF_COOKIE];
            if (!anon || !/^[A-Za-z0-9_-]{22,64}$/.test(anon)) {
              anon = randomBytes(18).toString("base64url");
              jar[CSRF_COOKIE] = anon;
              if (!res.headersSent) setCookie(req, res, CSRF_COOKIE, anon);
            }
            binding = `anon:${anon}`;
          }
          token = csrfToken(deps.secret, binding);
          return token;
        },
      } satisfies RequestAuth;
      res.locals["auth"] = auth;
      if (caller) {
        // A signed-in caller may see restricted content: no shared cache may keep any of it.
        res.setHeader("Cache-Control", "private, no-store");
        res.setHeader("Vary", "Cookie");
      }
      runAs(caller, () => next());
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A request with `Authorization: Bearer <token>` runs as the token's account (read again each
 * time: a disabled account or a revoked token fails at once), or fails with 401. Cookies are not
 * read: the token alone says who is asking.
 */
async function bearer(
  deps: AuthDeps,
  header: string,
  res: Response,
  next: (error?: unknown) => void,
): Promise<void> {
  const token = /^Bearer\s+(kbt_[A-Za-z0-9_-]{43})\s*$/.exec(header)?.[1];
  const account = token ? await accountByToken(deps.accounts, token) : undefined;
  res.setHeader("Cache-Control", "private, no-store");
  if (!account || account.disabled) {
    res.setHeader("WWW-Authenticate", 'Bearer realm="eap-kb"');
    next(
      new AppError(
        "unauthorized",
        "The API token is not valid: it was revoked or mistyped, or its account is disabled.",
      ),
    );
    return;
  }
  const caller: Caller = {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    groups: account.groups,
    via: "token",
  };
  res.locals["auth"] = { caller, sessionId: null, csrf: "", bearer: true } satisfies RequestAuth;
  runAs(caller, () => next());
}

/** The caller of a request (after `authenticate`). */
export function requestAuth(res: Response): RequestAuth {
  return (
    (res.locals["auth"] as RequestAuth | undefined) ?? { caller: null, sessionId: null, csrf: "" }
  );
}

/** Refuses a state-changing request whose CSRF token (form field `_csrf` or header) is wrong. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const auth = requestAuth(res);
  if (auth.bearer) {
    next();
    return;
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const sent =
    (typeof body["_csrf"] === "string" ? body["_csrf"] : undefined) ??
    req.get("x-csrf-token") ??
    "";
  if (!auth.csrf || !sent || !same(sent, auth.csrf)) {
    next(
      new AppError(
        "csrf_failed",
        "This form has expired or did not come from this site. Reload the page and try again.",
      ),
    );
    return;
  }
  next();
};

/** Refuses a request from a caller below `role` (401 when anonymous, 403 otherwise). */
/** The roles that may, in words: "editors and administrators". */
function whoMay(roles: readonly string[]): string {
  const names = roles.map((r) => (r === "admin" ? "administrators" : `${r}s`));
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names.join("");
}

export function requireRole(role: Caller["role"]): RequestHandler {
  return (_req, res, next) => {
    const { caller } = requestAuth(res);
    const order = ["reader", "member", "contributor", "editor", "admin"];
    if (!caller) {
      next(
        new AppError("unauthorized", "Sign in to see this page.", {
          links: [{ href: "/login", label: "Sign in" }],
        }),
      );
      return;
    }
    if (order.indexOf(caller.role) < order.indexOf(role)) {
      next(
        new AppError("forbidden", `This page is for ${whoMay(order.slice(order.indexOf(role)))}.`),
      );
      return;
    }
    next();
  };
}
