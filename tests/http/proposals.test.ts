import { readFile } from "node:fs/promises";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHistoryService } from "../../server/history/service.js";
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

// Proposals through the API and the forms, on the fixture corpus in a temporary git repository:
// who may do what, the corpus check with the change applied, git as the record, review, accept.

let env: Awaited<ReturnType<typeof editingSetup>>;

beforeAll(async () => {
  env = await editingSetup({ repo: await editingRepo() });
});
afterAll(async () => {
  await env.cleanUp();
});

const ge = () => readFile(join(env.corpus, "countries/ge.md"), "utf8");

describe("proposing through the API", () => {
  it("keeps a proposal as a commit by the contributor on its own branch, and the work tree as it was", async () => {
    const before = await ge();
    const proposal = await propose(env.app, "contributor", analysisInput());
    expect(proposal.status).toBe("open");
    expect(proposal.id).toMatch(/^\d{8}-[a-z0-9]{6}$/);
    const author = await gitOut(env.repo, [
      "log",
      "-1",
      "--format=%an <%ae>|%cn",
      `proposals/${proposal.id}`,
    ]);
    expect(author.trim()).toBe(
      `${PEOPLE.contributor.name} <${PEOPLE.contributor.email}>|EaP KB web editor`,
    );
    const parent = await gitOut(env.repo, ["rev-parse", `proposals/${proposal.id}^`]);
    expect(parent.trim()).toBe(proposal.base);
    const record = await gitOut(env.repo, [
      "show",
      `refs/proposal-meta/${proposal.id}:proposal.json`,
    ]);
    expect(JSON.parse(record)).toMatchObject({ id: proposal.id, status: "open", kind: "analysis" });
    // The work tree the watcher publishes is untouched until an editor accepts.
    expect(await ge()).toBe(before);
    expect((await gitOut(env.repo, ["status", "--porcelain"])).trim()).toBe("");
  });

  it("shows the change field by field, with a word diff of the prose and a sanitised preview", async () => {
    const proposal = await propose(env.app, "contributor", analysisInput());
    const editor = await apiAgent(env.app, "editor");
    const res = await editor.get(`/api/proposals/${proposal.id}`);
    expect(res.status).toBe(200);
    const fields = res.body.changes[0].fields as {
      name: string;
      before: string;
      after: string;
      words: unknown[] | null;
    }[];
    expect(fields.map((f) => f.name)).toEqual(["status", "provisions", "as_of", "analysis"]);
    expect(fields[0]).toMatchObject({ before: "Partly implemented", after: "Implemented" });
    expect(fields.find((f) => f.name === "analysis")?.words).toContainEqual({
      change: "inserted",
      text: expect.stringContaining("preservation order"),
    });
    expect(res.body.preview[0]).toMatchObject({ id: "analysis-ge-29", kind: "analysis" });
    expect(res.body.preview[0].html).toContain("<p>Georgian fixture analysis: the 2026 law");
    expect(res.body.conflicts).toEqual([]);
    // It gives a new date checked: nothing to point out.
    expect(res.body.changes[0].asOfKept).toBeNull();
  });

  it("points the reviewer to a changed section whose date checked stays", async () => {
    const proposal = await propose(
      env.app,
      "contributor",
      analysisInput({
        as_of: "2026-01-15",
        status: "partial",
        provisions: ["Fixture Code, Art. 136"],
      }),
    );
    const editor = await apiAgent(env.app, "editor");
    const res = await editor.get(`/api/proposals/${proposal.id}`);
    expect(res.body.changes[0].fields.map((f: { name: string }) => f.name)).toEqual(["analysis"]);
    expect(res.body.changes[0].asOfKept).toBe("2026-01-15");
    const page = await editor.get(`/proposals/${proposal.id}`);
    expect(page.text).toContain(
      "“Checked on” stays 15 January 2026: if the sources were checked again for this change, that day should be given.",
    );
  });
});

