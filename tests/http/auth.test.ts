import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type express from "express";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/accounts.js";
import { csrfOf, PASSWORD, signedIn, testAuth } from "../setup/auth.js";
import { memoryLogger, removeDir, sharedIndex, testApp } from "../setup/helpers.js";

// Signing in and out, sessions and forms, on the basic fixture. The clock is ours: timeouts and
// the sign-in limiter are tested by moving it, not by waiting.

let clock = Date.parse("2026-11-29T12:00:00Z");
const now = () => clock;
const IDLE = 30 * 60_000;
const MAX = 4 * 60 * 60_000;
let auth: Awaited<ReturnType<typeof testAuth>>;
let app: express.Express;
let proxied: express.Express;
const logs = memoryLogger();

beforeAll(async () => {
  auth = await testAuth({ now, idleMs: IDLE, maxMs: MAX });
  await auth.add("admin@example.org", "admin");
  await auth.add("member@example.org", "member", ["wg-alpha"]);
  await auth.add("other@example.org", "member");
  ({ app } = await testApp(sharedIndex("basic"), { auth: auth.setup, log: logs.log }));
  ({ app: proxied } = await testApp(sharedIndex("basic"), {
    auth: auth.setup,
    trustProxy: true,
  }));
});
afterAll(async () => {
  await removeDir(auth.dataDir);
});
beforeEach(() => {
  // Each test starts from a fresh limiter state: the clock jumps past every lock.
  clock += 2 * 60 * 60_000;
});

const cookie = (res: request.Response, name: string) =>
  ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith(`${name}=`));

async function attempt(
  email: string,
  password: string,
  from = "203.0.113.1",
  target: express.Express = proxied,
) {
  const agent = request.agent(target);
  const form = await agent.get("/login").set("X-Forwarded-For", from);
  return agent
    .post("/login")
    .set("X-Forwarded-For", from)
    .type("form")
    .send({ email, password, _csrf: csrfOf(form.text) });
}

describe("the sign-in page", () => {
  it("has a form with e-mail and password and a CSRF token, and a link in the header", async () => {
    const res = await request(app).get("/login");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<input[^>]+name="email"[^>]+type="email"/);
    expect(res.text).toMatch(/<input[^>]+name="password"[^>]+type="password"/);
    expect(res.headers["cache-control"]).toBe("no-store");
    csrfOf(res.text);
    const home = await request(app).get("/");
    expect(home.text.replaceAll("&#x3D;", "=")).toMatch(/href="\/login\?next=%2F"[^>]*>Sign in</);
  });

  it("signs in, shows the name and a sign-out form in the header, and signs out on the server", async () => {
    const agent = await signedIn(app, "member@example.org");
    const home = await agent.get("/");
    expect(home.text).toContain("member");
    expect(home.text).toMatch(/<form[^>]+action="\/logout"[^>]+method="post"/);
    const session = await agent.get("/api/session");
    expect(session.body).toMatchObject({
      signedIn: true,
      email: "member@example.org",
      role: "member",
      groups: ["wg-alpha"],
    });
    const out = await agent
      .post("/logout")
      .type("form")
      .send({ _csrf: csrfOf(home.text) });
    expect(out.status).toBe(303);
    expect((await agent.get("/api/session")).body.signedIn).toBe(false);
  });

  it("ends the session on the server: the old cookie is worth nothing after sign-out", async () => {
    const agent = await signedIn(app, "member@example.org");
    const id = agent.sessionId;
    const home = await agent.get("/");
    await agent
      .post("/logout")
      .type("form")
      .send({ _csrf: csrfOf(home.text) });
    expect(id).toBeTruthy();
    const replay = await request(app).get("/api/session").set("Cookie", `kb_session=${id}`);
    expect(replay.body.signedIn).toBe(false);
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, with a lifetime, and Secure only over TLS", async () => {
    const form = await request.agent(proxied).get("/login");
    const csrf = cookie(form, "kb_csrf")!;
    const plain = await request(proxied)
      .post("/login")
      .set("Cookie", csrf.split(";")[0]!)
      .type("form")
      .send({ email: "member@example.org", password: PASSWORD, _csrf: csrfOf(form.text) });
    const set = cookie(plain, "kb_session")!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Max-Age=14400/);
    expect(set).not.toMatch(/Secure/);
    const tls = await request(proxied)
      .post("/login")
      .set("Cookie", csrf.split(";")[0]!)
      .set("X-Forwarded-Proto", "https")
      .type("form")
      .send({ email: "member@example.org", password: PASSWORD, _csrf: csrfOf(form.text) });
    expect(cookie(tls, "kb_session")).toMatch(/; Secure/);
  });

  it("goes back only to a page of this site after sign-in", async () => {
    for (const [next, to] of [
      ["/compare?countries=GE", "/compare?countries=GE"],
      ["//evil.example/", "/"],
      ["https://evil.example/", "/"],
      ["/\\evil.example", "/"],
    ] as const) {
      const agent = request.agent(app);
      const form = await agent.get("/login");
      const res = await agent
        .post("/login")
        .type("form")
        .send({ email: "member@example.org", password: PASSWORD, next, _csrf: csrfOf(form.text) });
      expect(res.status, next).toBe(303);
      expect(res.headers["location"], next).toBe(to);
    }
  });
});

