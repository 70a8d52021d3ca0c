import { Ajv2020 } from "ajv/dist/2020.js";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { appRoutes } from "../../server/app.js";
import type { RouteDeps } from "../../server/routes/deps.js";
import { createHistoryService } from "../../server/history/service.js";
import { memoryLogger, REAL_CORPUS, removeDir, sharedIndex, testApp } from "../setup/helpers.js";
import { repoOf } from "../setup/history-repo.js";
import { newToken } from "../../server/auth/accounts.js";
import { createEditing } from "../../server/editing/service.js";
import { testAuth } from "../setup/auth.js";

// The API description is derived from the route specs; these tests hold it to what the server
// really does: every documented route answers with a body its documented schema accepts, takes
// every documented parameter and refuses any other, and errors have the documented shape.

let index = "";
let app: express.Express;
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
};
interface Operation {
  parameters: { name: string; in: string; schema: { type?: string }; explode?: boolean }[];
  responses: Record<string, { content: Record<string, { schema: object }> }>;
  requestBody?: object;
}
const ajv = new Ajv2020({ strict: false, allErrors: true });

let repo = "";
let dataDir = "";
/**
 * Every request is an administrator's, with an API token: the proposals API answers only editors
 * (an administrator may do all an editor may), and the audit log only administrators.
 */
let bearer = "";
let proposalId = "";
let createdBody: unknown = null;
const get = (url: string) => request(app).get(url).set("Authorization", `Bearer ${bearer}`);
beforeAll(async () => {
  index = sharedIndex("real");
  // The real corpus in a repository of its own, so that the history routes have a record to read
  // whatever the checkout (CI may clone without history), and proposals a branch to target.
  const made = await repoOf(REAL_CORPUS, "2026-01-15T10:00:00Z");
  repo = made.repo;
  const auth = await testAuth();
  dataDir = auth.dataDir;
  await auth.add("admin@example.org", "admin");
  const token = newToken("openapi");
  bearer = token.token;
  await auth.setup.accounts.update((accounts) => void accounts[0]?.tokens.push(token.record));
  const editing = await createEditing({ corpusDir: made.corpus, dataDir, log: memoryLogger().log });
  ({ app } = await testApp(index, {
    history: createHistoryService(made.corpus),
    auth: auth.setup,
    editing,
  }));
  const created = await request(app)
    .post("/api/proposals")
    .set("Authorization", `Bearer ${bearer}`)
    .send({
      kind: "followup",
      recommendation: "KB-AZ-01",
      country: "AZ",
      fields: {
        date: "2026-11-30",
        status: "adopted",
        event: "A test event for the contract tests: the amendments were signed into law.",
        sources: ["rec-tcy-mla-2014"],
      },
    });
  expect(created.status, JSON.stringify(created.body).slice(0, 500)).toBe(201);
  proposalId = created.body.proposal.id;
  createdBody = created.body;
  PATH_OVERRIDE["/api/proposals/{id}"] = { id: proposalId };
  PATH_OVERRIDE["/api/admin/accounts/{id}"] = {
    id: (await auth.setup.accounts.byEmail("admin@example.org"))!.id,
  };
  doc = (await get("/api/openapi.json").expect(200)).body as typeof doc;
  ajv.addSchema(doc.components.schemas["Error"]!, "#/components/schemas/Error");
});

/** A valid value for every query parameter the site has; a new parameter needs one here. */
const SAMPLE: Record<string, string> = {
  q: "preservation",
  at: "2026-06-30",
  from: "2026-01-01",
  recommendation: "KB-AZ-01",
  country: "GE",
  countries: "GE,MD",
  article: "29",
  articles: "29-31",
  kind: "analysis",
  status: "partial",
  followup: "adopted",
  chapter: "III",
  section: "III.2",
  source: "Council of Europe",
  year: "2024",
  sort: "newest",
  page: "1",
  literal: "1",
  diff: "1",
  since: "2015-01-01",
  meeting: "tbilisi-2010-05",
  overdue: "0",
  attention: "no-followup",
  type: "preservation",
  to: "GE",
  contributor: "editor",
  age: "week",
  who: "admin@example.org",
  event: "sign-in",
};
/** Where a parameter means something else on one route (the tracker's `source` is a report id). */
const SAMPLE_OVERRIDE: Record<string, Record<string, string>> = {
  "/api/changes": { to: "2026-06-30" },
  "/changes.csv": { to: "2026-06-30" },
  "/api/recommendations": { source: "rec-tcy-mla-2014", status: "in-progress" },
  "/recommendations.csv": { source: "rec-tcy-mla-2014", status: "in-progress" },
  "/api/proposals": { status: "open", country: "AZ" },
};
/** A valid value for every path parameter. */
const PATH_SAMPLE: Record<string, string> = { n: "29", code: "GE", id: "about" };
const PATH_OVERRIDE: Record<string, Record<string, string>> = {
  "/api/recommendations/{id}": { id: "KB-AZ-01" },
  "/api/recommendations/{id}/history": { id: "KB-AZ-01" },
  "/api/recommendations/{id}/followup/history": { id: "KB-AZ-01" },
  "/recommendations/{id}.csv": { id: "KB-AZ-01" },
  "/api/instruments/{id}": { id: "p2" },
  "/api/project/activities/{id}": { id: "1.2.1" },
};

/** Query parameters a route cannot do without. */
const REQUIRED_QUERY: Record<string, Record<string, string>> = {
  "/api/requests/new": { type: "preservation", to: "GE" },
};

