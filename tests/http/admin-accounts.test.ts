import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newToken } from "../../server/auth/accounts.js";
import { csrfOf, PASSWORD, signedIn, testAuth } from "../setup/auth.js";
import { memoryLogger, removeDir, sharedIndex, testApp } from "../setup/helpers.js";
import { englishPieces, interfaceText } from "../setup/interface-text.js";

// Administrators manage the site's own accounts at /admin/accounts: add, change name, role and
// groups, set a password, disable and enable. Every change is audited, takes effect at the
// account's next request, and never lets the site lose its last active administrator.

let auth: Awaited<ReturnType<typeof testAuth>>;
let app: express.Express;
const logs = memoryLogger();
const NEW_PASSWORD = "a long and new password for them";

beforeAll(async () => {
  auth = await testAuth();
  await auth.add("admin@example.org", "admin");
  await auth.add("editor@example.org", "editor");
  await auth.add("member@example.org", "member", ["wg-alpha"]);
  ({ app } = await testApp(sharedIndex("basic"), { auth: auth.setup, log: logs.log }));
});
afterAll(async () => {
  await removeDir(auth.dataDir);
});

const idOf = async (email: string) => (await auth.setup.accounts.byEmail(email))!.id;
const audit = async () => readFile(join(auth.dataDir, "audit.log"), "utf8");

/** An administrator's agent with the CSRF token of the accounts page. */
async function adminAgent() {
  const agent = await signedIn(app, "admin@example.org");
  const page = await agent.get("/admin/accounts");
  expect(page.status).toBe(200);
  return { agent, csrf: csrfOf(page.text), page };
}

