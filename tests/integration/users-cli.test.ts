import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthSetup } from "../../server/auth/setup.js";
import { signedIn } from "../setup/auth.js";
import { removeDir, ROOT, sharedIndex, testApp } from "../setup/helpers.js";

// `npm run users -- …`, run as a real process on a DATA_DIR that a running app also reads: what
// the command line changes, the app sees without a restart.

let dataDir = "";
let app: express.Express;

function users(
  args: string[],
  stdin?: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "server/auth/cli.ts", ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "silent" } },
      (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
    child.stdin?.end(stdin ?? "");
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "kb-users-"));
  const setup = await createAuthSetup({ dataDir, idleMs: 3_600_000, maxMs: 43_200_000 });
  ({ app } = await testApp(sharedIndex("basic"), { auth: setup }));
});
afterAll(async () => {
  await removeDir(dataDir);
});

describe("npm run users", () => {
  it("sets up the session secret and the first administrator with one command", async () => {
    const res = await users(
      ["init", "admin@example.org", "--password-stdin", "--name", "First Admin"],
      "an admin password long enough\n",
    );
    expect(res.err).toBe("");
    expect(res.code).toBe(0);
    expect(res.out).toContain("administrator admin@example.org added");
    for (const file of ["accounts.json", "session-secret", "audit.log"])
      expect(((await stat(join(dataDir, file))).mode & 0o777).toString(8), file).toBe("600");
    const accounts = JSON.parse(await readFile(join(dataDir, "accounts.json"), "utf8"));
    expect(accounts.accounts[0].passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(accounts)).not.toContain("an admin password long enough");
    const again = await users(
      ["init", "second@example.org", "--password-stdin"],
      "another long password",
    );
    expect(again.code).toBe(1);
    expect(again.err).toContain("An administrator exists already");
  });

  it("keeps an active administrator: the only one can be neither demoted nor disabled", async () => {
    for (const args of [
      ["set-role", "admin@example.org", "editor"],
      ["disable", "admin@example.org"],
    ]) {
      const res = await users(args);
      expect(res.code, args.join(" ")).toBe(1);
      expect(res.err).toContain("admin@example.org is the only active administrator");
    }
    const accounts = JSON.parse(await readFile(join(dataDir, "accounts.json"), "utf8"));
    expect(accounts.accounts[0]).toMatchObject({ role: "admin", disabled: false });
  });

  it("refuses short passwords and unknown roles", async () => {
    const short = await users(
      ["add", "m@example.org", "--role", "member", "--password-stdin"],
      "short",
    );
    expect(short.code).toBe(1);
    expect(short.err).toContain("at least 12 characters");
    const role = await users(
      ["add", "m@example.org", "--role", "owner", "--password-stdin"],
      "long enough password",
    );
    expect(role.code).toBe(1);
    expect(role.err).toContain("expected one of reader, member, contributor, editor, admin");
  });

  it("adds accounts with a role and groups, and refuses a duplicate", async () => {
    const ok = await users(
      [
        "add",
        "M@Example.org",
        "--role",
        "member",
        "--group",
        "wg-alpha",
        "--group",
        "wg-beta",
        "--password-stdin",
      ],
      "long enough password",
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("added m@example.org (member; wg-alpha, wg-beta)");
    const twice = await users(
      ["add", "m@example.org", "--role", "member", "--password-stdin"],
      "long enough password",
    );
    expect(twice.code).toBe(1);
    expect(twice.err).toContain("exists already");
    const list = await users(["list"]);
    expect(list.out).toMatch(/m@example\.org\tmember\twg-alpha,wg-beta\tactive/);
  });

  it("gives a temporary password with --temporary: its sign-in leads to choosing one's own", async () => {
    const added = await users(
      ["add", "new@example.org", "--role", "member", "--password-stdin", "--temporary"],
      "a temporary password",
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain("to choose a password at the first sign-in");
    const first = await signedIn(app, "new@example.org", "a temporary password");
    expect((await first.get("/")).text).toContain('href="/account#password-title"');
    const account = async () =>
      (
        JSON.parse(await readFile(join(dataDir, "accounts.json"), "utf8")) as {
          accounts: { email: string; mustChangePassword: boolean }[];
        }
      ).accounts.find((a) => a.email === "new@example.org");
    expect((await account())?.mustChangePassword).toBe(true);
    // The operator sets one without the flag (the person's own, told by phone): no more asking.
    const set = await users(
      ["passwd", "new@example.org", "--password-stdin"],
      "their own long one",
    );
    expect(set.code).toBe(0);
    expect((await account())?.mustChangePassword).toBe(false);
    const again = await signedIn(app, "new@example.org", "their own long one");
    expect((await again.get("/")).text).not.toContain('href="/account#password-title"');
    expect(await readFile(join(dataDir, "audit.log"), "utf8")).toContain("temporary password");
  });

  // Four runs of the command (a Node.js process each) and the app noticing each change: more than
  // the default time on a busy machine.
  it("changes take effect in the running app without a restart", async () => {
    await users(
      ["add", "live@example.org", "--role", "member", "--password-stdin"],
      "long enough password",
    );
    const agent = await signedIn(app, "live@example.org", "long enough password");
    expect((await agent.get("/api/session")).body.role).toBe("member");
    expect((await users(["set-role", "live@example.org", "editor"])).code).toBe(0);
    await vi.waitFor(
      async () => expect((await agent.get("/api/session")).body.role).toBe("editor"),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    expect(
      (await users(["passwd", "live@example.org", "--password-stdin"], "a different long password"))
        .code,
    ).toBe(0);
    await vi.waitFor(
      async () => expect((await agent.get("/api/session")).body.signedIn).toBe(false),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    const again = await signedIn(app, "live@example.org", "a different long password");
    expect((await users(["disable", "live@example.org"])).code).toBe(0);
    await vi.waitFor(
      async () => expect((await again.get("/api/session")).body.signedIn).toBe(false),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    const form = await request.agent(app).get("/login");
    expect(form.status).toBe(200);
    const audit = await readFile(join(dataDir, "audit.log"), "utf8");
    for (const event of [
      "account-added",
      "account-changed",
      "password-changed",
      "account-disabled",
    ])
      expect(audit).toContain(`"event":"${event}"`);
    expect(audit).not.toContain("long enough password");
  }, 60_000);
});
