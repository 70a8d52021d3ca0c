import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type express from "express";
import Provider from "oidc-provider";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, sharedIndex, testApp } from "../setup/helpers.js";
import { csrfOf, testAuth } from "../setup/auth.js";

// Single sign-on against a real OpenID Connect provider (oidc-provider), started here on
// loopback with its built-in sign-in pages. The provider's accounts carry role and group claims;
// the knowledge base maps them to its roles and working groups.

const REDIRECT = "http://kb.test/login/oidc/callback";
const PEOPLE: Record<string, { email: string; name: string; roles?: unknown; groups?: unknown }> = {
  alice: {
    email: "Alice@Example.org",
    name: "Alice Editor",
    roles: ["editor"],
    groups: ["wg-alpha"],
  },
  bob: { email: "bob@example.org", name: "Bob Reader" },
  carol: {
    email: "carol@example.org",
    name: "Carol Member",
    roles: ["superuser", "member"],
    groups: "wg-beta, Not A Group",
  },
};

let server: Server;
let issuer = "";
let app: express.Express;
let auth: Awaited<ReturnType<typeof testAuth>>;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "kb",
        client_secret: "a client secret long enough for the provider",
        redirect_uris: [REDIRECT],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], email: ["email"], profile: ["name", "roles", "groups"] },
    async findAccount(_ctx, sub) {
      const person = PEOPLE[sub];
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...person }) };
    },
    cookies: { keys: ["fixture cookie key for the provider"] },
  });
  // The built-in sign-in pages accept any password: the account is the login typed.
  server.on("request", provider.callback());
  auth = await testAuth({
    oidc: {
      issuer,
      clientId: "kb",
      clientSecret: "a client secret long enough for the provider",
      redirectUrl: REDIRECT,
      rolesClaim: "roles",
      groupsClaim: "groups",
      defaultRole: "reader",
      label: "the fixture provider",
    },
  });
  ({ app } = await testApp(sharedIndex("basic"), { auth: auth.setup }));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await removeDir(auth.dataDir);
});

/** A tiny browser for the provider's pages: follows redirects and keeps its cookies. */
async function throughProvider(start: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: string, form?: Record<string, string>) => {
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : null,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
  let url = start;
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 12; step += 1) {
    const res = await send(url, form);
    form = undefined;
    const location = res.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(REDIRECT)) return next;
      url = next.href;
      continue;
    }
    const html = await res.text();
    expect(res.status, html.slice(0, 300)).toBe(200);
    const action = /<form[^>]+action="([^"]+)"/.exec(html)?.[1];
    expect(action, "the provider shows a form").toBeTruthy();
    url = new URL(action!, url).href;
    form = /name="login"/.test(html)
      ? { prompt: "login", login, password: "any password" }
      : { prompt: "consent" };
  }
  throw new Error("the provider never sent the browser back");
}

async function signInAs(login: string, next = "/compare") {
  const agent = request.agent(app);
  const start = await agent.get("/login/oidc").query({ next });
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers["location"]!);
  expect(authorize.origin).toBe(issuer);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("state")).toBeTruthy();
  expect(authorize.searchParams.get("nonce")).toBeTruthy();
  const back = await throughProvider(authorize.href, login);
  const res = await agent.get(`${back.pathname}${back.search}`);
  return { agent, res, back };
}

describe("single sign-on with OpenID Connect", () => {
  it("offers it on the sign-in page", async () => {
    const res = await request(app).get("/login");
    expect(res.text).toContain("sign in with the fixture provider");
  });

  it("signs in with the provider's account and maps its role and group claims", async () => {
    const { agent, res } = await signInAs("alice");
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    expect(res.headers["location"]).toBe("/compare");
    const session = (await agent.get("/api/session")).body;
    expect(session).toMatchObject({
      signedIn: true,
      email: "alice@example.org",
      name: "Alice Editor",
      role: "editor",
      groups: ["wg-alpha"],
    });
  });

  it("ends the identity's other sessions from Your account, this one going on", async () => {
    const elsewhere = (await signInAs("alice")).agent;
    const { agent: here } = await signInAs("alice");
    const page = await here.get("/account");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/\d+ other sessions? of your account (is|are) open/);
    const res = await here
      .post("/account/sessions/end-others")
      .type("form")
      .send({ _csrf: csrfOf(page.text) });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    expect((await elsewhere.get("/api/session")).body.signedIn).toBe(false);
    expect((await here.get("/api/session")).body).toMatchObject({
      signedIn: true,
      email: "alice@example.org",
    });
    expect((await here.get("/account")).text).toContain(
      "No other session of your account is open.",
    );
  });

  it("gives the default role when the provider names none, and ignores unknown roles and bad group names", async () => {
    const bob = (await (await signInAs("bob")).agent.get("/api/session")).body;
    expect(bob).toMatchObject({ signedIn: true, role: "reader", groups: [] });
    const carol = (await (await signInAs("carol")).agent.get("/api/session")).body;
    expect(carol).toMatchObject({ signedIn: true, role: "member", groups: ["wg-beta"] });
  });

  it("refuses a sign-in that this browser did not start, and a code used twice", async () => {
    const { back } = await signInAs("bob");
    // Another browser, without the signed cookie of the sign-in it did not start.
    const stranger = await request(app).get(`${back.pathname}${back.search}`);
    expect(stranger.status).toBe(401);
    expect(stranger.text).toContain("did not complete");

    const agent = request.agent(app);
    const start = await agent.get("/login/oidc");
    const fresh = await throughProvider(start.headers["location"]!, "bob");
    expect((await agent.get(`${fresh.pathname}${fresh.search}`)).status).toBe(303);
    // The cookie is gone after use, so the same answer replayed is refused.
    const replay = await agent.get(`${fresh.pathname}${fresh.search}`);
    expect(replay.status).toBe(401);
  });

  it("refuses an answer whose state does not match the sign-in under way", async () => {
    const agent = request.agent(app);
    const start = await agent.get("/login/oidc");
    const back = await throughProvider(start.headers["location"]!, "alice");
    back.searchParams.set("state", "tampered");
    const res = await agent.get(`${back.pathname}${back.search}`);
    expect(res.status).toBe(401);
    expect((await agent.get("/api/session")).body.signedIn).toBe(false);
  });
});
