/**
 * Everything signing in needs, made in one place for the server and the tests: the accounts file,
 * the session store, the audit log and the sign-in limiter under DATA_DIR, the session secret, and
 * single sign-on when it is configured.
 */
import type { Config } from "../../config/index.js";
import { accountStore, type AccountStore } from "./accounts.js";
import { auditLog, type AuditLog } from "./audit.js";
import { createLimiter, type Limiter } from "./limiter.js";
import { createOidc, type OidcFlow } from "./oidc.js";
import { sessionSecret } from "./secret.js";
import { sessionStore, type SessionStore } from "./sessions.js";

/** What the sign-in routes need; absent, the site runs for anonymous readers only. */
export interface AuthSetup {
  accounts: AccountStore;
  sessions: SessionStore;
  audit: AuditLog;
  limiter: Limiter;
  /** Signs CSRF tokens and single sign-on state. */
  secret: string;
  oidc: OidcFlow | null;
  /** The absolute session lifetime, for the cookie. */
  maxAgeSeconds: number;
  /** The sessions' clock (ms): a time compared with a session's start is read from it. */
  now: () => number;
}

/** The set-up for `dataDir` with the configured timeouts, secret and single sign-on. */
export async function createAuthSetup(options: {
  dataDir: string;
  sessionSecret?: string | undefined;
  idleMs: number;
  maxMs: number;
  oidc?: Config["oidc"];
  /** The clock (tests move it to check the timeouts). */
  now?: () => number;
}): Promise<AuthSetup> {
  return {
    accounts: accountStore(options.dataDir),
    sessions: await sessionStore({
      dataDir: options.dataDir,
      idleMs: options.idleMs,
      maxMs: options.maxMs,
      ...(options.now ? { now: options.now } : {}),
    }),
    audit: auditLog(options.dataDir),
    limiter: createLimiter(options.now),
    secret: await sessionSecret(options.dataDir, options.sessionSecret),
    oidc: options.oidc ? createOidc(options.oidc) : null,
    maxAgeSeconds: Math.round(options.maxMs / 1000),
    now: options.now ?? Date.now,
  };
}
