import { readFile } from "node:fs/promises";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfOf, signedIn } from "../setup/auth.js";
import { analysisInput, editingRepo, editingSetup, PEOPLE } from "../setup/editing.js";

// Personal API tokens: created and revoked on /account, shown once, kept as sha256, sent as
// `Authorization: Bearer`, exempt from CSRF (no cookie involved), refused once revoked or when
// the account is disabled, and never logged.

let env: Awaited<ReturnType<typeof editingSetup>>;
beforeAll(async () => {
  env = await editingSetup({ repo: await editingRepo() });
});
afterAll(async () => {
  await env.cleanUp();
});

/** Creates a token as `who` on the account page; returns it and the signed-in agent. */
async function createToken(who: keyof typeof PEOPLE, name = "import script") {
  const agent = await signedIn(env.app, PEOPLE[who].email);
  const page = await agent.get("/account");
  expect(page.status).toBe(200);
  const res = await agent
    .post("/account/tokens")
    .type("form")
    .send({ _csrf: csrfOf(page.text), name });
  expect(res.status).toBe(201);
  const token = /value="(kbt_[A-Za-z0-9_-]{43})"/.exec(res.text)?.[1];
  expect(token, "the page shows the new token").toBeTruthy();
  return { agent, token: token! };
}

describe("API tokens", () => {
  it("are shown once and kept only as a hash", async () => {
    const { agent, token } = await createToken("contributor");
    const again = await agent.get("/account");
    expect(again.text).toContain("import script");
    expect(again.text).not.toContain(token);
    const file = await readFile(join(env.auth.dataDir, "accounts.json"), "utf8");
    expect(file).not.toContain(token);
    expect(file).toMatch(/"hash": "[0-9a-f]{64}"/);
    const audit = await readFile(join(env.auth.dataDir, "audit.log"), "utf8");
    expect(audit).toContain('"event":"token-created"');
    expect(audit).not.toContain(token);
    expect(env.logs.lines.length).toBeGreaterThan(0);
    for (const line of env.logs.lines) expect(line).not.toContain(token);
  });

  it("authenticate API requests as their account, without a CSRF token", async () => {
    const { token } = await createToken("contributor", "bearer test");
    const session = await request(env.app)
      .get("/api/session")
      .set("Authorization", `Bearer ${token}`);
    expect(session.body).toMatchObject({
      signedIn: true,
      email: PEOPLE.contributor.email,
      role: "contributor",
    });
    expect(session.headers["cache-control"]).toBe("private, no-store");
    const res = await request(env.app)
      .post("/api/proposals")
      .set("Authorization", `Bearer ${token}`)
      .send(analysisInput({ as_of: "2026-11-19" }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers["location"]).toBe(`/api/proposals/${res.body.proposal.id}`);
    // An editor's token reads the feed, which feed readers cannot do with a cookie.
    const editor = await createToken("editor", "feed reader");
    const feed = await request(env.app)
      .get("/feeds/proposals.atom")
      .set("Authorization", `Bearer ${editor.token}`);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain(res.body.proposal.id);
  });

  it("never work in the address, and cannot manage tokens", async () => {
    const { token } = await createToken("contributor", "address test");
    // A token in the address is not read: the request is anonymous.
    const inQuery = await request(env.app).get(`/api/proposals?token=${token}`);
    expect(inQuery.status).toBe(401);
    const manage = await request(env.app)
      .post("/account/tokens")
      .set("Authorization", `Bearer ${token}`)
      .type("form")
      .send({ name: "another" });
    expect(manage.status).toBe(403);
    expect(manage.text).toContain("API tokens are managed from a signed-in browser session.");
  });

  it("fail with 401 when mistyped, revoked or when the account is disabled", async () => {
    const bad = await request(env.app)
      .get("/api/proposals")
      .set("Authorization", "Bearer kbt_nope");
    expect(bad.status).toBe(401);
    expect(bad.headers["www-authenticate"]).toContain("Bearer");
    expect(bad.body.error.message).toBe(
      "The API token is not valid: it was revoked or mistyped, or its account is disabled.",
    );
    const { agent, token } = await createToken("other", "to revoke");
    expect(
      (await request(env.app).get("/api/proposals").set("Authorization", `Bearer ${token}`)).status,
    ).toBe(200);
    const page = await agent.get("/account");
    const id = /action="\/account\/tokens\/([0-9a-f]+)\/revoke"/.exec(page.text)?.[1];
    expect(id).toBeTruthy();
    const revoked = await agent
      .post(`/account/tokens/${id}/revoke`)
      .type("form")
      .send({ _csrf: csrfOf(page.text) });
    expect(revoked.status).toBe(303);
    expect(
      (await request(env.app).get("/api/proposals").set("Authorization", `Bearer ${token}`)).status,
    ).toBe(401);
    const audit = await readFile(join(env.auth.dataDir, "audit.log"), "utf8");
    expect(audit).toContain('"event":"token-revoked"');

    const member = await createToken("member", "member token");
    await env.auth.setup.accounts.update((accounts) => {
      const a = accounts.find((x) => x.email === PEOPLE.member.email);
      if (a) a.disabled = true;
    });
    // The accounts file is read again within half a second.
    await new Promise((r) => setTimeout(r, 600));
    expect(
      (await request(env.app).get("/api/session").set("Authorization", `Bearer ${member.token}`))
        .status,
    ).toBe(401);
  });

  it("need a name, and the form's CSRF token", async () => {
    const agent = await signedIn(env.app, PEOPLE.editor.email);
    const page = await agent.get("/account");
    const empty = await agent
      .post("/account/tokens")
      .type("form")
      .send({ _csrf: csrfOf(page.text), name: "" });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Give the token a name of 1 to 60 characters");
    expect((await agent.post("/account/tokens").type("form").send({ name: "x" })).status).toBe(403);
    expect((await request(env.app).get("/account")).status).toBe(401);
  });
});