function concrete(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = PATH_OVERRIDE[path]?.[name] ?? PATH_SAMPLE[name];
    if (value === undefined) throw new Error(`no sample for path parameter ${name} of ${path}`);
    return value;
  });
}

function operations(method: string) {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    ops[method] ? [{ path, op: ops[method] }] : [],
  );
}

afterAll(async () => {
  await removeDir(repo);
  await removeDir(dataDir);
});

describe("the API description", () => {
  it("documents every /api route the server has, and no other", () => {
    const served = appRoutes({} as RouteDeps)
      .filter((s) => s.doc)
      .map((s) => `${s.method} ${s.path.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    const apiRoutes = appRoutes({} as RouteDeps).filter(
      (s) => s.path.startsWith("/api/") && s.path !== "/api/openapi.json",
    );
    expect(apiRoutes.length).toBeGreaterThan(10);
    for (const spec of apiRoutes) expect(spec.doc, spec.path).toBeDefined();
  });

  it("has a documented GET route to check", () => {
    expect(operations("get").length).toBeGreaterThan(12);
  });

  it("answers each documented GET route with a body its documented schema accepts", async () => {
    const ops = operations("get").filter(
      ({ op }) => op.responses["200"]?.content["application/json"] !== undefined,
    );
    expect(ops.length).toBeGreaterThan(10);
    for (const { path, op } of ops) {
      const schema = op.responses["200"]!.content["application/json"]!.schema;
      const res = await get(concrete(path)).query(REQUIRED_QUERY[path] ?? {});
      expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
      const validate = ajv.compile(schema);
      expect(validate(res.body), `${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it("accepts every documented query parameter and refuses an undocumented one", async () => {
    const ops = operations("get").filter(({ op }) => op.parameters.some((p) => p.in === "query"));
    expect(ops.length).toBeGreaterThan(5);
    for (const { path, op } of ops) {
      for (const param of op.parameters.filter((p) => p.in === "query")) {
        const value = SAMPLE_OVERRIDE[path]?.[param.name] ?? SAMPLE[param.name];
        expect(value, `a sample value for ${param.name}`).toBeDefined();
        const res = await get(concrete(path)).query({
          ...REQUIRED_QUERY[path],
          [param.name]: value,
        });
        expect(res.status, `${path}?${param.name}=${value}: ${res.text.slice(0, 200)}`).toBe(200);
      }
      const bad = await get(concrete(path)).query({ zz_undocumented: "1" });
      expect(bad.status, path).toBe(400);
      expect(bad.text).toMatch(/unknown parameter (`|<code>)zz_undocumented/);
    }
  });

  it("gives every error the documented shape", async () => {
    const validate = ajv.getSchema("#/components/schemas/Error")!;
    const answers = [
      await request(app).get("/api/search?article=99"),
      await request(app).get("/api/articles/99"),
      await request(app).delete("/api/search"),
      await request(app).post("/api/requests/draft").send({ type: "preservation", to: "GE" }),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 404, 405, 422]);
    for (const res of answers)
      expect(validate(res.body), `${res.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    expect(answers[3]?.body.error.fields).toMatchObject({ request_date: expect.any(String) });
  });

  it("describes the proposals API, its body and its 201 answer", async () => {
    const post = doc.paths["/api/proposals"]!["post"]!;
    const body = (post.requestBody as { content: Record<string, { schema: object }> }).content[
      "application/json"
    ]!.schema;
    const input = {
      kind: "source",
      file: "sources/common.md",
      source: {
        id: "x-test",
        title: "A title",
        publisher: "A publisher",
        url: "https://example.org/x",
        seen: "2026-11-30",
        official: false,
      },
    };
    expect(ajv.validate(body, input), ajv.errorsText(ajv.errors)).toBe(true);
    expect(ajv.validate(body, { ...input, kind: "recipe" })).toBe(false);
    const created = post.responses["201"]!.content["application/json"]!.schema;
    expect(ajv.validate(created, createdBody), ajv.errorsText(ajv.errors)).toBe(true);
    for (const action of ["accept", "reject", "comments", "withdraw", "resolve"])
      expect(doc.paths[`/api/proposals/{id}/${action}`]?.["post"], action).toBeDefined();
  });

  it("describes the search parameters with their repetition", () => {
    const params = doc.paths["/api/search"]!["get"]!.parameters;
    expect(params.map((p) => p.name)).toEqual([
      "q",
      "country",
      "article",
      "kind",
      "status",
      "followup",
      "chapter",
      "source",
      "year",
      "sort",
      "page",
      "literal",
    ]);
    expect(params.find((p) => p.name === "country")).toMatchObject({
      schema: { type: "array" },
      explode: true,
    });
    expect(params.find((p) => p.name === "q")?.schema.type).toBe("string");
  });
});

describe("a method a path does not serve", () => {
  it("answers 405 with Allow, in JSON under /api", async () => {
    const res = await request(app).delete("/api/search");
    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("GET, HEAD");
    expect(res.body.error).toMatchObject({ id: "method_not_allowed" });
  });

  it("answers 405 with a page elsewhere", async () => {
    const res = await request(app).post("/compare").set("Accept", "text/html");
    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("GET, HEAD");
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.text).toContain("Method not allowed");
    expect(res.text).toContain("/compare does not accept POST; it accepts GET, HEAD.");
  });

  it("lists POST for a form's address, and keeps 404 for unknown paths", async () => {
    const res = await request(app).get("/api/requests/draft");
    expect(res.status).toBe(405);
    expect(res.headers["allow"]).toBe("POST");
    expect((await request(app).delete("/no/such/page")).status).toBe(404);
  });
});
