import { readFile } from "node:fs/promises";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfOf, signedIn } from "../setup/auth.js";
import {
  analysisInput,
  apiAgent,
  editingRepo,
  editingSetup,
  gitOut,
  PEOPLE,
  propose,
} from "../setup/editing.js";
import { sharedIndex, testApp } from "../setup/helpers.js";
import { restrictedRepo } from "../setup/restricted-repo.js";

// Review on a shared fixture repository: conflicts between proposals on one section and their
// resolution, proposals on different sections of one file, two accepts at once, the queue's
// filters and feed; then restricted sections, and an instance without editing.

let env: Awaited<ReturnType<typeof editingSetup>>;
/** While set, an accept waits at its first step (with the lock held) until it resolves. */
let gate: Promise<void> | null = null;
let paused: () => void = () => undefined;

beforeAll(async () => {
  env = await editingSetup({
    repo: await editingRepo(),
    editing: {
      pauseAt: async (step) => {
        if (step !== "locked" || !gate) return;
        paused();
        await gate;
      },
    },
  });
});
afterAll(async () => {
  await env.cleanUp();
});

const ge = () => readFile(join(env.corpus, "countries/ge.md"), "utf8");

async function accept(who: "editor" | "editor2", id: string) {
  const agent = await apiAgent(env.app, who);
  return agent.post(`/api/proposals/${id}/accept`).set("X-CSRF-Token", agent.csrf);
}