describe("forms and CSRF", () => {
  it("refuses a sign-in without the form's token, or with another visitor's", async () => {
    const none = await request(app)
      .post("/login")
      .type("form")
      .send({ email: "member@example.org", password: PASSWORD });
    expect(none.status).toBe(403);
    expect(none.text).toContain("did not come from this site");
    expect(cookie(none, "kb_session")).toBeUndefined();
    const theirs = csrfOf((await request.agent(app).get("/login")).text);
    const mine = request.agent(app);
    await mine.get("/login");
    const crossed = await mine
      .post("/login")
      .type("form")
      .send({ email: "member@example.org", password: PASSWORD, _csrf: theirs });
    expect(crossed.status).toBe(403);
  });

  it("refuses a sign-out without the token (a cross-site form cannot sign anyone out)", async () => {
    const agent = await signedIn(app, "member@example.org");
    const res = await agent.post("/logout").type("form").send({});
    expect(res.status).toBe(403);
    expect((await agent.get("/api/session")).body.signedIn).toBe(true);
  });

  it("accepts the token of /api/session in the X-CSRF-Token header of a JSON request", async () => {
    const agent = await signedIn(app, "member@example.org");
    const { csrfToken } = (await agent.get("/api/session")).body as { csrfToken: string };
    const refused = await agent.post("/logout").set("Accept", "application/json").send({});
    expect(refused.status).toBe(403);
    expect(refused.body.error.id).toBe("csrf_failed");
    const ok = await agent.post("/logout").set("X-CSRF-Token", csrfToken).send({});
    expect(ok.status).toBe(303);
    expect((await agent.get("/api/session")).body.signedIn).toBe(false);
  });

  it("binds the token to the session: a token from before sign-in no longer works after it", async () => {
    const agent = request.agent(app);
    const before = csrfOf((await agent.get("/login")).text);
    await agent
      .post("/login")
      .type("form")
      .send({ email: "member@example.org", password: PASSWORD, _csrf: before });
    const res = await agent.post("/logout").type("form").send({ _csrf: before });
    expect(res.status).toBe(403);
  });
});

