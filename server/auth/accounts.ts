/**
 * Local accounts, kept in one JSON file under DATA_DIR (mode 0600, written atomically: a new file
 * renamed over the old). Passwords are hashed with argon2id. The server re-reads the file when
 * it changes, so `npm run users` takes effect without a restart.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { chmod, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import { ROLES, type Role } from "../search/access.js";

/** argon2id in the library's numbering (its const enum cannot be imported here). */
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** What can be wrong with a new password typed twice (the keys of its messages). */
export type NewPasswordProblem =
  | { field: "password"; problem: "passwordTooShort" | "passwordTooLong" | "passwordSame" }
  | { field: "confirm"; problem: "passwordMismatch" };

/**
 * The first thing wrong with a new password and its confirmation, or null: its length, the same
 * as the `current` one when that is given (a person's own change), the two typed alike. The forms
 * that set a password (one's own, an administrator's for someone) all ask this one question.
 */
export function newPasswordProblem(
  password: string,
  confirm: string,
  current?: string,
): NewPasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { field: "password", problem: "passwordTooShort" };
  if (password.length > MAX_PASSWORD_LENGTH)
    return { field: "password", problem: "passwordTooLong" };
  if (current !== undefined && password === current)
    return { field: "password", problem: "passwordSame" };
  if (confirm !== password) return { field: "confirm", problem: "passwordMismatch" };
  return null;
}

export const GroupSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "group names are lower-case words joined by -" });

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "expected an e-mail address" }).max(200));

/** A personal API token: only its sha256 is kept; the token itself is shown once, at creation. */
const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** sha256 (hex) of the token. */
  hash: z.string(),
  createdAt: z.string(),
});
export type ApiToken = z.infer<typeof TokenSchema>;

const AccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  groups: z.array(GroupSchema),
  passwordHash: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Sessions started before this time are over (set when the password changes or on disable). */
  sessionsNotBefore: z.string().nullable().default(null),
  /** API tokens (`Authorization: Bearer`), created and revoked by the account's owner. */
  tokens: z.array(TokenSchema).default([]),
  /**
   * The password was set by an administrator: the person is asked to choose their own at sign-in
   * and on every page until they do.
   */
  mustChangePassword: z.boolean().default(false),
});
export type Account = z.infer<typeof AccountSchema>;

const FileSchema = z.object({ version: z.literal(1), accounts: z.array(AccountSchema) });

/** A problem with an account request a person can fix (an e-mail taken, a password too short). */
export class AccountError extends Error {
  override name = "AccountError";
}

/** Hashes a password with argon2id (the library's defaults: 19 MiB, 2 passes). */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AccountError(`A password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new AccountError(`A password may have at most ${MAX_PASSWORD_LENGTH} characters.`);
  return hash(password, { algorithm: ARGON2ID });
}

/** A hash of nothing: verified against when an account does not exist, so both take as long. */
let decoy: Promise<string> | null = null;

/** Checks `password` against `passwordHash` (or against a decoy, taking the same time). */
export async function checkPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  decoy ??= hash("decoy password that never matches", { algorithm: ARGON2ID });
  const target = passwordHash ?? (await decoy);
  const ok = await verify(target, password.slice(0, MAX_PASSWORD_LENGTH)).catch(() => false);
  return ok && passwordHash !== null;
}

export interface AccountStore {
  /** Every account (re-read from disk when the file changed). */
  list(): Promise<Account[]>;
  byEmail(email: string): Promise<Account | undefined>;
  byId(id: string): Promise<Account | undefined>;
  /** Applies `change` to the accounts and writes them atomically. */
  update<T>(change: (accounts: Account[]) => T | Promise<T>): Promise<T>;
}

/** The accounts file in `dataDir`. */
export function accountStore(dataDir: string): AccountStore {
  const path = join(dataDir, "accounts.json");
  let cache: { mtimeMs: number; accounts: Account[] } | null = null;
  let checked = 0;

  const load = async (): Promise<Account[]> => {
    // Re-check the file at most twice a second: sign-in and session checks read it often.
    if (cache && Date.now() - checked < 500) return cache.accounts;
    checked = Date.now();
    const info = await stat(path).catch(() => null);
    if (!info) {
      cache = { mtimeMs: 0, accounts: [] };
      return cache.accounts;
    }
    if (cache && cache.mtimeMs === info.mtimeMs) return cache.accounts;
    const parsed = FileSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (!parsed.success)
      throw new AccountError(
        `The accounts file ${path} is damaged: ${parsed.error.issues[0]?.message ?? ""}`,
      );
    cache = { mtimeMs: info.mtimeMs, accounts: parsed.data.accounts };
    return cache.accounts;
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    list: load,
    async byEmail(email) {
      const wanted = email.trim().toLowerCase();
      return (await load()).find((a) => a.email === wanted);
    },
    async byId(id) {
      return (await load()).find((a) => a.id === id);
    },
    update(change) {
      // One write at a time; each starts from the file as it is on disk.
      const run = queue.then(async () => {
        cache = null;
        const accounts = structuredClone(await load());
        const result = await change(accounts);
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, `${JSON.stringify({ version: 1, accounts }, null, 2)}\n`, {
          mode: 0o600,
        });
        await chmod(tmp, 0o600);
        await rename(tmp, path);
        cache = null;
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * Whether the accounts keep an active administrator once account `id` is changed as `after`
 * says: the site always keeps one (the browser's account pages and the command line alike).
 */
export function keepsAnAdmin(
  accounts: readonly Account[],
  id: string,
  after: Partial<Account>,
): boolean {
  return accounts.some((a) => {
    const next = a.id === id ? { ...a, ...after } : a;
    return next.role === "admin" && !next.disabled;
  });
}

/** A new account record. */
export async function newAccount(input: {
  email: string;
  name?: string | undefined;
  role: Role;
  groups?: string[];
  password: string | null;
}): Promise<Account> {
  const now = new Date().toISOString();
  const email = EmailSchema.parse(input.email);
  const groups = (input.groups ?? []).map((g) => GroupSchema.parse(g));
  return {
    id: randomUUID(),
    email,
    name: input.name?.trim() || email.split("@")[0] || email,
    role: input.role,
    groups: [...new Set(groups)].sort(),
    passwordHash: input.password === null ? null : await hashPassword(input.password),
    disabled: false,
    createdAt: now,
    updatedAt: now,
    sessionsNotBefore: null,
    tokens: [],
    mustChangePassword: false,
  };
}

/** Tokens start with this, so that a leaked one is recognisable (and searchable in a leak scan). */
export const TOKEN_PREFIX = "kbt_";

/** sha256 of a token, as kept in the accounts file. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new token (to show once) and its record (to keep). */
export function newToken(name: string): { token: string; record: ApiToken } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return {
    token,
    record: {
      id: randomBytes(6).toString("hex"),
      name,
      hash: tokenHash(token),
      createdAt: new Date().toISOString(),
    },
  };
}

/** The account a token belongs to, if any (disabled accounts included: the caller decides). */
export async function accountByToken(
  accounts: AccountStore,
  token: string,
): Promise<Account | undefined> {
  const hash = tokenHash(token);
  return (await accounts.list()).find((a) => a.tokens.some((t) => t.hash === hash));
}