describe("the accounts page", () => {
  it("is for administrators only, and linked from their header", async () => {
    expect((await request(app).get("/admin/accounts")).status).toBe(401);
    expect((await request(app).get("/api/admin/accounts")).status).toBe(401);
    const editor = await signedIn(app, "editor@example.org");
    const refused = await editor.get("/api/admin/accounts");
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("This page is for administrators.");
    expect((await editor.get("/admin/accounts")).status).toBe(403);
    expect((await editor.get(`/admin/accounts/${await idOf("member@example.org")}`)).status).toBe(
      403,
    );
    expect((await editor.get("/")).text).not.toContain('href="/admin/accounts"');
    const { agent, page } = await adminAgent();
    expect(page.text).toContain('<a href="/admin/accounts" aria-current="page">Accounts</a>');
    expect(page.headers["cache-control"]).toBe("private, no-store");
    // Every account, with its role and groups in words, and no hash.
    expect(page.text).toContain("member@example.org");
    expect(page.text).toMatch(
      /<td data-label="Role">member<\/td><td data-label="Working groups">wg-alpha <span class="hint">\(no material of the corpus is restricted to this group\)<\/span><\/td><td data-label="State">Active<\/td>/,
    );
    expect(page.text).not.toContain("$argon2");
    const json = await agent.get("/api/admin/accounts");
    expect(json.status).toBe(200);
    expect(json.body.accounts.map((a: { email: string }) => a.email)).toEqual(
      expect.arrayContaining(["admin@example.org", "editor@example.org", "member@example.org"]),
    );
    expect(JSON.stringify(json.body)).not.toMatch(/argon2|passwordHash|"hash"/);
  });

  it("adds an account that can sign in at once, audited without its password", async () => {
    const { agent, csrf } = await adminAgent();
    const res = await agent.post("/admin/accounts").type("form").send({
      _csrf: csrf,
      email: "  New.Expert@Example.org ",
      name: "New Expert",
      role: "contributor",
      groups: "wg-moldova, wg-ukraine wg-moldova",
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(res.status).toBe(303);
    const id = await idOf("new.expert@example.org");
    expect(res.headers["location"]).toBe(`/admin/accounts/${id}?done=added`);
    const shown = await agent.get(res.headers["location"]!);
    expect(shown.text).toContain("The account new.expert@example.org was added.");
    // The basic corpus restricts nothing: each group is said to give no material.
    expect(shown.text).toMatch(/<dd>wg-moldova <span class="hint">[^<]+<\/span>, wg-ukraine <span/);
    const session = await (
      await signedIn(app, "new.expert@example.org", NEW_PASSWORD)
    ).get("/api/session");
    expect(session.body).toMatchObject({
      role: "contributor",
      groups: ["wg-moldova", "wg-ukraine"],
    });
    const log = await audit();
    expect(log).toMatch(
      /"event":"account-added","actor":"admin@example.org","target":"new.expert@example.org".*role contributor; groups wg-moldova, wg-ukraine/,
    );
    expect(log).not.toContain(NEW_PASSWORD);
    for (const line of logs.lines) expect(line).not.toContain(NEW_PASSWORD);
    // The audit log's page leads from the event to the account.
    expect((await agent.get("/admin/audit")).text).toContain(
      `<a href="/admin/accounts/${id}">new.expert@example.org</a>`,
    );
  });

  it("asks the person to replace a password an administrator set, until they do", async () => {
    const { agent, csrf } = await adminAgent();
    const added = await agent.post("/admin/accounts").type("form").send({
      _csrf: csrf,
      email: "temporary@example.org",
      role: "member",
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(added.status).toBe(303);
    const person = request.agent(app);
    const form = await person.get("/login");
    const signIn = await person
      .post("/login")
      .type("form")
      .send({
        email: "temporary@example.org",
        password: NEW_PASSWORD,
        next: "/countries",
        _csrf: csrfOf(form.text),
      });
    expect(signIn.status).toBe(303);
    expect(signIn.headers["location"]).toBe("/account#password-title");
    const banner = "An administrator set your password. Choose one of your own at";
    expect((await person.get("/countries")).text).toContain(banner);
    const account = await person.get("/account");
    const own = "a phrase the person chose";
    const changed = await person
      .post("/account/password")
      .type("form")
      .send({
        _csrf: csrfOf(account.text),
        current: NEW_PASSWORD,
        next: own,
        confirm: own,
      });
    expect(changed.status).toBe(303);
    expect((await person.get("/countries")).text).not.toContain(banner);
    expect((await auth.setup.accounts.byEmail("temporary@example.org"))?.mustChangePassword).toBe(
      false,
    );
    // Set again by an administrator: asked again.
    const id = await idOf("temporary@example.org");
    await agent
      .post(`/admin/accounts/${id}/password`)
      .type("form")
      .send({ _csrf: csrf, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect((await auth.setup.accounts.byId(id))?.mustChangePassword).toBe(true);
    // Other people are never asked.
    expect((await agent.get("/")).text).not.toContain(banner);
  });

  it("keeps what was typed and says beside each field what is wrong", async () => {
    const { agent, csrf } = await adminAgent();
    const res = await agent.post("/admin/accounts").type("form").send({
      _csrf: csrf,
      email: "member@example.org",
      name: "Someone <b>bold</b>",
      role: "overlord",
      groups: "WG Alpha!",
      password: "short",
      confirm: "short",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("An account member@example.org exists already.");
    expect(res.text).toContain("Choose one of the roles.");
    expect(res.text).toContain("is not a group name");
    expect(res.text).toContain("The new password needs at least 12 characters.");
    // What was typed stays, escaped; passwords are never sent back.
    expect(res.text).toContain('value="Someone &lt;b&gt;bold&lt;/b&gt;"');
    expect(res.text).toContain('value="member@example.org"');
    expect(res.text).not.toContain('value="short"');
    expect(res.text).toMatch(/id="add-email"[^>]*aria-invalid="true"/);
    const bad = await agent
      .post("/admin/accounts")
      .type("form")
      .send({
        _csrf: csrf,
        email: "not an address",
        role: "reader",
        password: NEW_PASSWORD,
        confirm: `${NEW_PASSWORD}!`,
      });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Enter an e-mail address");
    expect(bad.text).toContain("The two new passwords are not the same.");
    expect((await auth.setup.accounts.list()).some((a) => a.email === "not an address")).toBe(
      false,
    );
  });

  it("changes role and groups, effective at the account's next request", async () => {
    const member = await signedIn(app, "member@example.org");
    expect((await member.get("/api/session")).body.role).toBe("member");
    const { agent, csrf } = await adminAgent();
    const id = await idOf("member@example.org");
    const res = await agent
      .post(`/admin/accounts/${id}`)
      .type("form")
      .send({ _csrf: csrf, name: "Moldova expert", role: "editor", groups: "" });
    expect(res.status).toBe(303);
    expect(res.headers["location"]).toBe(`/admin/accounts/${id}?done=changed`);
    expect((await member.get("/api/session")).body).toMatchObject({
      role: "editor",
      groups: [],
      name: "Moldova expert",
    });
    expect(await audit()).toMatch(
      /"event":"account-changed".*"target":"member@example.org".*name Moldova expert; role editor; groups none/,
    );
    const json = await agent.get(`/api/admin/accounts/${id}`);
    expect(json.body).toMatchObject({ role: "editor", groups: [], hasPassword: true, tokens: 0 });
    expect((await agent.get("/api/admin/accounts/not-an-id")).status).toBe(404);
  });

  it("sets a new password that ends the account's sessions", async () => {
    const editor = await signedIn(app, "editor@example.org");
    expect((await editor.get("/api/session")).body.signedIn).toBe(true);
    const { agent, csrf } = await adminAgent();
    const id = await idOf("editor@example.org");
    const short = await agent
      .post(`/admin/accounts/${id}/password`)
      .type("form")
      .send({ _csrf: csrf, password: "tiny", confirm: "tiny" });
    expect(short.status).toBe(422);
    expect(short.text).toMatch(/id="set-password"[^>]*aria-invalid="true"/);
    const res = await agent
      .post(`/admin/accounts/${id}/password`)
      .type("form")
      .send({ _csrf: csrf, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.status).toBe(303);
    expect((await editor.get("/api/session")).body.signedIn).toBe(false);
    await signedIn(app, "editor@example.org", NEW_PASSWORD);
    expect(await audit()).toMatch(
      /"event":"password-changed","actor":"admin@example.org","target":"editor@example.org".*set by an administrator/,
    );
    expect(await audit()).not.toContain(NEW_PASSWORD);
  });

  it("disables an account (its sessions and tokens stop working) and enables it again", async () => {
    await auth.add("leaving@example.org", "contributor");
    const token = newToken("script");
    await auth.setup.accounts.update((accounts) => {
      accounts.find((a) => a.email === "leaving@example.org")?.tokens.push(token.record);
    });
    const leaving = await signedIn(app, "leaving@example.org");
    const { agent, csrf } = await adminAgent();
    const id = await idOf("leaving@example.org");
    const res = await agent
      .post(`/admin/accounts/${id}/disable`)
      .type("form")
      .send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect((await leaving.get("/api/session")).body.signedIn).toBe(false);
    const withToken = await request(app)
      .get("/api/session")
      .set("Authorization", `Bearer ${token.token}`);
    expect(withToken.status).toBe(401);
    const page = await agent.get(`/admin/accounts/${id}?done=disabled`);
    expect(page.text).toContain("The account is disabled, and its sessions have ended.");
    expect(page.text).toContain("<strong>Disabled</strong>");
    expect(page.text).toContain(`action="/admin/accounts/${id}/enable"`);
    const list = await agent.get("/admin/accounts");
    expect(list.text).toMatch(
      /leaving@example\.org<\/a><\/th>.*<td data-label="State"><strong>Disabled<\/strong>/,
    );
    expect(
      (await agent.post(`/admin/accounts/${id}/enable`).type("form").send({ _csrf: csrf })).status,
    ).toBe(303);
    await signedIn(app, "leaving@example.org", PASSWORD);
    const log = await audit();
    expect(log).toContain('"event":"account-disabled","actor":"admin@example.org"');
    expect(log).toContain('"event":"account-enabled","actor":"admin@example.org"');
  });

  it("revokes a person's API token, and says when each account last signed in", async () => {
    await auth.add("scripter@example.org", "contributor");
    const token = newToken("import script");
    await auth.setup.accounts.update((accounts) => {
      accounts.find((a) => a.email === "scripter@example.org")?.tokens.push(token.record);
    });
    const bearer = () =>
      request(app).get("/api/session").set("Authorization", `Bearer ${token.token}`);
    expect((await bearer()).status).toBe(200);
    const { agent, csrf } = await adminAgent();
    const id = await idOf("scripter@example.org");
    // Never signed in: said in words, and null in the JSON.
    expect((await agent.get(`/api/admin/accounts/${id}`)).body.lastSignIn).toBeNull();
    const page = await agent.get(`/admin/accounts/${id}`);
    expect(page.text).toContain("<dd>Never</dd>");
    expect(page.text).toContain("<td>import script</td>");
    const res = await agent
      .post(`/admin/accounts/${id}/tokens/${token.record.id}/revoke`)
      .type("form")
      .send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers["location"]).toBe(`/admin/accounts/${id}?done=revoked`);
    expect((await bearer()).status).toBe(401);
    expect((await agent.get(res.headers["location"]!)).text).toContain(
      "The account has no API tokens.",
    );
    expect(await audit()).toMatch(
      /"event":"token-revoked","actor":"admin@example.org","target":"scripter@example.org".*by an administrator/,
    );
    const again = await agent
      .post(`/admin/accounts/${id}/tokens/${token.record.id}/revoke`)
      .type("form")
      .send({ _csrf: csrf });
    expect(again.status).toBe(404);
    // A sign-in is recorded, and shown.
    await signedIn(app, "scripter@example.org");
    const after = (await agent.get(`/api/admin/accounts/${id}`)).body.lastSignIn as string;
    expect(Date.parse(after)).toBeGreaterThan(Date.now() - 60_000);
    expect((await agent.get("/admin/accounts")).text).toMatch(
      /scripter@example\.org<\/a><\/th>.*<td data-label="Last sign-in">\d{1,2} \w+ \d{4}/,
    );
  });

  it("filters the audit log by person and kind of event, page and JSON alike", async () => {
    const { agent } = await adminAgent();
    const json = await agent
      .get("/api/admin/audit")
      .query({ who: "Member@Example.org", event: "account-changed" });
    expect(json.status).toBe(200);
    const events = json.body.events as { event: string; actor: string; target: string }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      expect(e.event).toBe("account-changed");
      expect([e.actor, e.target]).toContain("member@example.org");
    }
    expect(json.body.total).toBe(events.length);
    const all = await agent.get("/api/admin/audit");
    expect(all.body.total).toBeGreaterThan(json.body.total);
    // The page says how many match, keeps the filter in its form and offers the whole log again.
    const page = await agent
      .get("/admin/audit")
      .query({ who: "member@example.org", event: "account-changed" });
    expect(page.text).toMatch(new RegExp(`${events.length} events? match`));
    expect(page.text).toContain('value="member@example.org"');
    expect(page.text).toContain('<option value="account-changed" selected>');
    expect(page.text).toContain('<a href="/admin/audit">Show every event</a>');
    expect(page.text).toContain(
      'href="/api/admin/audit?who&#x3D;member%40example.org&amp;event&#x3D;account-changed"',
    );
    // The account page leads to its events.
    const id = await idOf("member@example.org");
    expect((await agent.get(`/admin/accounts/${id}`)).text).toContain(
      'href="/admin/audit?who&#x3D;member%40example.org"',
    );
    // A kind of event the log does not know is refused, not ignored.
    expect((await agent.get("/api/admin/audit").query({ event: "coffee" })).status).toBe(400);
    // Reading with a filter is recorded with it.
    expect(await audit()).toContain(
      '"event":"audit-read","actor":"admin@example.org","detail":"who member@example.org; event account-changed"',
    );
  });

  it("ends every session of a person's account, which signs in again with its password", async () => {
    await auth.add("laptop@example.org", "member");
    const lost = await signedIn(app, "laptop@example.org");
    expect((await lost.get("/api/session")).body.signedIn).toBe(true);
    const { agent, csrf } = await adminAgent();
    const id = await idOf("laptop@example.org");
    const page = await agent.get(`/admin/accounts/${id}`);
    expect(page.text).toContain(`action="/admin/accounts/${id}/sessions/end"`);
    expect(page.text).toMatch(/1 session of this account is open, last active on \d+ \w+ \d{4}/);
    expect((await agent.get(`/api/admin/accounts/${id}`)).body.openSessions).toBe(1);
    const res = await agent
      .post(`/admin/accounts/${id}/sessions/end`)
      .type("form")
      .send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers["location"]).toBe(`/admin/accounts/${id}?done=sessions`);
    const after = (await agent.get(res.headers["location"]!)).text;
    expect(after).toContain("Every session of the account has ended.");
    expect(after).toContain("No session of this account is open.");
    // Nothing left to end: the form is not offered.
    expect(after).not.toContain(`action="/admin/accounts/${id}/sessions/end"`);
    expect((await agent.get(`/api/admin/accounts/${id}`)).body.openSessions).toBe(0);
    expect((await lost.get("/api/session")).body.signedIn).toBe(false);
    await signedIn(app, "laptop@example.org");
    expect(await audit()).toMatch(
      /"event":"sign-out","actor":"admin@example.org","target":"laptop@example.org".*by an administrator/,
    );
    // One's own sessions end at Your account instead: the form is not offered, and refused.
    const self = await idOf("admin@example.org");
    expect((await agent.get(`/admin/accounts/${self}`)).text).not.toContain("/sessions/end");
    const own = await agent
      .post(`/admin/accounts/${self}/sessions/end`)
      .type("form")
      .send({ _csrf: csrf });
    expect(own.status).toBe(409);
    expect((await agent.get("/api/session")).body.signedIn).toBe(true);
  });

  it("never leaves the site without an active administrator", async () => {
    const { agent, csrf } = await adminAgent();
    const id = await idOf("admin@example.org");
    const demote = await agent
      .post(`/admin/accounts/${id}`)
      .type("form")
      .send({ _csrf: csrf, name: "Admin", role: "editor", groups: "" });
    expect(demote.status).toBe(422);
    expect(demote.text).toContain("This is the only active administrator");
    const disable = await agent
      .post(`/admin/accounts/${id}/disable`)
      .type("form")
      .send({ _csrf: csrf });
    expect(disable.status).toBe(409);
    expect(disable.text).toContain("cannot be disabled");
    const self = await auth.setup.accounts.byId(id);
    expect(self).toMatchObject({ role: "admin", disabled: false });
  });

  it("keeps one administrator when two demote each other at the same moment", async () => {
    const own = await testAuth();
    await own.add("first@example.org", "admin");
    await own.add("second@example.org", "admin");
    // Writes to the accounts file wait behind one held open, until both demotions have checked
    // the accounts they read and asked to write: the moment two requests cross.
    const store = own.setup.accounts;
    const write = store.update.bind(store);
    let asked = 0;
    store.update = (change) => {
      asked += 1;
      return write(change);
    };
    let release = () => {};
    const held = write(() => new Promise<void>((resolve) => (release = resolve)));
    const { app: site } = await testApp(sharedIndex("basic"), { auth: own.setup });
    const ids = Object.fromEntries((await store.list()).map((a) => [a.email, a.id] as const));
    const agents = await Promise.all(
      ["first@example.org", "second@example.org"].map(async (who) => {
        const agent = await signedIn(site, who);
        return { agent, csrf: csrfOf((await agent.get("/admin/accounts")).text) };
      }),
    );
    const demote = ({ agent, csrf }: (typeof agents)[number], whom: string) =>
      agent
        .post(`/admin/accounts/${ids[whom]}`)
        .type("form")
        .send({ _csrf: csrf, name: "x", role: "editor", groups: "" })
        .then((res) => res);
    const asks = asked;
    const answers = Promise.all([
      demote(agents[0]!, "second@example.org"),
      demote(agents[1]!, "first@example.org"),
    ]);
    for (let i = 0; i < 200 && asked < asks + 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(asked - asks).toBe(2);
    release();
    await held;
    expect((await answers).map((r) => r.status).sort()).toEqual([303, 422]);
    const admins = (await store.list()).filter((a) => a.role === "admin");
    expect(admins).toHaveLength(1);
    await removeDir(own.dataDir);
  });

  it("refuses changes without the CSRF token or with an API token", async () => {
    const { agent } = await adminAgent();
    const id = await idOf("leaving@example.org");
    const forged = await agent
      .post(`/admin/accounts/${id}/disable`)
      .type("form")
      .send({ _csrf: "forged" });
    expect(forged.status).toBe(403);
    const token = newToken("admin script");
    await auth.setup.accounts.update((accounts) => {
      accounts.find((a) => a.email === "admin@example.org")?.tokens.push(token.record);
    });
    const bearer = await request(app)
      .post(`/admin/accounts/${id}/disable`)
      .set("Authorization", `Bearer ${token.token}`)
      .type("form")
      .send({});
    expect(bearer.status).toBe(403);
    expect(bearer.text).toContain("signed-in browser session");
    // Reading with a token is fine.
    const read = await request(app)
      .get("/api/admin/accounts")
      .set("Authorization", `Bearer ${token.token}`);
    expect(read.status).toBe(200);
    expect((await auth.setup.accounts.byId(id))?.disabled).toBe(false);
  });

  it.each(["ru", "uk"])("speaks %s on the list, an account and their errors", async (lang) => {
    const { agent, csrf } = await adminAgent();
    const english = englishPieces(["adminAccounts", "account", "proposalForm"]);
    expect(english).toContain("Add an account");
    const id = await idOf("member@example.org");
    const pages = [
      await agent.get("/admin/accounts").query({ lang }),
      await agent.get(`/admin/accounts/${id}`).query({ lang, done: "changed" }),
      await agent
        .post("/admin/accounts")
        .query({ lang })
        .type("form")
        .send({ _csrf: csrf, email: "x", role: "x", groups: "X!", password: "s", confirm: "" }),
    ];
    for (const res of pages) {
      expect(res.text).toContain(`<html lang="${lang}">`);
      const text = interfaceText(res.text);
      expect(text.length).toBeGreaterThan(300);
      expect(english.filter((piece) => text.includes(piece))).toEqual([]);
    }
  });
});