describe("sessions", () => {
  it("gives a new session id at sign-in: a planted id is not adopted (session fixation)", async () => {
    const planted = "A".repeat(43);
    const agent = request.agent(app);
    const form = await agent.get("/login").set("Cookie", `kb_session=${planted}`);
    const res = await agent
      .post("/login")
      .set("Cookie", `kb_session=${planted}; ${cookie(form, "kb_csrf")!.split(";")[0]}`)
      .type("form")
      .send({ email: "member@example.org", password: PASSWORD, _csrf: csrfOf(form.text) });
    expect(res.status).toBe(303);
    const issued = /kb_session=([^;]*)/.exec(cookie(res, "kb_session")!)?.[1];
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    expect(
      (await request(app).get("/api/session").set("Cookie", `kb_session=${planted}`)).body.signedIn,
    ).toBe(false);
  });

  it("gives a second sign-in in the same browser a new id and ends the first", async () => {
    const agent = await signedIn(app, "member@example.org");
    const first = agent.sessionId;
    const form = await agent.get("/login");
    const res = await agent
      .post("/login")
      .type("form")
      .send({ email: "other@example.org", password: PASSWORD, _csrf: csrfOf(form.text) });
    const second = /kb_session=([^;]*)/.exec(cookie(res, "kb_session") ?? "")?.[1];
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    const old = await request(app).get("/api/session").set("Cookie", `kb_session=${first}`);
    expect(old.body.signedIn).toBe(false);
  });

  it("ends a session idle for longer than the idle timeout", async () => {
    const agent = await signedIn(app, "member@example.org");
    clock += IDLE - 60_000;
    expect((await agent.get("/api/session")).body.signedIn).toBe(true);
    clock += IDLE - 60_000; // idle again, but for less than the timeout since the last request
    expect((await agent.get("/api/session")).body.signedIn).toBe(true);
    clock += IDLE + 1;
    expect((await agent.get("/api/session")).body.signedIn).toBe(false);
  });

  it("ends a session older than the absolute timeout, however active", async () => {
    const agent = await signedIn(app, "member@example.org");
    const steps = Math.ceil(MAX / (IDLE / 2)) + 1;
    expect(steps).toBeGreaterThan(2);
    let lastSignedIn = true;
    let signedInSteps = 0;
    for (let i = 0; i < steps; i += 1) {
      clock += IDLE / 2;
      lastSignedIn = (await agent.get("/api/session")).body.signedIn as boolean;
      if (lastSignedIn) signedInSteps += 1;
    }
    expect(signedInSteps).toBe(Math.floor(MAX / (IDLE / 2)));
    expect(lastSignedIn).toBe(false);
  });

  it("ends the sessions of an account that is disabled, and refuses its sign-in with the usual message", async () => {
    await auth.add("leaving@example.org", "member");
    const agent = await signedIn(app, "leaving@example.org");
    await auth.setup.accounts.update((accounts) => {
      accounts.find((a) => a.email === "leaving@example.org")!.disabled = true;
    });
    clock += 1000; // the accounts file is read again at most twice a second
    expect((await agent.get("/api/session")).body.signedIn).toBe(false);
    const res = await attempt("leaving@example.org", PASSWORD);
    expect(res.status).toBe(401);
    expect(res.text).toContain("The e-mail address or the password is not right.");
  });

  it("ends the sessions started before a password change", async () => {
    await auth.add("changing@example.org", "member");
    const agent = await signedIn(app, "changing@example.org");
    const hash = await hashPassword("a brand new password");
    await auth.setup.accounts.update((accounts) => {
      const a = accounts.find((x) => x.email === "changing@example.org")!;
      a.passwordHash = hash;
      a.sessionsNotBefore = new Date(clock + 1).toISOString();
    });
    clock += 1000;
    expect((await agent.get("/api/session")).body.signedIn).toBe(false);
    await signedIn(app, "changing@example.org", "a brand new password");
  });
});

