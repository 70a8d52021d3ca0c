/**
 * Configuration from the environment: the only module that reads `process.env`. Every variable
 * is documented in README.md and .env.example; an empty string counts as unset; all problems are
 * reported at once.
 */
import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";
import { DEFAULT_INDEX_NAME } from "../indexer/contract.js";

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(emptyAsUnset, z.coerce.number().int().min(min).max(max).default(fallback));

const ConfigSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.preprocess(emptyAsUnset, z.string().default("127.0.0.1")),
  MEILI_HOST: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((h) => h.trim().replace(/\/+$/, ""))
          .filter(Boolean),
      )
      .refine((hosts) => hosts.every((h) => /^https?:\/\/[^\s/]+/.test(h)), {
        error: "MEILI_HOST must be one or more http(s) URLs separated by commas",
      })
      .optional(),
  ),
  MEILI_MASTER_KEY: z.preprocess(
    emptyAsUnset,
    z.string().min(16, { error: "MEILI_MASTER_KEY must be at least 16 bytes" }).optional(),
  ),
  MEILI_INDEX: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "MEILI_INDEX may hold letters, digits, - and _" })
      .default(DEFAULT_INDEX_NAME),
  ),
  MEILI_BINARY: z.preprocess(emptyAsUnset, z.string().optional()),
  MEILI_START_TIMEOUT_MS: int(30_000, 1_000, 600_000),
  MEILI_REQUEST_TIMEOUT_MS: int(5_000, 100, 120_000),
  MEILI_LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(["OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"]).default("WARN"),
  ),
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().default("data")),
  CORPUS_DIR: z.preprocess(emptyAsUnset, z.string().default("corpus")),
  WATCH: z.preprocess(
    emptyAsUnset,
    z.enum(["0", "1"], { error: "WATCH must be 1 (watch the corpus) or 0" }).default("1"),
  ),
  EDITING: z.preprocess(
    emptyAsUnset,
    z
      .enum(["0", "1", "auto"], {
        error: "EDITING must be 1 (serve proposals and review), 0 (read-only) or auto",
      })
      .default("auto"),
  ),
  CORPUS_PUSH_REMOTE: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[^\s-][^\s]*$/, {
        error:
          "CORPUS_PUSH_REMOTE must be a git remote name or URL (no spaces, not starting with -)",
      })
      .optional(),
  ),
  EDITING_TEST_PAUSE: z.preprocess(
    emptyAsUnset,
    z
      .enum(["locked", "merge-commit", "work-tree"], {
        error: "EDITING_TEST_PAUSE must be locked, merge-commit or work-tree (tests only)",
      })
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUnset,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  PUBLIC_URL: z.preprocess(emptyAsUnset, z.url().optional()),
  SESSION_SECRET: z.preprocess(
    emptyAsUnset,
    z.string().min(32, { error: "SESSION_SECRET must be at least 32 characters" }).optional(),
  ),
  SESSION_IDLE_MINUTES: int(120, 1, 7 * 24 * 60),
  SESSION_MAX_HOURS: int(12, 1, 24 * 30),
  TRUST_PROXY: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^(0|1|true|false|\d{1,2}|loopback|[0-9a-f.:/, ]+)$/i, {
        error: "TRUST_PROXY must be 0, 1, a number of proxies, loopback or addresses",
      })
      .default("0"),
  ),
  OIDC_ISSUER: z.preprocess(emptyAsUnset, z.url().optional()),
  OIDC_CLIENT_ID: z.preprocess(emptyAsUnset, z.string().optional()),
  OIDC_CLIENT_SECRET: z.preprocess(emptyAsUnset, z.string().optional()),
  OIDC_REDIRECT_URL: z.preprocess(emptyAsUnset, z.url().optional()),
  OIDC_ROLES_CLAIM: z.preprocess(emptyAsUnset, z.string().default("roles")),
  OIDC_GROUPS_CLAIM: z.preprocess(emptyAsUnset, z.string().default("groups")),
  OIDC_DEFAULT_ROLE: z.preprocess(
    emptyAsUnset,
    z.enum(["reader", "member", "contributor", "editor", "admin"]).default("reader"),
  ),
  OIDC_LABEL: z.preprocess(emptyAsUnset, z.string().default("your organisation's account")),
  NODE_ENV: z.preprocess(emptyAsUnset, z.string().default("production")),
});

