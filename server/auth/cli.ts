/**
 * `npm run users -- …`: local accounts from the command line. Passwords come on standard input
 * (`--password-stdin`), never as arguments (which other users of the machine can see). Every
 * change is written atomically and recorded in the audit log; the running server sees it at once.
 *
 *   npm run users -- init EMAIL --password-stdin [--name "…"]   session secret + first admin
 *   npm run users -- add EMAIL --role ROLE [--group NAME]... [--name "…"] --password-stdin [--temporary]
 *   npm run users -- passwd EMAIL --password-stdin [--temporary]
 *
 * `--temporary`: a password chosen for someone else, which they replace with their own at their
 * first sign-in (as one an administrator sets in the browser).
 *   npm run users -- set-role EMAIL ROLE
 *   npm run users -- set-groups EMAIL [NAME...]
 *   npm run users -- disable EMAIL | enable EMAIL
 *   npm run users -- list
 */
import { Command, InvalidArgumentError } from "commander";
import { ConfigError, loadConfig } from "../../config/index.js";
import { ensureWritable } from "../../engine/index.js";
import { ROLES, type Role } from "../search/access.js";
import {
  accountStore,
  AccountError,
  EmailSchema,
  hashPassword,
  keepsAnAdmin,
  newAccount,
  type Account,
} from "./accounts.js";
import { auditLog, type AuditEvent } from "./audit.js";
import { sessionSecret } from "./secret.js";

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${ROLES.join(", ")}`);
  return value as Role;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    throw new AccountError(
      "Give the password on standard input, e.g.: printf '%s' \"$PASSWORD\" | npm run users -- …",
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function open() {
  const config = loadConfig();
  const dataDir = await ensureWritable(config.dataDir);
  return {
    config,
    dataDir,
    store: accountStore(dataDir),
    audit: auditLog(dataDir),
  };
}

function find(accounts: Account[], email: string): Account {
  const wanted = EmailSchema.parse(email);
  const account = accounts.find((a) => a.email === wanted);
  if (!account) throw new AccountError(`There is no account ${wanted}.`);
  return account;
}

const TEMPORARY = "the person replaces this password with their own at their first sign-in";

const out = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Adds `account`, unless its e-mail is taken or `refuse` says why not (both asked of the accounts
 * the write starts from), and records it in the audit log.
 */
async function addAccount(
  { store, audit }: Pick<Awaited<ReturnType<typeof open>>, "store" | "audit">,
  account: Account,
  detail: string,
  refuse: (accounts: Account[]) => string | null = () => null,
): Promise<void> {
  await store.update((accounts) => {
    const why = refuse(accounts);
    if (why) throw new AccountError(why);
    if (accounts.some((a) => a.email === account.email))
      throw new AccountError(`An account ${account.email} exists already.`);
    accounts.push(account);
  });
  await audit.append({ event: "account-added", actor: "cli", target: account.email, detail });
}

/** Changes one account (stamped with the time) and records the change in the audit log. */
async function changeAccount(
  email: string,
  change: (account: Account) => void,
  entry: Pick<AuditEvent, "event" | "detail">,
): Promise<Account> {
  const { store, audit } = await open();
  const account = await store.update((accounts) => {
    const a = find(accounts, email);
    const wasActiveAdmin = a.role === "admin" && !a.disabled;
    // Changed on a copy (stamped first: disabling ends the sessions started before the stamp),
    // kept only if the site still has an active administrator.
    const changed = { ...a, updatedAt: new Date().toISOString() };
    change(changed);
    if (wasActiveAdmin && !keepsAnAdmin(accounts, a.id, changed))
      throw new AccountError(
        `${a.email} is the only active administrator: make another account administrator first.`,
      );
    Object.assign(a, changed);
    return a;
  });
  await audit.append({ ...entry, actor: "cli", target: account.email });
  return account;
}

const program = new Command()
  .name("users")
  .description("Manage the knowledge base's local accounts");

program
  .command("init")
  .argument("<email>", "the first administrator's e-mail address")
  .requiredOption("--password-stdin", "read the password from standard input")
  .option("--name <name>", "display name")
  .description("create the session secret and the first administrator")
  .action(async (email: string, opts: { name?: string }) => {
    const { config, dataDir, store, audit } = await open();
    await sessionSecret(dataDir, config.sessionSecret);
    const password = await readPassword();
    const account = await newAccount({ email, name: opts.name, role: "admin", password });
    await addAccount({ store, audit }, account, "first administrator", (accounts) =>
      accounts.some((a) => a.role === "admin" && !a.disabled)
        ? "An administrator exists already: use `add` or `set-role`."
        : null,
    );
    out(`session secret ready in ${dataDir}; administrator ${account.email} added`);
  });

program
  .command("add")
  .argument("<email>")
  .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`, role)
  .option("--group <name>", "a working group (repeat for several)", collect, [])
  .option("--name <name>", "display name")
  .requiredOption("--password-stdin", "read the password from standard input")
  .option("--temporary", TEMPORARY)
  .description("add an account")
  .action(
    async (
      email: string,
      opts: { role: Role; group: string[]; name?: string; temporary?: boolean },
    ) => {
      const { store, audit } = await open();
      const password = await readPassword();
      const account = await newAccount({
        email,
        name: opts.name,
        role: opts.role,
        groups: opts.group,
        password,
      });
      account.mustChangePassword = opts.temporary === true;
      await addAccount(
        { store, audit },
        account,
        `role ${account.role}; groups ${account.groups.join(", ") || "none"}${opts.temporary ? "; temporary password" : ""}`,
      );
      out(
        `added ${account.email} (${account.role}${account.groups.length ? `; ${account.groups.join(", ")}` : ""})${opts.temporary ? "; to choose a password at the first sign-in" : ""}`,
      );
    },
  );