describe("failed sign-ins", () => {
  it("says the same thing, with the same status, whether or not the account exists", async () => {
    const wrong = await attempt("member@example.org", "not the password at all", "198.51.100.7");
    const unknown = await attempt("nobody@example.org", "not the password at all", "198.51.100.8");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (res: request.Response) =>
      /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(res.text)?.[1];
    expect(message(wrong)).toBeTruthy();
    expect(message(wrong)).toBe(message(unknown));
    // The page is the same but for the address typed back into the form and the form's token.
    const normalise = (res: request.Response, email: string) =>
      res.text.replaceAll(email, "EMAIL").replace(/value="[A-Za-z0-9_-]{40,}"/g, 'value="TOKEN"');
    expect(normalise(wrong, "member@example.org")).toBe(normalise(unknown, "nobody@example.org"));
  });

  it("locks an account after three failures, for longer after each further one, even for the right password", async () => {
    const from = (i: number) => `192.0.2.${i}`;
    for (let i = 1; i <= 3; i += 1)
      expect((await attempt("other@example.org", "wrong password here", from(i))).status).toBe(401);
    const locked = await attempt("other@example.org", PASSWORD, from(10));
    expect(locked.status).toBe(429);
    const first = Number(locked.headers["retry-after"]);
    expect(first).toBeGreaterThan(0);
    expect(locked.text).toContain("Too many failed sign-ins");
    clock += first * 1000 + 1;
    expect((await attempt("other@example.org", "wrong password here", from(11))).status).toBe(401);
    const again = await attempt("other@example.org", PASSWORD, from(12));
    expect(again.status).toBe(429);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(first);
    // An account that does not exist is locked the same way: no difference to learn from.
    for (let i = 1; i <= 3; i += 1)
      await attempt("ghost@example.org", "wrong password here", from(20 + i));
    expect((await attempt("ghost@example.org", PASSWORD, from(30))).status).toBe(429);
  });

  it("locks an address after ten failures, whatever the accounts tried", async () => {
    const from = "198.51.100.99";
    for (let i = 1; i <= 10; i += 1)
      expect((await attempt(`guess${i}@example.org`, "wrong password here", from)).status).toBe(
        401,
      );
    expect((await attempt("member@example.org", PASSWORD, from)).status).toBe(429);
    expect((await attempt("member@example.org", PASSWORD, "198.51.100.100")).status).toBe(303);
  });
});

describe("the audit log", () => {
  it("records sign-ins, failures and sign-outs, and never a password or a session id", async () => {
    const agent = await signedIn(app, "member@example.org");
    const sessionId = agent.sessionId;
    await attempt("member@example.org", "a wrong password typed", "192.0.2.200");
    const home = await agent.get("/");
    await agent
      .post("/logout")
      .type("form")
      .send({ _csrf: csrfOf(home.text) });
    const text = await readFile(join(auth.dataDir, "audit.log"), "utf8");
    const events = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { event: string; actor: string });
    for (const event of ["sign-in", "sign-in-failed", "sign-out"])
      expect(events.some((e) => e.event === event && e.actor === "member@example.org")).toBe(true);
    for (const secret of [PASSWORD, "a wrong password typed", sessionId]) {
      expect(text).not.toContain(secret);
      expect(logs.lines.join("\n")).not.toContain(secret);
    }
  });

  it("is shown to admins only", async () => {
    expect((await request(app).get("/admin/audit")).status).toBe(401);
    const member = await signedIn(app, "member@example.org");
    expect((await member.get("/admin/audit")).status).toBe(403);
    const admin = await signedIn(app, "admin@example.org");
    const res = await admin.get("/admin/audit");
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<td>signed in<\/td><td>member@example\.org<\/td>/);
    expect(res.text).toContain("<td>password</td>");
    expect(res.headers["cache-control"]).toBe("private, no-store");
    // Each event and way of signing in in the reader's words.
    const ru = await admin.get("/admin/audit").query({ lang: "ru" });
    expect(ru.text).toMatch(/<td>вход<\/td><td>member@example\.org<\/td>/);
    expect(ru.text).toContain("<td>пароль</td>");
    expect(ru.text).not.toContain("<td>sign-in</td>");
  });

  it("has a JSON twin, for admins only, with the events as the log holds them", async () => {
    expect((await request(app).get("/api/admin/audit")).status).toBe(401);
    const member = await signedIn(app, "member@example.org");
    expect((await member.get("/api/admin/audit")).status).toBe(403);
    const admin = await signedIn(app, "admin@example.org");
    const page = await admin.get("/admin/audit");
    expect(page.text).toContain('href="/api/admin/audit"');
    const res = await admin.get("/api/admin/audit");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    const body = res.body as {
      events: { at: string; event: string; actor: string; via: string | null }[];
      total: number;
      next: string | null;
    };
    expect(body.events.length).toBeGreaterThan(0);
    expect(body.total).toBeGreaterThanOrEqual(body.events.length);
    expect(
      body.events.some(
        (e) => e.event === "sign-in" && e.actor === "member@example.org" && e.via === "password",
      ),
    ).toBe(true);
    // Newest first, and reading the log is itself an event.
    expect(body.events[0]?.event).toBe("audit-read");
    expect([...body.events].sort((a, b) => b.at.localeCompare(a.at))).toEqual(body.events);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect((await admin.get("/api/admin/audit?page=0")).status).toBe(400);
  });
});