describe("who may do what", () => {
  it("asks anonymous callers to sign in and refuses members, with the reason", async () => {
    const anonymous = await request(env.app).post("/api/proposals").send(analysisInput());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.id).toBe("unauthorized");
    expect((await request(env.app).get("/api/proposals")).status).toBe(401);
    expect(
      (await request(env.app).get("/proposals/new?kind=analysis&country=GE&article=29")).status,
    ).toBe(401);
    const member = await apiAgent(env.app, "member");
    const res = await member
      .post("/api/proposals")
      .set("X-CSRF-Token", member.csrf)
      .send(analysisInput());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "This page is for contributors, editors and administrators.",
    );
  });

  it("refuses a state-changing request without the CSRF token", async () => {
    const agent = await apiAgent(env.app, "contributor");
    const res = await agent.post("/api/proposals").send(analysisInput());
    expect(res.status).toBe(403);
    expect(res.body.error.id).toBe("csrf_failed");
  });

  it("lets only editors accept or reject, and only the author withdraw", async () => {
    const proposal = await propose(env.app, "contributor", analysisInput({ as_of: "2026-11-29" }));
    const author = await apiAgent(env.app, "contributor");
    const accept = await author
      .post(`/api/proposals/${proposal.id}/accept`)
      .set("X-CSRF-Token", author.csrf);
    expect(accept.status).toBe(403);
    const reject = await author
      .post(`/api/proposals/${proposal.id}/reject`)
      .set("X-CSRF-Token", author.csrf)
      .send({ reason: "no" });
    expect(reject.status).toBe(403);
    const other = await apiAgent(env.app, "other");
    // Another contributor does not see it at all.
    expect((await other.get(`/api/proposals/${proposal.id}`)).status).toBe(404);
    const editor = await apiAgent(env.app, "editor");
    const withdraw = await editor
      .post(`/api/proposals/${proposal.id}/withdraw`)
      .set("X-CSRF-Token", editor.csrf)
      .send({});
    expect(withdraw.status).toBe(403);
    expect(withdraw.body.error.message).toBe("Only the author of a proposal may withdraw it.");
    const own = await author
      .post(`/api/proposals/${proposal.id}/withdraw`)
      .set("X-CSRF-Token", author.csrf)
      .send({ reason: "A newer source came out." });
    expect(own.status).toBe(200);
    expect(own.body.proposal).toMatchObject({
      status: "withdrawn",
      reason: "A newer source came out.",
    });
  });
});

describe("the corpus check with the change applied", () => {
  it("answers 422 with a message per field, naming the field", async () => {
    const agent = await apiAgent(env.app, "contributor");
    const res = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send(
        analysisInput({
          status: "assessed",
          as_of: "2026-02-30",
          sources: ["fx-treaty", "fx-nowhere"],
          analysis: "Written as Art. 4^1 in the prose.",
        }),
      );
    expect(res.status).toBe(422);
    expect(res.body.error.id).toBe("validation_failed");
    // The block is checked first: its status and date; the prose's citation style on its own.
    expect(Object.keys(res.body.error.fields).sort()).toEqual(["analysis", "as_of", "status"]);
    expect(res.body.error.fields.status).toMatch(/expected one of implemented, partial/);
    expect(res.body.error.fields.as_of).toMatch(/expected a real date/);
    expect(res.body.error.fields.analysis).toMatch(/superscript written with \^/);
    const sources = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send(analysisInput({ sources: ["fx-treaty", "fx-nowhere"] }));
    expect(sources.body.error.fields).toEqual({
      sources: "unknown source `fx-nowhere`: define it in a sources file",
    });
  });

  it("refuses a person's name, e-mail or phone number in the authorities", async () => {
    const agent = await apiAgent(env.app, "contributor");
    const res = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send({
        kind: "profile",
        country: "GE",
        fields: {
          central_authorities: [
            {
              authority: "Fixture Ministry of Justice",
              role: "Central authority; mla@justice.example.ge",
              sources: ["fx-treaty"],
            },
          ],
          contact_points: [
            { authority: "Giorgi Beridze", role: "24/7 point of contact.", sources: ["fx-treaty"] },
          ],
          laws: [
            {
              title: "Fixture Code of Criminal Procedure",
              number: "1772",
              date: "2009-10-09",
              url: "https://herald.example.org/cpc",
              note: null,
              sources: ["fx-treaty"],
            },
          ],
        },
      });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      "central_authorities.0.role": expect.stringContaining("holds an e-mail address"),
      "contact_points.0.authority": expect.stringContaining("looks like a person's name"),
    });
  });

  it("refuses a body of the wrong shape with 422 naming the field, and nothing to change with 422", async () => {
    const agent = await apiAgent(env.app, "contributor");
    const wrong = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send({ kind: "analysis", country: "GE", article: 29, fields: { status: 7 } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields).toMatchObject({
      status: "expected text",
      as_of: expect.any(String),
    });
    const same = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send(
        analysisInput({
          status: "partial",
          provisions: ["Fixture Code, Art. 136"],
          as_of: "2026-01-15",
          analysis:
            "Georgian fixture analysis of quick freeze requests from abroad through court orders.",
        }),
      );
    expect(same.status).toBe(422);
    expect(same.body.error.message).toBe(
      "Nothing would change: the values are the ones in the corpus.",
    );
    const missing = await agent
      .post("/api/proposals")
      .set("X-CSRF-Token", agent.csrf)
      .send(analysisInput({}, { article: 30 }));
    expect(missing.status).toBe(404);
  });
});