/** Validated, frozen configuration. */
export interface Config {
  port: number;
  host: string;
  /** External Meilisearch servers; empty means: start the bundled engine. */
  meiliHosts: string[];
  meiliMasterKey: string | undefined;
  indexName: string;
  meiliBinary: string | undefined;
  startTimeoutMs: number;
  requestTimeoutMs: number;
  /** Log level of the bundled engine (WARN: no line per request). */
  meiliLogLevel: "OFF" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE";
  dataDir: string;
  corpusDir: string;
  /** Watch CORPUS_DIR and publish every saved change (the instance that holds the corpus). */
  watch: boolean;
  /**
   * Serve proposals and review: `auto` when the corpus is a git work tree on a branch and this
   * instance watches it (WATCH=1); `on` insists (and says why not at start); `off` is read-only.
   */
  editing: "auto" | "on" | "off";
  /** A git remote (name or URL) pushed after each accept. */
  corpusPushRemote: string | undefined;
  /** Tests only: an accept stops at this step (so a test can kill the process there). */
  editingTestPause: "locked" | "merge-commit" | "work-tree" | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  publicUrl: string | undefined;
  production: boolean;
  /** Signs CSRF tokens and sign-on state; unset: kept in DATA_DIR/session-secret. */
  sessionSecret: string | undefined;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Express's "trust proxy": set when a TLS proxy stands in front (Secure cookies, client address). */
  trustProxy: boolean | number | string;
  /** OpenID Connect single sign-on, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URL are set. */
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string | undefined;
    redirectUrl: string;
    rolesClaim: string;
    groupsClaim: string;
    defaultRole: "reader" | "member" | "contributor" | "editor" | "admin";
    label: string;
  } | null;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/**
 * The environment with `.env` (in the working directory, or the file named by ENV_FILE) under
 * it: variables set in the real environment win over the file.
 */
export function environment(
  env: Record<string, string | undefined> = process.env,
  path = env["ENV_FILE"] || ".env",
): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !env["ENV_FILE"]) return env;
    throw new ConfigError(
      `Could not read the environment file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** Reads configuration from `env`; throws one ConfigError listing every problem. */
export function loadConfig(
  env: Record<string, string | undefined> = environment(),
): Readonly<Config> {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = result.data;
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    meiliHosts: c.MEILI_HOST ?? [],
    meiliMasterKey: c.MEILI_MASTER_KEY,
    indexName: c.MEILI_INDEX,
    meiliBinary: c.MEILI_BINARY,
    startTimeoutMs: c.MEILI_START_TIMEOUT_MS,
    requestTimeoutMs: c.MEILI_REQUEST_TIMEOUT_MS,
    meiliLogLevel: c.MEILI_LOG_LEVEL,
    dataDir: c.DATA_DIR,
    corpusDir: c.CORPUS_DIR,
    watch: c.WATCH === "1",
    editing: c.EDITING === "1" ? "on" : c.EDITING === "0" ? "off" : "auto",
    corpusPushRemote: c.CORPUS_PUSH_REMOTE,
    editingTestPause: c.EDITING_TEST_PAUSE,
    logLevel: c.LOG_LEVEL,
    publicUrl: c.PUBLIC_URL,
    production: c.NODE_ENV === "production",
    sessionSecret: c.SESSION_SECRET,
    sessionIdleMs: c.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: c.SESSION_MAX_HOURS * 3_600_000,
    trustProxy: /^(0|false)$/i.test(c.TRUST_PROXY)
      ? false
      : /^(1|true)$/i.test(c.TRUST_PROXY)
        ? true
        : /^\d+$/.test(c.TRUST_PROXY)
          ? Number(c.TRUST_PROXY)
          : c.TRUST_PROXY,
    oidc:
      c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_REDIRECT_URL
        ? {
            issuer: c.OIDC_ISSUER,
            clientId: c.OIDC_CLIENT_ID,
            clientSecret: c.OIDC_CLIENT_SECRET,
            redirectUrl: c.OIDC_REDIRECT_URL,
            rolesClaim: c.OIDC_ROLES_CLAIM,
            groupsClaim: c.OIDC_GROUPS_CLAIM,
            defaultRole: c.OIDC_DEFAULT_ROLE,
            label: c.OIDC_LABEL,
          }
        : null,
  });
}
