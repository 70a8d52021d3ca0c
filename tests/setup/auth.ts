/**
 * Accounts for tests: a set-up in a temporary DATA_DIR, accounts added the way the command line
 * adds them, and a signed-in supertest agent (the sign-in form fetched, its CSRF token sent back).
 */
import type { Express } from "express";
import request from "supertest";
import { expect } from "vitest";
import { newAccount } from "../../server/auth/accounts.js";
import { createAuthSetup, type AuthSetup } from "../../server/auth/setup.js";
import type { Role } from "../../server/search/access.js";
import { scratchDir } from "./scratch.js";

/** The password every test account gets unless told otherwise. */
export const PASSWORD = "correct horse battery staple";

/** A set-up in a fresh temporary DATA_DIR. */
export async function testAuth(
  options: { now?: () => number; idleMs?: number; maxMs?: number } & Partial<
    Pick<Parameters<typeof createAuthSetup>[0], "oidc">
  > = {},
): Promise<{
  setup: AuthSetup;
  dataDir: string;
  add(email: string, role: Role, groups?: string[], password?: string): Promise<void>;
}> {
  const dataDir = await scratchDir("kb-auth-");
  const setup = await createAuthSetup({
    dataDir,
    idleMs: options.idleMs ?? 60 * 60_000,
    maxMs: options.maxMs ?? 12 * 60 * 60_000,
    oidc: options.oidc ?? null,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    setup,
    dataDir,
    async add(email, role, groups = [], password = PASSWORD) {
      const account = await newAccount({ email, role, groups, password });
      await setup.accounts.update((accounts) => {
        accounts.push(account);
      });
    },
  };
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, "the page has a form with a CSRF token").toBeTruthy();
  return token!;
}

/** An agent signed in as `email` (the sign-in must succeed), with its session id. */
export async function signedIn(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const form = await agent.get("/login");
  expect(form.status).toBe(200);
  const res = await agent
    .post("/login")
    .type("form")
    .send({ email, password, _csrf: csrfOf(form.text), next: "/" });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  const set = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  const sessionId = set.map((c) => /^kb_session=([^;]+)/.exec(c)?.[1]).find(Boolean);
  expect(sessionId, "the sign-in set a session cookie").toBeTruthy();
  return Object.assign(agent, { sessionId: sessionId! });
}
