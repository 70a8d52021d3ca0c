/**
 * `/account`: who you are signed in as, and your API tokens. A token is shown once, when it is
 * created; only its sha256 is kept. Tokens are managed from a signed-in session only (never with
 * a token), and every creation and revocation goes to the audit log — by name, never the token.
 */
import express, { type Request, type Response } from "express";
import { z } from "zod";
import { newToken } from "../../auth/accounts.js";
import { requestAuth, requireCsrf, requireRole } from "../../auth/index.js";
import type { AuthSetup } from "../../auth/setup.js";
import { AppError } from "../../errors.js";
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import type { RouteDeps } from "../deps.js";

const MAX_TOKENS = 10;

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

  const page = async (
    req: Request,
    res: Response,
    extra: { newToken?: { name: string; token: string }; error?: string; done?: string } = {},
  ) => {
    const { auth, account } = await own(res);
    res.setHeader("Cache-Control", "no-store");
    return deps.render(req, "account", {
      page: { title: tr(req).t("account.title"), nav: "account" },
      caller: auth.caller,
      local: account !== undefined,
      tokens: (account?.tokens ?? []).map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: t.createdAt.slice(0, 10),
      })),
      canCreate: (account?.tokens.length ?? 0) < MAX_TOKENS,
      maxTokens: MAX_TOKENS,
      newToken: extra.newToken ?? null,
      error: extra.error ?? null,
      done: extra.done ?? null,
      csrf: auth.csrf,
    });
  };

  return [
    route({
      path: "/account",
      query: { done: z.enum(["revoked"]).optional() },
      middleware: [requireRole("reader")],
      async handle(req, res, params) {
        res.send(await page(req, res, params.done ? { done: tr(req).t("account.revoked") } : {}));
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
