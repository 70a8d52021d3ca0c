/**
 * `/admin/accounts`: administrators manage the site's own accounts in the browser, as `npm run
 * users` does on the server — add an account, change its name, role and working groups, set a
 * new password (its sessions end), revoke its API tokens, disable and enable it. Each change takes effect at the
 * account's next request (accounts are read again each time) and goes to the audit log, by
 * e-mail, never with a password. The site always keeps an active administrator: the last one
 * cannot be given another role or disabled. Changes are made from a signed-in browser session
 * only, never with an API token; the JSON twins (`/api/admin/accounts…`) only read.
 */
import express, { type Request, type Response } from "express";
import { z } from "zod";
import {
  AccountError,
  EmailSchema,
  GroupSchema,
  hashPassword,
  keepsAnAdmin,
  MIN_PASSWORD_LENGTH,
  newPasswordProblem,
  newAccount,
  type Account,
} from "../../auth/accounts.js";
import { requestAuth, requireCsrf, requireRole } from "../../auth/index.js";
import type { AuditEvent } from "../../auth/audit.js";
import type { AuthSetup } from "../../auth/setup.js";
import { AppError } from "../../errors.js";
import { tr } from "../../i18n.js";
import { route, type RouteSpec } from "../../http/routes.js";
import { ROLES, type Role } from "../../search/access.js";
import type { RouteDeps } from "../deps.js";
import { sessionsSentence } from "../account/index.js";

const AccountJson = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  groups: z.array(z.string()),
  disabled: z.boolean(),
  hasPassword: z.boolean().describe("False for an account that signs in by single sign-on only."),
  tokens: z
    .number()
    .describe("How many API tokens the account holds (their values are never kept)."),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastSignIn: z
    .string()
    .nullable()
    .describe("The last sign-in the audit log records (password or single sign-on), or null."),
  openSessions: z.number().describe("How many sessions of the account are open now."),
  url: z.string(),
});

const AccountsJson = z.strictObject({
  accounts: z.array(AccountJson),
  corpusGroups: z
    .array(z.strictObject({ group: z.string(), documents: z.number() }))
    .nullable()
    .describe(
      "The working groups the corpus restricts material to, with how many documents each; null when the search engine could not be asked.",
    ),
});

/** What an administrator may see of an account: never a hash. */
function shown(
  a: Account,
  lastSignIn: ReadonlyMap<string, string>,
  openSessions: (a: Account) => readonly unknown[],
): z.infer<typeof AccountJson> {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    role: a.role,
    groups: a.groups,
    disabled: a.disabled,
    hasPassword: a.passwordHash !== null,
    tokens: a.tokens.length,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    lastSignIn: lastSignIn.get(a.email) ?? null,
    openSessions: openSessions(a).length,
    url: `/admin/accounts/${a.id}`,
  };
}

type Field = "email" | "name" | "role" | "groups" | "password" | "confirm";
type Errors = Partial<Record<Field, string>>;

/** The text a form sent for `key` ("" when absent or not text). */
const text = (body: unknown, key: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[key];
  return typeof value === "string" ? value : "";
};

/** Working groups typed as words separated by spaces or commas. */
function readGroups(typed: string): { groups: string[]; bad: string | null } {
  const words = typed
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const bad = words.find((w) => !GroupSchema.safeParse(w).success) ?? null;
  return { groups: [...new Set(words)].sort(), bad };
}