describe("the home page after a sign-in", () => {
  it("links to what changed since the person last signed in, from their second sign-in on", async () => {
    await auth.add("returning@example.org", "member");
    const first = await signedIn(app, "returning@example.org");
    const home = await first.get("/");
    expect(home.status).toBe(200);
    expect(home.text).not.toContain("Welcome back");
    const before = (await auth.setup.audit.read(50)).events.find(
      (e) => e.event === "sign-in" && e.actor === "returning@example.org",
    )!.at;
    clock += 60_000;
    const second = await signedIn(app, "returning@example.org");
    const again = await second.get("/");
    expect(again.text).toContain(
      '<p class="notice welcome-back">Welcome back. You last signed in on',
    );
    expect(again.text).toContain(
      `<a href="/changes?from=${before.slice(0, 10)}">see what has changed since</a>`,
    );
    // It speaks the reader's language, and stays when the session is renewed (here by signing
    // out everywhere else; a password change renews it the same way).
    expect((await second.get("/?lang=ru")).text).toContain("С возвращением.");
    const form = await second.get("/account");
    const renewed = await second
      .post("/account/sessions/end-others")
      .type("form")
      .send({ _csrf: csrfOf(form.text) });
    expect(renewed.status).toBe(303);
    expect((await second.get("/")).text).toContain(`/changes?from=${before.slice(0, 10)}`);
    // Anonymous pages never show it.
    expect((await request(app).get("/")).text).not.toContain("welcome-back");
  });
});

