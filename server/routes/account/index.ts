/**
 * `/account`: who you are signed in as, your password, your other sessions and your API tokens.
 * A token is shown once, when it is created; only its sha256 is kept. Tokens, sessions and the
 * password are managed from a signed-in session only (never with a token), and every change goes
 * to the audit log — by name, never a token or a password. A new password, like "sign out
 * everywhere else", ends the account's other sessions; the one that asked goes on under a new
 * session id.
 */
import express, { type Request, type Response } from "express";
import { z } from "zod";
import {
  checkPassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  newPasswordProblem,
  newToken,
  type Account,
} from "../../auth/accounts.js";
import { renewSession, requestAuth, requireCsrf, requireRole } from "../../auth/index.js";
import type { AuthSetup } from "../../auth/setup.js";
import type { Caller } from "../../search/access.js";
import { AppError } from "../../errors.js";
import { tr, type Translator } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import type { RouteDeps } from "../deps.js";

const MAX_TOKENS = 10;

/**
 * How many sessions are open and when the last was active, in the reader's language: `none` when
 * there are none, else `open` with `count`, `n` and `date` (the account page's other sessions, an
 * administrator's view of an account's).
 */
export function sessionsSentence(
  { t, number, date }: Translator,
  sessions: readonly { lastSeenAt: number }[],
  none: string,
  open: string,
): string {
  if (sessions.length === 0) return t(none);
  const last = Math.max(...sessions.map((s) => s.lastSeenAt));
  return t(open, {
    count: sessions.length,
    n: number(sessions.length),
    date: date(new Date(last).toISOString()),
  });
}