describe("a conflict between two proposals on the same section", () => {
  it("is shown with both versions, never overwritten, and resolved in the form", async () => {
    const first = await propose(
      env.app,
      "contributor",
      analysisInput({ status: "implemented", as_of: "2026-11-20" }),
    );
    const second = await propose(
      env.app,
      "other",
      analysisInput({
        status: "not-implemented",
        as_of: "2026-11-21",
        gaps: "- No order for foreign requests.",
      }),
    );
    expect((await accept("editor", first.id)).status).toBe(200);

    const editor = await apiAgent(env.app, "editor");
    const detail = await editor.get(`/api/proposals/${second.id}`);
    expect(detail.body.conflicts).toHaveLength(1);
    expect(detail.body.conflicts[0].fields).toContainEqual({
      name: "status",
      label: "Assessment",
      base: "Partly implemented",
      current: "Implemented",
      proposed: "Not implemented",
    });
    const refused = await accept("editor", second.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe("conflict");
    expect(refused.body.error.message).toMatch(
      /^The corpus changed here since this proposal was made/,
    );
    expect(await ge()).toContain("status: implemented\n");

    const browser = await signedIn(env.app, PEOPLE.editor.email);
    const page = await browser.get(`/proposals/${second.id}`);
    expect(page.text).toContain("Conflict: the corpus changed here since this proposal was made");
    expect(page.text).not.toMatch(/Accept and publish/);
    const form = await browser.get(`/proposals/${second.id}/resolve`);
    expect(form.status).toBe(200);
    expect(form.text).toContain("Resolve a conflict");
    expect(form.text).toMatch(/<option value="not-implemented" selected>/);
    expect(form.text).toMatch(
      /On the corpus branch now:<\/strong> <span class="value-text">Implemented<\/span>/,
    );

    const res = await browser
      .post(`/proposals/${second.id}/resolve`)
      .type("form")
      .send({
        _csrf: csrfOf(form.text),
        kind: "analysis",
        country: "GE",
        article: "29",
        action: "submit",
        status: "partial",
        provisions: "Fixture Code, Art. 136\nFixture Law of 2026, Art. 4",
        as_of: "2026-11-22",
        sources: "fx-treaty, fx-news",
        analysis:
          "Georgian fixture analysis: the 2026 law adds a preservation order, but not for every offence.",
        gaps: "- No order for foreign requests.",
      });
    expect(res.status, res.text.slice(0, 500)).toBe(303);
    const text = await ge();
    expect(text).toContain("status: partial\n");
    expect(text).toContain("- No order for foreign requests.");
    // The proposal's own commit, the resolution and the first accept are all in the record.
    const head = (await gitOut(env.repo, ["rev-parse", `proposals/${second.id}`])).trim();
    expect((await gitOut(env.repo, ["log", "-1", "--format=%P|%an", head])).trim()).toMatch(
      new RegExp(`^${second.head} [0-9a-f]{40}\\|${PEOPLE.editor.name}$`),
    );
    await gitOut(env.repo, ["merge-base", "--is-ancestor", second.head, "main"]);
    await gitOut(env.repo, ["merge-base", "--is-ancestor", first.head, "main"]);
    const events = (await editor.get(`/api/proposals/${second.id}`)).body.events.map(
      (e: { type: string }) => e.type,
    );
    expect(events).toEqual(["opened", "resolved", "accepted"]);
  });

  it("lets proposals on different sections of one file both go in", async () => {
    const a = await propose(env.app, "contributor", {
      ...analysisInput({
        status: "partial",
        provisions: ["Fixture Police Law, Art. 5"],
        as_of: "2026-11-23",
        sources: ["fx-treaty"],
        analysis: "The Georgian point of contact works around the clock, but not at weekends.",
        gaps: "",
      }),
      article: 35,
    });
    const b = await propose(env.app, "other", {
      ...analysisInput({
        status: "not-implemented",
        provisions: [],
        as_of: "2026-11-23",
        sources: ["fx-news"],
        missing: null,
        analysis: "No dedicated preservation order was found for Georgia.",
        gaps: "",
      }),
      article: 16,
    });
    expect((await accept("editor", a.id)).status).toBe(200);
    expect((await accept("editor", b.id)).status).toBe(200);
    const text = await ge();
    expect(text).toContain("but not at weekends.");
    expect(text).toMatch(
      /## Article 16 – Expedited preservation of stored computer data\n\n```yaml\nstatus: not-implemented\nas_of: 2026-11-23\nsources: \[fx-news\]\n```/,
    );
  });
});

describe("two accepts at once", () => {
  it("lets one win and tells the other to retry, and the repository is whole", async () => {
    const one = await propose(env.app, "contributor", {
      kind: "followup",
      recommendation: "FX-02",
      country: "MD",
      fields: {
        date: "2026-11-24",
        status: "adopted",
        event: "A decree on the 24/7 point was adopted.",
        sources: ["fx-news"],
      },
    });
    const two = await propose(env.app, "other", {
      kind: "followup",
      recommendation: "FX-02",
      country: "BY",
      fields: {
        date: "2026-11-25",
        status: "in-progress",
        event: "A draft law on the 24/7 point was published.",
        sources: ["fx-news"],
      },
    });
    let release: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (paused = resolve));
    gate = new Promise<void>((resolve) => (release = resolve));
    const first = accept("editor", one.id);
    await reached;
    const second = await accept("editor2", two.id);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      id: "busy",
      message: "Another accept is under way: try again in a moment.",
    });
    gate = null;
    release();
    expect((await first).status).toBe(200);
    expect((await accept("editor2", two.id)).status).toBe(200);
    const table = await readFile(join(env.corpus, "followup/fixture.md"), "utf8");
    expect(table).toContain("| 2026-11-24 | FX-02 | MD | adopted |");
    expect(table).toContain("| 2026-11-25 | FX-02 | BY | in-progress |");
    expect((await gitOut(env.repo, ["status", "--porcelain"])).trim()).toBe("");
  });

  it("answers one 200 and one 409 when two editors accept the same proposal together", async () => {
    const p = await propose(env.app, "contributor", {
      kind: "followup",
      recommendation: "FX-01",
      country: "MD",
      fields: {
        date: "2026-11-26",
        status: "in-progress",
        event: "A working group drafted a quick freeze provision.",
        sources: ["fx-news"],
      },
    });
    const results = await Promise.all([accept("editor", p.id), accept("editor2", p.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const table = await readFile(join(env.corpus, "followup/fixture.md"), "utf8");
    expect(table.split("2026-11-26").length - 1).toBe(1);
  });
});

describe("the queue", () => {
  it("filters by status, country, article, contributor and age, oldest open first", async () => {
    await propose(env.app, "other", { ...analysisInput({ as_of: "2026-11-27" }), article: 29 });
    const editor = await apiAgent(env.app, "editor");
    const all = await editor.get("/api/proposals?status=all");
    expect(all.body.total).toBeGreaterThan(5);
    const open = await editor.get("/api/proposals");
    expect(open.body.proposals.length).toBeGreaterThan(0);
    for (const p of open.body.proposals) expect(p.status).toBe("open");
    const byOther = await editor.get("/api/proposals?status=all&contributor=other");
    expect(byOther.body.proposals.length).toBeGreaterThan(0);
    for (const p of byOther.body.proposals) expect(p.author).toBe(PEOPLE.other.name);
    const art35 = await editor.get("/api/proposals?status=all&country=GE&article=35");
    expect(art35.body.proposals.map((p: { article: number }) => p.article)).toEqual([35]);
    expect((await editor.get("/api/proposals?status=all&age=older")).body.total).toBe(0);
    expect((await editor.get("/api/proposals?status=all&age=week")).body.total).toBe(
      all.body.total,
    );
    expect((await editor.get("/api/proposals?age=ancient")).status).toBe(400);
    // A contributor sees only their own.
    const mine = await (await apiAgent(env.app, "other")).get("/api/proposals?status=all");
    expect(mine.body.proposals.length).toBeGreaterThan(0);
    for (const p of mine.body.proposals) expect(p.author).toBe(PEOPLE.other.name);
    const page = await (await signedIn(env.app, PEOPLE.editor.email)).get("/proposals?country=GE");
    expect(page.text).toContain("<h1>Review queue</h1>");
    expect(page.text).toMatch(/<option value="GE" selected>Georgia<\/option>/);
  });

  it("has a feed for editors, and none for others", async () => {
    const editor = await signedIn(env.app, PEOPLE.editor.email);
    const feed = await editor.get("/feeds/proposals.atom");
    expect(feed.status).toBe(200);
    expect(feed.headers["content-type"]).toContain("application/atom+xml");
    expect(feed.text).toMatch(
      /<entry>\n {4}<id>urn:eap-cyber-mla-kb:proposal:\d{8}-[a-z0-9]{6}<\/id>/,
    );
    expect((await request(env.app).get("/feeds/proposals.atom")).status).toBe(401);
    expect(
      (await (await signedIn(env.app, PEOPLE.contributor.email)).get("/feeds/proposals.atom"))
        .status,
    ).toBe(403);
  });
});

describe("restricted sections", () => {
  let restricted: Awaited<ReturnType<typeof editingSetup>>;
  beforeAll(async () => {
    restricted = await editingSetup({ repo: await restrictedRepo() });
  });
  afterAll(async () => {
    await restricted.cleanUp();
  });
  const input = {
    kind: "analysis",
    country: "GE",
    article: 31,
    fields: {
      status: "partial",
      provisions: [],
      as_of: "2026-11-30",
      sources: ["fx-news"],
      missing: null,
      analysis: "Draft for the working group: the saffronquay procedure now has a deadline.",
      gaps: "",
    },
  };

  it("stay visible only to those who may read them, in the form, the queue and the proposal", async () => {
    const outsider = await apiAgent(restricted.app, "other");
    const refused = await outsider
      .post("/api/proposals")
      .set("X-CSRF-Token", outsider.csrf)
      .send(input);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toContain("saffronquay");
    const form = await (
      await signedIn(restricted.app, PEOPLE.other.email)
    ).get("/proposals/new?kind=analysis&country=GE&article=31");
    expect(form.status).toBe(404);
    expect(form.text).not.toContain("saffronquay");

    const proposal = await propose(restricted.app, "alpha", input);
    expect((await outsider.get(`/api/proposals/${proposal.id}`)).status).toBe(404);
    const editor = await apiAgent(restricted.app, "editor");
    const seen = await editor.get(`/api/proposals/${proposal.id}`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).toContain("saffronquay");
    const record = JSON.parse(
      await gitOut(restricted.repo, ["show", `refs/proposal-meta/${proposal.id}:proposal.json`]),
    );
    expect(record.access).toEqual([["group:wg-alpha"]]);
    // The author sees their own while they belong to the group.
    expect(
      (await (await apiAgent(restricted.app, "alpha")).get(`/api/proposals/${proposal.id}`)).status,
    ).toBe(200);
  });

  it("are kept from an editor's queue only by the same rule (editors read everything)", async () => {
    const editor = await apiAgent(restricted.app, "editor");
    const list = await editor.get("/api/proposals");
    expect(list.body.proposals.some((p: { article: number }) => p.article === 31)).toBe(true);
    const outsider = await apiAgent(restricted.app, "other");
    expect(JSON.stringify((await outsider.get("/api/proposals?status=all")).body)).not.toContain(
      "Art. 31",
    );
  });
});

describe("an instance without the corpus work tree", () => {
  it("says that editing happens on the main instance, and offers no edit links", async () => {
    const { app } = await testApp(sharedIndex("basic"), { auth: env.auth.setup });
    const agent = await apiAgent(app, "contributor");
    const res = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send(analysisInput());
    expect(res.status).toBe(409);
    expect(res.body.error.id).toBe("editing_unavailable");
    expect(res.body.error.message).toMatch(
      /^Editing happens on the main instance, the one that holds the corpus's git work tree; this instance serves the knowledge base read-only/,
    );
    const page = await (await signedIn(app, PEOPLE.contributor.email)).get("/proposals");
    expect(page.status).toBe(409);
    expect(page.text).toContain("Editing happens on the main instance");
    const country = await (await signedIn(app, PEOPLE.contributor.email)).get("/countries/GE");
    expect(country.text).not.toContain("Propose a change");
    const status = await (await apiAgent(app, "editor")).get("/api/corpus/status");
    expect(status.body.editing).toMatchObject({ enabled: false, branch: null });
  });

  it("while the main instance offers the links to contributors only", async () => {
    const contributor = await signedIn(env.app, PEOPLE.contributor.email);
    const country = await contributor.get("/countries/GE");
    expect(country.text).toContain(
      'href="/proposals/new?kind=analysis&amp;country=GE&amp;article=29"',
    );
    expect(country.text).toContain('href="/proposals/new?kind=profile&amp;country=GE"');
    const rec = await contributor.get("/recommendations/FX-01");
    expect(rec.text).toContain(
      'href="/proposals/new?kind=followup&amp;recommendation=FX-01&amp;country=GE"',
    );
    const member = await signedIn(env.app, PEOPLE.member.email);
    expect((await member.get("/countries/GE")).text).not.toContain("Propose a change");
    const editor = await apiAgent(env.app, "editor");
    expect((await editor.get("/api/corpus/status")).body.editing).toEqual({
      enabled: true,
      reason: null,
      branch: "main",
    });
  });
});

describe("the corpus status", () => {
  // A problem names a file and quotes it (a restricted page too); the push state names the
  // remote, whose URL may carry a credential, with git's messages.
  it("is for editors and administrators: others are asked to sign in or told it is not theirs", async () => {
    const anonymous = await request(env.app).get("/api/corpus/status");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.id).toBe("unauthorized");
    expect(anonymous.body).not.toHaveProperty("problems");
    const page = await request(env.app).get("/corpus/status");
    expect(page.status).toBe(401);
    expect(page.text).toContain('href="/login"');
    expect(page.text).not.toContain("Last publication");
    for (const who of ["member", "contributor"] as const) {
      const agent = await apiAgent(env.app, who);
      const res = await agent.get("/api/corpus/status");
      expect(res.status, who).toBe(403);
      expect(res.body.error.id, who).toBe("forbidden");
      expect(res.body.error.message, who).toBe("This page is for editors and administrators.");
      // The header offers the page only to those who may read it.
      expect((await agent.get("/")).text, who).not.toContain('href="/corpus/status"');
    }
    const editor = await apiAgent(env.app, "editor");
    const res = await editor.get("/api/corpus/status");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.body).toMatchObject({ problems: [], editing: { enabled: true } });
    const home = (await editor.get("/")).text;
    expect(home).toContain('<a href="/corpus/status">Corpus status</a>');
    const own = (await editor.get("/corpus/status")).text;
    expect(own).toContain('<a href="/corpus/status" aria-current="page">Corpus status</a>');
  });
});