describe("changing one's password", () => {
  const NEW = "a new phrase of several words";
  const change = async (agent: request.Agent, fields: Record<string, string>) => {
    const form = await agent.get("/account");
    expect(form.status).toBe(200);
    return agent
      .post("/account/password")
      .type("form")
      .send({ ...fields, _csrf: csrfOf(form.text) });
  };

  it("refuses a wrong current password, a short one and two that differ, each beside its field", async () => {
    await auth.add("changer@example.org", "member");
    const agent = await signedIn(app, "changer@example.org");
    const wrong = await change(agent, { current: "not the password", next: NEW, confirm: NEW });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("This is not your current password.");
    expect(wrong.text).toMatch(/id="password-current"[^>]+aria-invalid="true"/);
    const short = await change(agent, { current: PASSWORD, next: "short", confirm: "short" });
    expect(short.status).toBe(422);
    expect(short.text).toContain("The new password needs at least 12 characters.");
    const differ = await change(agent, { current: PASSWORD, next: NEW, confirm: `${NEW}!` });
    expect(differ.status).toBe(422);
    expect(differ.text).toContain("The two new passwords are not the same.");
    const same = await change(agent, { current: PASSWORD, next: PASSWORD, confirm: PASSWORD });
    expect(same.status).toBe(422);
    expect(same.text).toContain("The new password is the same as the current one.");
    expect(same.text).toMatch(/id="password-next"[^>]+aria-invalid="true"/);
    // Nothing typed is sent back, and the old password still signs in.
    for (const res of [wrong, short, differ, same]) {
      expect(res.text).not.toContain(NEW);
      expect(res.text).not.toContain(PASSWORD);
    }
    await signedIn(app, "changer@example.org");
  });

  it("changes it: this session goes on, other sessions end, and only the new one signs in", async () => {
    await auth.add("mover@example.org", "member");
    const elsewhere = await signedIn(app, "mover@example.org");
    clock += 1000;
    const here = await signedIn(app, "mover@example.org");
    clock += 1000;
    const res = await change(here, { current: PASSWORD, next: NEW, confirm: NEW });
    expect(res.status).toBe(303);
    expect(res.headers["location"]).toBe("/account?done=password");
    // A new session id for this browser: the old one is worth nothing.
    expect(cookie(res, "kb_session")).toBeDefined();
    const after = await here.get("/account?done=password");
    expect(after.status).toBe(200);
    expect(after.text).toContain("Your password has been changed.");
    expect((await elsewhere.get("/account")).status).toBe(401);
    expect(
      (await request(app).get("/account").set("Cookie", `kb_session=${here.sessionId}`)).status,
    ).toBe(401);
    expect((await attempt("mover@example.org", PASSWORD, "203.0.113.9", app)).status).toBe(401);
    await signedIn(app, "mover@example.org", NEW);
    const events = (await auth.setup.audit.read(50)).events;
    expect(
      events.some((e) => e.event === "password-changed" && e.actor === "mover@example.org"),
    ).toBe(true);
    const logged = JSON.stringify(events) + logs.lines.join("\n");
    expect(logged).not.toContain(NEW);
  });

  it("ends every other session on request, this one going on under a new id", async () => {
    await auth.add("traveller@example.org", "member");
    const elsewhere = await signedIn(app, "traveller@example.org");
    clock += 1000;
    const here = await signedIn(app, "traveller@example.org");
    clock += 1000;
    const form = await here.get("/account");
    expect(form.text).toContain('action="/account/sessions/end-others"');
    expect(form.text).toMatch(
      /1 other session of your account is open, last active on \d+ \w+ \d{4}, \d\d:\d\d/,
    );
    const forged = await here.post("/account/sessions/end-others").type("form").send({});
    expect(forged.status).toBe(403);
    expect((await elsewhere.get("/account")).status).toBe(200);
    const res = await here
      .post("/account/sessions/end-others")
      .type("form")
      .send({ _csrf: csrfOf(form.text) });
    expect(res.status).toBe(303);
    expect(res.headers["location"]).toBe("/account?done=sessions");
    expect(cookie(res, "kb_session")).toBeDefined();
    const after = await here.get("/account?done=sessions");
    expect(after.status).toBe(200);
    expect(after.text).toContain("Every other session of your account has ended");
    expect(after.text).toContain("No other session of your account is open.");
    expect((await elsewhere.get("/account")).status).toBe(401);
    expect(
      (await request(app).get("/account").set("Cookie", `kb_session=${here.sessionId}`)).status,
    ).toBe(401);
    // The password is unchanged.
    await signedIn(app, "traveller@example.org");
    const events = (await auth.setup.audit.read(20)).events;
    expect(
      events.some(
        (e) =>
          e.event === "sign-out" &&
          e.actor === "traveller@example.org" &&
          e.detail === "every other session of the account",
      ),
    ).toBe(true);
  });

  it("refuses a change sent without the form's CSRF token", async () => {
    await auth.add("tokened@example.org", "member");
    const agent = await signedIn(app, "tokened@example.org");
    const res = await agent
      .post("/account/password")
      .type("form")
      .send({ current: PASSWORD, next: NEW, confirm: NEW });
    expect(res.status).toBe(403);
    await signedIn(app, "tokened@example.org");
  });
});