export function adminAccountRoutes(deps: RouteDeps, setup: AuthSetup | null): RouteSpec[] {
  const forms = express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 10 });

  /**
   * The working groups the corpus restricts material to, by the documents' `access` values
   * (administrators read everything), with counts; null when the engine does not answer. A
   * group typed on an account that no material names gives that person nothing: the pages say so.
   */
  const corpusGroups = async (): Promise<{ group: string; documents: number }[] | null> => {
    try {
      const [facets] = await deps.reader.multiSearch([
        { indexUid: "", q: "", limit: 0, facets: ["access"], filter: 'kind != "meta"' },
      ]);
      return Object.entries(facets?.facetDistribution?.["access"] ?? {})
        .filter(([value]) => value.startsWith("group:"))
        .map(([value, documents]) => ({ group: value.slice("group:".length), documents }))
        .sort((a, b) => a.group.localeCompare(b.group));
    } catch {
      return null;
    }
  };

  /** The open sessions of an account (those from before its sessions were ended are over). */
  const openSessions = (a: Account) =>
    setup
      ? setup.sessions.ofAccount(a.id, a.sessionsNotBefore ? Date.parse(a.sessionsNotBefore) : 0)
      : [];

  /** When each account last signed in, by e-mail. */
  const lastSignIns = async (): Promise<ReadonlyMap<string, string>> =>
    setup ? setup.audit.lastSignIns() : new Map<string, string>();

  /** An account's groups, each marked when no material of the corpus is restricted to it. */
  const groupsShown = (groups: readonly string[], inCorpus: readonly { group: string }[] | null) =>
    groups.map((group) => ({
      group,
      unused: inCorpus !== null && !inCorpus.some((g) => g.group === group),
    }));

  /** The set-up, for a caller signed in by session (changes are never made with a token). */
  const admin = (res: Response, changing: boolean) => {
    if (!setup) throw new AppError("not_found", "Accounts are not configured here.");
    const auth = requestAuth(res);
    if (changing && auth.bearer)
      throw new AppError(
        "forbidden",
        "Accounts are changed from a signed-in browser session, or with `npm run users` on the server.",
      );
    /** Records what this administrator did to `account` in the audit log. */
    const record = (
      req: Request,
      account: Account,
      event: AuditEvent["event"],
      detail?: string,
    ): Promise<void> =>
      setup.audit.append({
        event,
        actor: auth.caller?.email ?? "unknown",
        target: account.email,
        via: auth.caller?.via ?? "password",
        ip: req.ip ?? "",
        ...(detail ? { detail } : {}),
      });
    return { setup, auth, record };
  };

  const find = async (id: string): Promise<Account> => {
    const account = /^[0-9a-f-]{36}$/.test(id) ? await setup?.accounts.byId(id) : undefined;
    if (!account) throw new AppError("not_found", "There is no such account.");
    return account;
  };

  /** The groups field's hint, naming the groups of the corpus and those other accounts have. */
  const groupsHelp = (
    req: Request,
    accounts: readonly Account[],
    inCorpus: readonly { group: string }[] | null,
  ) => {
    const { t } = tr(req);
    const inUse = [...new Set(accounts.flatMap((a) => a.groups))].sort();
    return [
      t("adminAccounts.groupsHelp"),
      inCorpus && inCorpus.length > 0
        ? t("adminAccounts.groupsInCorpus", { groups: inCorpus.map((g) => g.group).join(", ") })
        : "",
      inUse.length > 0 ? t("adminAccounts.groupsInUse", { groups: inUse.join(", ") }) : "",
    ]
      .filter(Boolean)
      .join(" ");
  };

  const roleOptions = (req: Request, selected: string) => {
    const { t } = tr(req);
    return ROLES.map((r) => ({
      value: r,
      label: t(`account.roles.${r}`),
      selected: r === selected,
    }));
  };

  /** The list of accounts, with the form that adds one. */
  const listPage = async (
    req: Request,
    res: Response,
    extra: { values?: Record<string, string>; errors?: Errors } = {},
  ) => {
    const { setup: s, auth } = admin(res, false);
    const accounts = await s.accounts.list();
    const [inCorpus, signIns] = await Promise.all([corpusGroups(), lastSignIns()]);
    const values = extra.values ?? { role: "reader" };
    res.setHeader("Cache-Control", "private, no-store");
    return deps.render(req, "admin-accounts", {
      page: {
        title: tr(req).t("adminAccounts.title"),
        nav: "accounts",
        jsonUrl: "/api/admin/accounts",
      },
      accounts: [...accounts]
        .sort((a, b) => a.email.localeCompare(b.email))
        .map((a) => ({
          ...shown(a, signIns, openSessions),
          self: a.id === auth.caller?.id,
          groupsShown: groupsShown(a.groups, inCorpus),
        })),
      values,
      roles: roleOptions(req, values["role"] ?? "reader"),
      errors: extra.errors ?? null,
      minPassword: MIN_PASSWORD_LENGTH,
      groupsHelp: groupsHelp(req, accounts, inCorpus),
      csrf: auth.csrf,
    });
  };

  /** One account: its details, and the forms that change it. */
  const accountPage = async (
    req: Request,
    res: Response,
    account: Account,
    extra: {
      values?: Record<string, string>;
      errors?: Errors;
      passwordErrors?: Errors;
      done?: string;
      refused?: string;
    } = {},
  ) => {
    const { setup: s, auth } = admin(res, false);
    const [inCorpus, signIns] = await Promise.all([corpusGroups(), lastSignIns()]);
    const open = openSessions(account);
    const sessionsOpen = sessionsSentence(
      tr(req),
      open,
      "adminAccounts.sessionsNone",
      "adminAccounts.sessionsOpen",
    );
    const values = extra.values ?? {
      name: account.name,
      role: account.role,
      groups: account.groups.join(" "),
    };
    res.setHeader("Cache-Control", "private, no-store");
    return deps.render(req, "admin-account", {
      page: {
        title: account.email,
        nav: "accounts",
        jsonUrl: `/api/admin/accounts/${account.id}`,
      },
      account: shown(account, signIns, openSessions),
      auditUrl: `/admin/audit?who=${encodeURIComponent(account.email)}`,
      sessionsOpen,
      openSessions: open.length,
      tokens: account.tokens.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt })),
      self: account.id === auth.caller?.id,
      values,
      roles: roleOptions(req, values["role"] ?? account.role),
      errors: extra.errors ?? null,
      passwordErrors: extra.passwordErrors ?? null,
      done: extra.done ?? null,
      refused: extra.refused ?? null,
      minPassword: MIN_PASSWORD_LENGTH,
      groupsHelp: groupsHelp(req, await s.accounts.list(), inCorpus),
      groupsShown: groupsShown(account.groups, inCorpus),
      csrf: auth.csrf,
    });
  };

  /** Checks a new password typed twice; errors are keyed by field. */
  const checkNewPassword = (req: Request, password: string, confirm: string): Errors => {
    const wrong = newPasswordProblem(password, confirm);
    if (!wrong) return {};
    const message = tr(req).t(`account.${wrong.problem}`, { min: MIN_PASSWORD_LENGTH });
    return { [wrong.field]: message };
  };

  /** Name, role and groups as typed; errors keyed by field. */
  const readDetails = (req: Request) => {
    const { t } = tr(req);
    const body = req.body as unknown;
    const values = {
      name: text(body, "name").trim().slice(0, 101),
      role: text(body, "role"),
      groups: text(body, "groups").slice(0, 600),
    };
    const errors: Errors = {};
    if (values.name.length > 100) errors.name = t("adminAccounts.nameTooLong");
    if (!(ROLES as readonly string[]).includes(values.role))
      errors.role = t("adminAccounts.roleNeeded");
    const { groups, bad } = readGroups(values.groups);
    if (bad !== null) errors.groups = t("adminAccounts.badGroup", { group: bad });
    return { values, errors, role: values.role as Role, groups };
  };

  /**
   * A change to one account: a form an administrator posts from a signed-in session (its CSRF
   * token checked), handed the account the path names and what records the change.
   */
  const changeRoute = (
    path: string,
    handle: (
      req: Request,
      res: Response,
      change: ReturnType<typeof admin> & { account: Account },
    ) => Promise<void>,
  ): RouteSpec =>
    route({
      method: "post",
      path: `/admin/accounts/:id${path}`,
      middleware: [requireRole("admin"), forms, requireCsrf],
      async handle(req, res) {
        const context = admin(res, true);
        const account = await find(String(req.params["id"]));
        await handle(req, res, { ...context, account });
      },
    });

  const DONE = {
    added: "adminAccounts.added",
    changed: "adminAccounts.changed",
    password: "adminAccounts.passwordSet",
    disabled: "adminAccounts.disabledDone",
    enabled: "adminAccounts.enabledDone",
    revoked: "adminAccounts.revokedDone",
    sessions: "adminAccounts.sessionsDone",
  } as const;

  return [
    route({
      path: "/admin/accounts",
      middleware: [requireRole("admin")],
      async handle(req, res) {
        res.send(await listPage(req, res));
      },
    }),
    route({
      method: "post",
      path: "/admin/accounts",
      middleware: [requireRole("admin"), forms, requireCsrf],
      async handle(req, res) {
        const { setup: s, record } = admin(res, true);
        const { t } = tr(req);
        const { values, errors, role, groups } = readDetails(req);
        const email = EmailSchema.safeParse(text(req.body, "email"));
        const typedEmail = text(req.body, "email").trim().slice(0, 201);
        if (!email.success) errors.email = t("adminAccounts.emailNeeded");
        else if (await s.accounts.byEmail(email.data))
          errors.email = t("adminAccounts.emailTaken", { email: email.data });
        Object.assign(
          errors,
          checkNewPassword(req, text(req.body, "password"), text(req.body, "confirm")),
        );
        const kept = { ...values, email: typedEmail };
        if (Object.keys(errors).length > 0 || !email.success) {
          res.status(422).send(await listPage(req, res, { values: kept, errors }));
          return;
        }
        const account = await newAccount({
          email: email.data,
          name: values.name,
          role,
          groups,
          password: text(req.body, "password"),
        });
        // A password an administrator chose: the person picks their own at the first sign-in.
        account.mustChangePassword = true;
        try {
          await s.accounts.update((accounts) => {
            if (accounts.some((a) => a.email === account.email))
              throw new AccountError(t("adminAccounts.emailTaken", { email: account.email }));
            accounts.push(account);
          });
        } catch (error) {
          if (!(error instanceof AccountError)) throw error;
          res
            .status(422)
            .send(await listPage(req, res, { values: kept, errors: { email: error.message } }));
          return;
        }
        await record(
          req,
          account,
          "account-added",
          `role ${account.role}; groups ${account.groups.join(", ") || "none"}`,
        );
        res.redirect(303, `/admin/accounts/${account.id}?done=added`);
      },
    }),
    route({
      path: "/admin/accounts/:id",
      query: {
        done: z
          .enum(["added", "changed", "password", "disabled", "enabled", "revoked", "sessions"])
          .optional(),
      },
      middleware: [requireRole("admin")],
      async handle(req, res, params) {
        const account = await find(String(req.params["id"]));
        res.send(
          await accountPage(
            req,
            res,
            account,
            params.done ? { done: tr(req).t(DONE[params.done], { email: account.email }) } : {},
          ),
        );
      },
    }),
    changeRoute("", async (req, res, { setup: s, record, account }) => {
      const { t } = tr(req);
      const { values, errors, role, groups } = readDetails(req);
      if (
        !errors.role &&
        role !== account.role &&
        !keepsAnAdmin(await s.accounts.list(), account.id, { role })
      )
        errors.role = t("adminAccounts.lastAdmin");
      if (Object.keys(errors).length > 0) {
        res.status(422).send(await accountPage(req, res, account, { values, errors }));
        return;
      }
      const name = values.name || account.email.split("@")[0] || account.email;
      const changes = [
        name !== account.name ? `name ${name}` : "",
        role !== account.role ? `role ${role}` : "",
        groups.join(",") !== account.groups.join(",")
          ? `groups ${groups.join(", ") || "none"}`
          : "",
      ].filter(Boolean);
      if (changes.length > 0) {
        // Checked again on the accounts as written: two administrators demoting each other at
        // once must not leave the site without one.
        const applied = await s.accounts.update((accounts) => {
          const a = accounts.find((x) => x.id === account.id);
          if (!a || (role !== a.role && !keepsAnAdmin(accounts, a.id, { role }))) return false;
          Object.assign(a, { name, role, groups, updatedAt: new Date(s.now()).toISOString() });
          return true;
        });
        if (!applied) {
          res.status(422).send(
            await accountPage(req, res, account, {
              values,
              errors: { role: t("adminAccounts.lastAdmin") },
            }),
          );
          return;
        }
        await record(req, account, "account-changed", changes.join("; "));
      }
      res.redirect(303, `/admin/accounts/${account.id}?done=changed`);
    }),
    changeRoute("/password", async (req, res, { setup: s, record, account }) => {
      const password = text(req.body, "password");
      const passwordErrors = checkNewPassword(req, password, text(req.body, "confirm"));
      if (Object.keys(passwordErrors).length > 0) {
        res.status(422).send(await accountPage(req, res, account, { passwordErrors }));
        return;
      }
      const passwordHash = await hashPassword(password);
      await s.accounts.update((accounts) => {
        const a = accounts.find((x) => x.id === account.id);
        if (!a) return;
        a.passwordHash = passwordHash;
        a.mustChangePassword = true;
        // Every session of the account started before now ends at its next request.
        a.updatedAt = a.sessionsNotBefore = new Date(s.now()).toISOString();
      });
      await record(req, account, "password-changed", "set by an administrator");
      res.redirect(303, `/admin/accounts/${account.id}?done=password`);
    }),
    ...(["disable", "enable"] as const).map((action) =>
      changeRoute(`/${action}`, async (req, res, { setup: s, record, account }) => {
        const disabled = action === "disable";
        if (account.disabled !== disabled) {
          // Checked on the accounts as written (see above).
          const applied = await s.accounts.update((accounts) => {
            const a = accounts.find((x) => x.id === account.id);
            if (!a || (disabled && !keepsAnAdmin(accounts, a.id, { disabled }))) return false;
            a.disabled = disabled;
            a.updatedAt = new Date(s.now()).toISOString();
            // Disabling ends the account's sessions.
            if (disabled) a.sessionsNotBefore = a.updatedAt;
            return true;
          });
          if (!applied) {
            res.status(409).send(
              await accountPage(req, res, account, {
                refused: tr(req).t("adminAccounts.lastAdminDisable"),
              }),
            );
            return;
          }
          await record(req, account, disabled ? "account-disabled" : "account-enabled");
        }
        res.redirect(303, `/admin/accounts/${account.id}?done=${action}d`);
      }),
    ),
    changeRoute("/tokens/:token/revoke", async (req, res, { setup: s, record, account }) => {
      const id = String(req.params["token"] ?? "");
      const token = account.tokens.find((t) => t.id === id);
      if (!token) throw new AppError("not_found", "There is no such token on this account.");
      await s.accounts.update((accounts) => {
        const a = accounts.find((x) => x.id === account.id);
        if (a) a.tokens = a.tokens.filter((t) => t.id !== id);
      });
      await record(
        req,
        account,
        "token-revoked",
        `token ${id} ("${token.name}"), by an administrator`,
      );
      res.redirect(303, `/admin/accounts/${account.id}?done=revoked`);
    }),
    changeRoute("/sessions/end", async (req, res, { setup: s, record, auth, account }) => {
      if (account.id === auth.caller?.id)
        throw new AppError(
          "conflict",
          "Your own other sessions end at Your account (“Sign out everywhere else”).",
        );
      // Every session of the account ends (a lost laptop, a shared computer); the password,
      // the tokens and the account stay as they are.
      await s.accounts.update((accounts) => {
        const a = accounts.find((x) => x.id === account.id);
        if (a) a.updatedAt = a.sessionsNotBefore = new Date(s.now()).toISOString();
      });
      await s.sessions.destroyAccount(account.id);
      await record(req, account, "sign-out", "every session of the account, by an administrator");
      res.redirect(303, `/admin/accounts/${account.id}?done=sessions`);
    }),
    route({
      path: "/api/admin/accounts",
      middleware: [requireRole("admin")],
      doc: {
        tag: "accounts",
        summary: "The site's own accounts (administrators only); never a password or token",
        response: AccountsJson,
        errors: ["unauthorized", "forbidden"],
      },
      async handle(_req, res) {
        const { setup: s } = admin(res, false);
        const [accounts, signIns] = await Promise.all([s.accounts.list(), lastSignIns()]);
        res.setHeader("Cache-Control", "private, no-store");
        res.json({
          accounts: [...accounts]
            .sort((a, b) => a.email.localeCompare(b.email))
            .map((a) => shown(a, signIns, openSessions)),
          corpusGroups: await corpusGroups(),
        } satisfies z.infer<typeof AccountsJson>);
      },
    }),
    route({
      path: "/api/admin/accounts/:id",
      middleware: [requireRole("admin")],
      doc: {
        tag: "accounts",
        summary: "One of the site's own accounts (administrators only)",
        response: AccountJson,
        errors: ["unauthorized", "forbidden", "not_found"],
      },
      async handle(req, res) {
        const account = await find(String(req.params["id"]));
        res.setHeader("Cache-Control", "private, no-store");
        res.json(
          shown(account, await lastSignIns(), openSessions) satisfies z.infer<typeof AccountJson>,
        );
      },
    }),
  ];
}