program
  .command("passwd")
  .argument("<email>")
  .requiredOption("--password-stdin", "read the new password from standard input")
  .option("--temporary", TEMPORARY)
  .description("set an account's password (and end its sessions)")
  .action(async (email: string, opts: { temporary?: boolean }) => {
    const { store, audit } = await open();
    const passwordHash = await hashPassword(await readPassword());
    const account = await store.update((accounts) => {
      const a = find(accounts, email);
      a.passwordHash = passwordHash;
      a.mustChangePassword = opts.temporary === true;
      // The running server ends every session started before this at its next request.
      a.updatedAt = a.sessionsNotBefore = new Date().toISOString();
      return a;
    });
    await audit.append({
      event: "password-changed",
      actor: "cli",
      target: account.email,
      ...(opts.temporary ? { detail: "temporary password" } : {}),
    });
    out(
      `password of ${account.email} changed; its sessions ended${opts.temporary ? "; to choose their own at the next sign-in" : ""}`,
    );
  });

program
  .command("set-role")
  .argument("<email>")
  .argument("<role>", `one of ${ROLES.join(", ")}`, role)
  .description("change an account's role")
  .action(async (email: string, newRole: Role) => {
    const account = await changeAccount(email, (a) => (a.role = newRole), {
      event: "account-changed",
      detail: `role ${newRole}`,
    });
    out(`${account.email} is now ${newRole}`);
  });

program
  .command("set-groups")
  .argument("<email>")
  .argument("[groups...]", "the working groups (none: no group)")
  .description("replace an account's working groups")
  .action(async (email: string, groups: string[]) => {
    const checked = (await newAccount({ email, role: "reader", groups, password: null })).groups;
    const account = await changeAccount(email, (a) => (a.groups = checked), {
      event: "account-changed",
      detail: `groups ${checked.join(", ") || "none"}`,
    });
    out(`${account.email}: groups ${checked.join(", ") || "none"}`);
  });

for (const [name, disabled] of [
  ["disable", true],
  ["enable", false],
] as const) {
  program
    .command(name)
    .argument("<email>")
    .description(disabled ? "disable an account (its sessions end)" : "enable an account")
    .action(async (email: string) => {
      const account = await changeAccount(
        email,
        (a) => {
          a.disabled = disabled;
          // Disabling ends the account's sessions.
          if (disabled) a.sessionsNotBefore = a.updatedAt;
        },
        { event: disabled ? "account-disabled" : "account-enabled" },
      );
      out(`${account.email} ${disabled ? "disabled" : "enabled"}`);
    });
}

program
  .command("list")
  .description("list the accounts")
  .action(async () => {
    const { store } = await open();
    const accounts = await store.list();
    if (accounts.length === 0) out("no accounts yet: npm run users -- init EMAIL --password-stdin");
    for (const a of accounts)
      out(
        `${a.email}\t${a.role}\t${a.groups.join(",") || "-"}\t${a.disabled ? "disabled" : "active"}\t${a.name}`,
      );
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof AccountError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error && error.name === "ZodError") {
    process.stderr.write(
      `${(error as unknown as { issues: { message: string }[] }).issues[0]?.message ?? "invalid value"}\n`,
    );
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
});