export function accountRoutes(deps: RouteDeps, setup: AuthSetup | null): RouteSpec[] {
  const forms = express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 10 });

  /** The signed-in local account (a session, not a token), or an error that says why not. */
  const own = async (res: Response) => {
    const auth = requestAuth(res);
    if (!setup) throw new AppError("not_found", "Accounts are not configured here.");
    if (auth.bearer)
      throw new AppError("forbidden", "API tokens are managed from a signed-in browser session.");
    const account = auth.caller ? await setup.accounts.byId(auth.caller.id) : undefined;
    return { auth, account };
  };

  /**
   * Ends every session of the account but this one, which goes on under a new id: each session
   * started before now ends at its next request. `change` alters the account at the same time.
   */
  const endOtherSessions = async (
    req: Request,
    res: Response,
    caller: Caller,
    accountId: string,
    change: (account: Account) => void = () => {},
  ) => {
    if (!setup) return;
    await setup.accounts.update((accounts) => {
      const a = accounts.find((x) => x.id === accountId);
      if (!a) return;
      change(a);
      a.updatedAt = a.sessionsNotBefore = new Date(setup.now()).toISOString();
    });
    await renewSession(req, res, setup, caller, accountId);
  };

  const page = async (
    req: Request,
    res: Response,
    extra: {
      newToken?: { name: string; token: string };
      error?: string;
      done?: string;
      /** What is wrong with a password change, by field. */
      passwordErrors?: Partial<Record<"current" | "next" | "confirm", string>>;
    } = {},
  ) => {
    const { auth, account } = await own(res);
    res.setHeader("Cache-Control", "no-store");
    // The person's other open sessions (an account's from before "sign out everywhere" are over).
    const notBefore = account?.sessionsNotBefore ? Date.parse(account.sessionsNotBefore) : 0;
    const others = setup && auth.sessionId ? setup.sessions.others(auth.sessionId, notBefore) : [];
    const translator = tr(req);
    const { t } = translator;
    return deps.render(req, "account", {
      page: { title: t("account.title"), nav: "account" },
      caller: auth.caller,
      local: account !== undefined,
      signedInBySession: auth.sessionId !== null,
      otherSessions: sessionsSentence(
        translator,
        others,
        "account.othersNone",
        "account.othersOpen",
      ),
      tokens: (account?.tokens ?? []).map((token) => ({
        id: token.id,
        name: token.name,
        createdAt: token.createdAt.slice(0, 10),
      })),
      canCreate: (account?.tokens.length ?? 0) < MAX_TOKENS,
      maxTokens: MAX_TOKENS,
      newToken: extra.newToken ?? null,
      error: extra.error ?? null,
      hasPassword: (account?.passwordHash ?? null) !== null,
      minPassword: MIN_PASSWORD_LENGTH,
      passwordErrors: extra.passwordErrors ?? null,
      done: extra.done ?? null,
      csrf: auth.csrf,
    });
  };

  return [
    route({
      path: "/account",
      query: { done: z.enum(["revoked", "password", "sessions"]).optional() },
      middleware: [requireRole("reader")],
      async handle(req, res, params) {
        const done = {
          revoked: "account.revoked",
          password: "account.passwordChanged",
          sessions: "account.sessionsEnded",
        } as const;
        res.send(await page(req, res, params.done ? { done: tr(req).t(done[params.done]) } : {}));
      },
    }),
    route({
      method: "post",
      path: "/account/password",
      middleware: [requireRole("reader"), forms, requireCsrf],
      async handle(req, res) {
        const { auth, account } = await own(res);
        if (!setup || !account || !auth.caller || account.passwordHash === null)
          throw new AppError(
            "forbidden",
            "Only an account of this site with a password can change it here.",
          );
        const { t } = tr(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const text = (k: string) => (typeof body[k] === "string" ? body[k] : "");
        const [current, next, confirm] = [text("current"), text("next"), text("confirm")];
        // A wrong current password counts as a failed sign-in: a borrowed session cannot be
        // used to guess the password at leisure.
        const keys = [`email:${account.email}`, `ip:${req.ip ?? ""}`];
        if (setup.limiter.wait(keys) > 0) {
          res
            .status(429)
            .send(await page(req, res, { passwordErrors: { current: t("account.passwordWait") } }));
          return;
        }
        const errors: Partial<Record<"current" | "next" | "confirm", string>> = {};
        if (!(await checkPassword(account.passwordHash, current))) {
          setup.limiter.failed(keys);
          await setup.audit.append({
            event: "sign-in-failed",
            actor: account.email,
            ip: req.ip ?? "",
            detail: "wrong current password when changing it",
          });
          errors.current = t("account.wrongPassword");
        }
        // Whether the new one is the current one is only said when the current one is right.
        const wrong = newPasswordProblem(next, confirm, errors.current ? undefined : current);
        if (wrong)
          errors[wrong.field === "password" ? "next" : "confirm"] = t(`account.${wrong.problem}`, {
            min: MIN_PASSWORD_LENGTH,
          });
        if (Object.keys(errors).length > 0) {
          res.status(422).send(await page(req, res, { passwordErrors: errors }));
          return;
        }
        setup.limiter.succeeded(keys);
        const passwordHash = await hashPassword(next);
        await endOtherSessions(req, res, auth.caller, account.id, (a) => {
          a.passwordHash = passwordHash;
          a.mustChangePassword = false;
        });
        await setup.audit.append({
          event: "password-changed",
          actor: account.email,
          target: account.email,
          via: "password",
          ip: req.ip ?? "",
        });
        res.redirect(303, "/account?done=password");
      },
    }),
    route({
      method: "post",
      path: "/account/sessions/end-others",
      middleware: [requireRole("reader"), forms, requireCsrf],
      async handle(req, res) {
        const { auth, account } = await own(res);
        if (!setup || !auth.caller || !auth.sessionId)
          throw new AppError("forbidden", "Sign in to end your other sessions.");
        if (account) {
          await endOtherSessions(req, res, auth.caller, account.id);
        } else {
          // A single sign-on identity has no account to stamp: its sessions are ended in the
          // store, and this one goes on under a new id.
          await setup.sessions.destroyOthers(auth.sessionId);
          await renewSession(req, res, setup, auth.caller, null);
        }
        const who = auth.caller.email || auth.caller.id;
        await setup.audit.append({
          event: "sign-out",
          actor: who,
          target: who,
          via: auth.caller.via,
          ip: req.ip ?? "",
          detail: "every other session of the account",
        });
        res.redirect(303, "/account?done=sessions");
      },
    }),
    route({
      method: "post",
      path: "/account/tokens",
      middleware: [requireRole("reader"), forms, requireCsrf],
      async handle(req, res) {
        const { auth, account } = await own(res);
        if (!setup || !account || !auth.caller)
          throw new AppError(
            "forbidden",
            "API tokens are for accounts of this site, not single sign-on.",
          );
        const body = (req.body ?? {}) as Record<string, unknown>;
        const name = typeof body["name"] === "string" ? body["name"].trim().slice(0, 61) : "";
        if (name.length < 1 || name.length > 60) {
          res.status(422).send(
            await page(req, res, {
              error: tr(req).t("account.nameNeeded"),
            }),
          );
          return;
        }
        if (account.tokens.length >= MAX_TOKENS) {
          res.status(422).send(
            await page(req, res, {
              error: tr(req).t("account.atMost", { count: MAX_TOKENS }),
            }),
          );
          return;
        }
        const made = newToken(name);
        await setup.accounts.update((accounts) => {
          const a = accounts.find((x) => x.id === account.id);
          if (a) a.tokens.push(made.record);
        });
        await setup.audit.append({
          event: "token-created",
          actor: auth.caller.email,
          target: auth.caller.email,
          detail: `token "${name}" (${made.record.id})`,
        });
        res.status(201).send(await page(req, res, { newToken: { name, token: made.token } }));
      },
    }),
    route({
      method: "post",
      path: "/account/tokens/:token/revoke",
      middleware: [requireRole("reader"), forms, requireCsrf],
      async handle(req, res) {
        const { auth, account } = await own(res);
        const id = String(req.params["token"] ?? "");
        if (!setup || !account || !auth.caller || !account.tokens.some((t) => t.id === id))
          throw new AppError("not_found", "There is no such token on your account.");
        await setup.accounts.update((accounts) => {
          const a = accounts.find((x) => x.id === account.id);
          if (a) a.tokens = a.tokens.filter((t) => t.id !== id);
        });
        await setup.audit.append({
          event: "token-revoked",
          actor: auth.caller.email,
          target: auth.caller.email,
          detail: `token ${id}`,
        });
        res.redirect(303, "/account?done=revoked");
      },
    }),
  ];
}