describe("the edit form", () => {
  it("opens with the section's values and the CSRF token", async () => {
    const agent = await signedIn(env.app, PEOPLE.contributor.email);
    const res = await agent.get("/proposals/new?kind=analysis&country=GE&article=29");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.text).toContain(
      "Georgia: Article 29 – Expedited preservation of stored computer data",
    );
    expect(res.text).toMatch(/<option value="partial" selected>Partly implemented<\/option>/);
    expect(res.text).toContain(
      ">Georgian fixture analysis of quick freeze requests from abroad through court orders.</textarea>",
    );
    csrfOf(res.text);
  });

  it("shows each problem beside its field and in the summary, and keeps everything typed", async () => {
    const agent = await signedIn(env.app, PEOPLE.contributor.email);
    const form = await agent.get("/proposals/new?kind=analysis&country=GE&article=29");
    const typed = "A new analysis that cites <b>nothing</b> & keeps “quotes”.";
    const res = await agent
      .post("/proposals/new")
      .type("form")
      .send({
        _csrf: csrfOf(form.text),
        kind: "analysis",
        country: "GE",
        article: "29",
        action: "submit",
        status: "unknown",
        provisions: "Fixture Code, Art. 136",
        as_of: "2026-11-31",
        sources: "fx-treaty, fx-nowhere",
        missing: "",
        analysis: typed,
        gaps: "",
        note: "My note",
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="error-summary"');
    expect(res.text).toContain("2 fields need attention");
    expect(res.text).toContain(
      '<a href="#f-status">Assessment: <span lang="en">a section with status unknown must say what is missing (missing: …)</span></a>',
    );
    expect(res.text).toContain(
      '<a href="#f-as-of">Checked on: <span lang="en">expected a real date written YYYY-MM-DD (found <code>2026-11-31</code>)</span></a>',
    );
    expect(res.text).toMatch(
      /<p class="field-error" id="f-as-of-error"><span class="visually-hidden">Error: <\/span><span lang="en">expected a real date/,
    );
    expect(res.text).toContain('value="2026-11-31"');
    expect(res.text).toContain(
      "A new analysis that cites &lt;b&gt;nothing&lt;/b&gt; &amp; keeps “quotes”.</textarea>",
    );
    expect(res.text).toContain('value="fx-treaty, fx-nowhere"');
    expect(res.text).toContain(">My note</textarea>");
  });

  it("previews the section as it will appear, through the same sanitiser", async () => {
    const agent = await signedIn(env.app, PEOPLE.contributor.email);
    const form = await agent.get("/proposals/new?kind=analysis&country=GE&article=29");
    const res = await agent
      .post("/proposals/new")
      .type("form")
      .send({
        _csrf: csrfOf(form.text),
        kind: "analysis",
        country: "GE",
        article: "29",
        action: "preview",
        status: "implemented",
        provisions: "Fixture Code, Art. 136",
        as_of: "2026-11-30",
        sources: "fx-treaty",
        analysis:
          "Now **implemented** by a [2026 law](javascript:alert(1)) <script>alert(1)</script>.",
        gaps: "",
      });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Preview: as it will appear");
    const preview = res.text.slice(res.text.indexOf('id="preview-title"'));
    expect(preview).toContain("<strong>implemented</strong>");
    expect(preview).toContain("2026 law</a>");
    expect(preview).not.toContain("javascript:");
    expect(preview).not.toContain("<script");
    // What was typed stays in the form, as text.
    expect(res.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;.</textarea>");
    // Previewing saves nothing.
    const list = await (
      await apiAgent(env.app, "editor")
    ).get("/api/proposals?status=all&contributor=nobody");
    expect(list.body.total).toBe(0);
  });

  it("submits and opens the proposal's page", async () => {
    const agent = await signedIn(env.app, PEOPLE.contributor.email);
    const form = await agent.get("/proposals/new?kind=followup&recommendation=FX-01&country=GE");
    expect(form.status).toBe(200);
    expect(form.text).toContain("Follow-up: FX-01 in Georgia");
    const res = await agent
      .post("/proposals/new")
      .type("form")
      .send({
        _csrf: csrfOf(form.text),
        kind: "followup",
        recommendation: "FX-01",
        country: "GE",
        action: "submit",
        date: "2026-11-30",
        status: "implemented",
        event: "The law on quick freeze entered into force.",
        sources: "fx-news",
      });
    expect(res.status, res.text.slice(0, 400)).toBe(303);
    expect(res.headers["location"]).toMatch(/^\/proposals\/\d{8}-[a-z0-9]{6}\?done=created$/);
    const page = await agent.get(res.headers["location"]!);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Your proposal is open for review.");
    expect(page.text).toContain("FX-01, Georgia: follow-up of 30 November 2026 (implemented)");
    expect(page.text).toMatch(/Withdraw my proposal/);
    expect(page.text).not.toMatch(/Accept and publish/);
  });
});

describe("review and accept", () => {
  it("merges an accepted proposal into the corpus branch and the work tree, changing only its section", async () => {
    const before = await ge();
    const proposal = await propose(
      env.app,
      "contributor",
      analysisInput(
        { status: "not-implemented", as_of: "2026-11-28" },
        { note: "Checked against the 2026 text." },
      ),
    );
    const editor = await apiAgent(env.app, "editor");
    const res = await editor
      .post(`/api/proposals/${proposal.id}/accept`)
      .set("X-CSRF-Token", editor.csrf);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.proposal).toMatchObject({
      status: "accepted",
      merge: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const after = await ge();
    const start = before.indexOf("## Article 29");
    const end = before.indexOf("## Article 35");
    // Everything outside the section is byte for byte what it was.
    expect(after.slice(0, start)).toBe(before.slice(0, start));
    expect(after.slice(after.indexOf("## Article 35"))).toBe(before.slice(end));
    expect(after).toContain("status: not-implemented\n");
    const parents = await gitOut(env.repo, ["log", "-1", "--format=%P|%an", "main"]);
    expect(parents.trim()).toBe(`${proposal.base} ${proposal.head}|${PEOPLE.editor.name}`);
    const authors = await gitOut(env.repo, [
      "log",
      "--format=%an",
      "main",
      "--",
      "corpus/countries/ge.md",
    ]);
    expect(authors).toContain(PEOPLE.contributor.name);
    expect((await gitOut(env.repo, ["status", "--porcelain"])).trim()).toBe("");
    // The contributor sees it accepted.
    const mine = await (
      await apiAgent(env.app, "contributor")
    ).get(`/api/proposals?status=accepted`);
    expect(mine.body.proposals.map((p: { id: string }) => p.id)).toContain(proposal.id);
    // Accepting twice is refused.
    const again = await editor
      .post(`/api/proposals/${proposal.id}/accept`)
      .set("X-CSRF-Token", editor.csrf);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      "This proposal is already accepted: nothing more can be done with it.",
    );
  });

  it("enters the history as its merge commit, on the day it was accepted", async () => {
    const history = createHistoryService(env.corpus);
    const versions = await history.versions("analysis-ge-29");
    expect(versions?.length).toBeGreaterThanOrEqual(2);
    const latest = versions![0]!;
    expect(latest.commit.summary).toMatch(/^Accept proposal \d{8}-[a-z0-9]{6}: Georgia, Art\. 29/);
    expect(latest.change.status).toEqual({ from: "partial", to: "not-implemented" });
    // The proposal's own commit, dated when it was proposed, is not a version of the branch.
    expect(versions!.every((v) => !v.commit.summary.startsWith("Georgia, Art. 29"))).toBe(true);
  });

  it("rejects with a reason the contributor sees", async () => {
    const proposal = await propose(env.app, "contributor", analysisInput({ as_of: "2026-11-27" }));
    const editor = await apiAgent(env.app, "editor");
    const empty = await editor
      .post(`/api/proposals/${proposal.id}/reject`)
      .set("X-CSRF-Token", editor.csrf)
      .send({ reason: " " });
    expect(empty.status).toBe(422);
    expect(empty.body.error.fields).toEqual({ reason: "give a reason" });
    const res = await editor
      .post(`/api/proposals/${proposal.id}/reject`)
      .set("X-CSRF-Token", editor.csrf)
      .send({ reason: "The source does not say the law is in force." });
    expect(res.status).toBe(200);
    const author = await signedIn(env.app, PEOPLE.contributor.email);
    const page = await author.get(`/proposals/${proposal.id}`);
    expect(page.text).toContain(
      "Why it was rejected:</strong> The source does not say the law is in force.",
    );
    expect(page.text).toMatch(
      /class="status proposal-rejected"><span class="status-icon" aria-hidden="true"><\/span>Rejected/,
    );
  });

  it("keeps comments in the record", async () => {
    const proposal = await propose(env.app, "contributor", analysisInput({ as_of: "2026-11-26" }));
    const editor = await apiAgent(env.app, "editor");
    const res = await editor
      .post(`/api/proposals/${proposal.id}/comments`)
      .set("X-CSRF-Token", editor.csrf)
      .send({ text: "Which article of the 2026 law?" });
    expect(res.status).toBe(200);
    expect(
      res.body.proposal.events.map((e: { type: string; by: string }) => `${e.type}:${e.by}`),
    ).toEqual(["opened:Test Contributor", "comment:Test Editor"]);
    const history = await gitOut(env.repo, [
      "log",
      "--format=%an|%s",
      `refs/proposal-meta/${proposal.id}`,
    ]);
    expect(history.trim().split("\n")).toEqual([
      `Test Editor|Comment on proposal ${proposal.id}`,
      expect.stringMatching(
        new RegExp(`^Test Contributor\\|Open proposal ${proposal.id}: Georgia, Art\\. 29`),
      ),
    ]);
  });

  it("writes proposal events to the audit log", async () => {
    const events = (await env.auth.setup.audit.read(500)).events.map((e) => e.event);
    for (const kind of [
      "proposal-created",
      "proposal-accepted",
      "proposal-rejected",
      "proposal-withdrawn",
      "proposal-commented",
    ])
      expect(events, kind).toContain(kind);
  });

  it("links each proposal event on the audit log's page to the proposal", async () => {
    await env.auth.add("admin@example.org", "admin");
    const admin = await signedIn(env.app, "admin@example.org");
    const page = await admin.get("/admin/audit");
    expect(page.status).toBe(200);
    const links = [...page.text.matchAll(/<td><a href="\/proposals\/([^"]+)">([^<]+)<\/a><\/td>/g)];
    expect(links.length).toBeGreaterThan(0);
    for (const [, href, id] of links) expect(href).toBe(id);
    expect((await admin.get(`/proposals/${links[0]![1]}`)).status).toBe(200);
    // One page of events: no pagination to show.
    expect(page.text).not.toContain('class="pagination"');
  });
});
