/**
 * Editing for tests: the fixture corpus in a temporary git repository, accounts for each role
 * (with display names, to find them as git authors), the editing service on that repository and
 * the app, signed-in agents, and the CSRF token a JSON client sends.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Express } from "express";
import request from "supertest";
import { expect } from "vitest";
import { newAccount } from "../../server/auth/accounts.js";
import {
  createEditing,
  type EditingOptions,
  type EditingService,
} from "../../server/editing/service.js";
import type { Role } from "../../server/search/access.js";
import { PASSWORD, signedIn, testAuth } from "./auth.js";
import { FIXTURES, memoryLogger, removeDir, sharedIndex, testApp } from "./helpers.js";
import { repoOf } from "./history-repo.js";

const run = promisify(execFile);

/** The accounts every editing test has: e-mail → role, groups and display name. */
export const PEOPLE = {
  contributor: {
    email: "contributor@example.org",
    role: "contributor",
    groups: [],
    name: "Test Contributor",
  },
  other: { email: "other@example.org", role: "contributor", groups: [], name: "Other Contributor" },
  alpha: {
    email: "alpha@example.org",
    role: "contributor",
    groups: ["wg-alpha"],
    name: "Alpha Contributor",
  },
  member: { email: "member@example.org", role: "member", groups: [], name: "Test Member" },
  editor: { email: "editor@example.org", role: "editor", groups: [], name: "Test Editor" },
  editor2: { email: "editor2@example.org", role: "editor", groups: [], name: "Second Editor" },
} as const satisfies Record<string, { email: string; role: Role; groups: string[]; name: string }>;

/** The fixture corpus in a repository of its own (one commit on `main`). */
export function editingRepo(corpus = join(FIXTURES, "corpus-basic")) {
  return repoOf(corpus, "2026-01-15T10:00:00Z");
}

/** Runs git in `dir` and returns its output. */
export async function gitOut(dir: string, args: string[]): Promise<string> {
  return (await run("git", args, { cwd: dir })).stdout;
}

/** Everything an editing test needs, on a repository it may change. */
export async function editingSetup(options: {
  repo: { repo: string; corpus: string };
  editing?: Partial<EditingOptions>;
  index?: string;
}) {
  const auth = await testAuth();
  for (const p of Object.values(PEOPLE)) {
    const account = await newAccount({
      email: p.email,
      role: p.role,
      groups: [...p.groups],
      name: p.name,
      password: PASSWORD,
    });
    await auth.setup.accounts.update((accounts) => void accounts.push(account));
  }
  const logs = memoryLogger();
  const editing = await createEditing({
    corpusDir: options.repo.corpus,
    dataDir: auth.dataDir,
    log: logs.log,
    audit: auth.setup.audit,
    ...options.editing,
  });
  if (!editing.enabled) throw new Error(`editing is off: ${editing.reason}`);
  await editing.service.recover();
  const { app } = await testApp(options.index ?? sharedIndex("basic"), {
    auth: auth.setup,
    editing,
    log: logs.log,
  });
  return {
    app,
    auth,
    logs,
    service: editing.service as EditingService,
    repo: options.repo.repo,
    corpus: options.repo.corpus,
    async cleanUp() {
      editing.service.stop();
      await removeDir(options.repo.repo);
      await removeDir(auth.dataDir);
    },
  };
}

/** A signed-in agent with the CSRF token its JSON requests send as X-CSRF-Token. */
export async function apiAgent(app: Express, who: keyof typeof PEOPLE) {
  const agent = await signedIn(app, PEOPLE[who].email);
  const session = await agent.get("/api/session");
  expect(session.body.signedIn).toBe(true);
  return Object.assign(agent, { csrf: session.body.csrfToken as string });
}

/** An analysis proposal for the fixture's Georgia, Art. 29, with `change` over its fields. */
export function analysisInput(
  change: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    kind: "analysis",
    country: "GE",
    article: 29,
    fields: {
      status: "implemented",
      provisions: ["Fixture Code, Art. 136", "Fixture Law of 2026, Art. 4"],
      as_of: "2026-11-30",
      sources: ["fx-treaty", "fx-news"],
      missing: null,
      analysis:
        "Georgian fixture analysis: the 2026 law adds a preservation order for foreign requests.",
      gaps: "- No sixty-day minimum.",
      ...change,
    },
    ...extra,
  };
}

/** Proposes through the API as `who`; expects 201 and returns the proposal. */
export async function propose(app: Express, who: keyof typeof PEOPLE, input: object) {
  const agent = await apiAgent(app, who);
  const res = await agent.post("/api/proposals").set("X-CSRF-Token", agent.csrf).send(input);
  expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(201);
  return res.body.proposal as { id: string; status: string; head: string; base: string };
}

export { request };

/**
 * Writes the accounts file of a data folder for a server process: a contributor and an editor,
 * each with an API token. Returns the tokens.
 */
export async function accountsWithTokens(
  dataDir: string,
): Promise<{ contributor: string; editor: string }> {
  const { accountStore, newToken } = await import("../../server/auth/accounts.js");
  const store = accountStore(dataDir);
  const tokens = { contributor: "", editor: "" };
  for (const who of ["contributor", "editor"] as const) {
    const p = PEOPLE[who];
    const account = await newAccount({
      email: p.email,
      role: p.role,
      groups: [],
      name: p.name,
      password: null,
    });
    const token = newToken("tests");
    account.tokens.push(token.record);
    tokens[who] = token.token;
    await store.update((accounts) => void accounts.push(account));
  }
  return tokens;
}
