import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { loadCorpus } from "../../indexer/corpus/index.js";
import { fieldsFor, REQUEST_TYPES, type RequestType } from "../../server/requests/fields.js";
import { memoryLogger, REAL_CORPUS, testApp } from "../setup/helpers.js";
import { sharedIndex } from "../setup/helpers.js";

let index = "";
let app: express.Express;
const logs = memoryLogger();
const { corpus } = await loadCorpus(REAL_CORPUS);

beforeAll(async () => {
  index = sharedIndex("real");
  ({ app } = await testApp(index, { log: logs.log }));
});

/** A complete submission: every field of the type filled in. */
function complete(
  type: RequestType,
  to: string,
  marker = "case-0000",
): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = { type, to };
  for (const field of fieldsFor(type)) {
    if (field.kind === "date") body[field.name] = "2026-11-28";
    else if (field.kind === "select")
      body[field.name] = field.options?.find((o) => o.value !== "")?.value ?? "";
    else if (field.kind === "checkbox") body[field.name] = "yes";
    else if (field.kind === "checkboxes")
      body[field.name] = (field.options ?? []).map((o) => o.value);
    else body[field.name] = `${field.label} for ${marker}`;
  }
  return body;
}

const form = (body: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body))
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
};

/** What the corpus names as the receiving authority: 24/7 point for preservation, central authority for MLA. */
function expectedAuthority(type: RequestType, code: string): string {
  const country = corpus.countries.find((c) => c.meta.code === code)!;
  const known = (list: { authority: string }[]) =>
    list.filter((a) => a.authority.toLowerCase() !== "unknown");
  const list =
    type === "preservation" && known(country.meta.contact_points).length > 0
      ? known(country.meta.contact_points)
      : known(country.meta.central_authorities);
  return list.map((a) => a.authority).join("; ");
}

describe("request drafts for every country and both types", () => {
  for (const country of corpus.countries) {
    for (const type of REQUEST_TYPES) {
      const code = country.meta.code;
      it(`${type} to ${code}: pre-filled authority, complete draft with every element`, async () => {
        const formPage = await request(app).get("/requests/new").query({ type, to: code });
        expect(formPage.status).toBe(200);
        expect(formPage.headers["cache-control"]).toBe("no-store");
        const authority = expectedAuthority(type, code);
        expect(authority.length).toBeGreaterThan(0);
        const escaped = authority
          .replace(/&/g, "&amp;")
          .replace(/'/g, "&#x27;")
          .replace(/"/g, "&quot;");
        expect(formPage.text).toContain(`name="addressee" value="${escaped}"`);

        const body = complete(type, code);
        body["addressee"] = authority;
        const draft = await request(app).post("/requests/draft").type("form").send(form(body));
        expect(draft.status).toBe(200);
        expect(draft.headers["cache-control"]).toBe("no-store");
        expect(draft.text).not.toContain("Still missing before sending");
        for (const field of fieldsFor(type)) {
          expect(draft.text, field.name).toContain(field.label);
        }
        const elements =
          type === "preservation"
            ? [
                "Art. 29(2)(a)",
                "Art. 29(2)(b)",
                "Art. 29(2)(c)",
                "Art. 29(2)(d)",
                "Art. 29(2)(e)",
                "Art. 29(2)(f)",
              ]
            : [
                "Art. 31(1)",
                "Legal qualification",
                "Data sought",
                "Custodian",
                "Urgency",
                "Confidentiality",
                "Earlier requests",
              ];
        for (const element of elements) expect(draft.text, element).toContain(element);

        const api = await request(app).post("/api/requests/draft").send(body);
        expect(api.status).toBe(200);
        expect(api.body.missing).toEqual([]);
        expect(api.body.to).toMatchObject({ code, addressee: authority });
        expect(api.body.markdown).toContain(`**To:** ${authority} (${country.meta.name})`);
      });
    }
  }
});

describe("warnings from the corpus", () => {
  it("warns that dual criminality may be required where a country reserved Art. 29", async () => {
    const res = await request(app).post("/api/requests/draft").send(complete("preservation", "AZ"));
    expect(res.body.warnings.join("\n")).toContain(
      "reservation on Art. 29: preservation may be refused where dual criminality will not be met",
    );
  });

  it("warns that the Convention is no legal basis with a non-Party", async () => {
    const res = await request(app).post("/api/requests/draft").send(complete("stored-data", "BY"));
    expect(res.body.warnings[0]).toContain("Belarus is not a Party to the Budapest Convention");
  });

  it("points out an Art. 27(9)(e) declaration", async () => {
    const res = await request(app).post("/api/requests/draft").send(complete("stored-data", "GE"));
    expect(res.body.warnings.join("\n")).toContain("declared under Art. 27(9)(e)");
  });
});

describe("what is still missing", () => {
  it("lists the Convention elements left empty, marking them in the draft", async () => {
    const body = {
      type: "preservation",
      to: "GE",
      request_date: "2026-11-28",
      request_status: "new",
      authority_name: "Office X",
      offence: "Fraud",
      facts: "Facts.",
      data: "Data.",
    };
    const res = await request(app).post("/api/requests/draft").send(body);
    expect(res.status).toBe(200);
    const missing = res.body.missing.map(
      (m: { label: string; citation: string | null }) =>
        `${m.label}${m.citation ? ` (${m.citation})` : ""}`,
    );
    expect(missing).toEqual(
      expect.arrayContaining([
        "How the data relate to the offence (Art. 29(2)(c))",
        "Custodian or location of the data (Art. 29(2)(d))",
        "Why preservation is necessary (Art. 29(2)(e))",
        "A mutual assistance request will follow (Art. 29(2)(f))",
      ]),
    );
    expect(res.body.markdown).toContain("_[to be completed]_");
  });

  it("asks for the earlier requests of a follow-up or an extension", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({
        ...complete("preservation", "GE"),
        request_status: "extension",
        earlier_requests: "",
      });
    expect(res.body.missing.map((m: { label: string }) => m.label)).toContain(
      "Earlier requests in this case (required for a follow-up or an extension)",
    );
  });
});

describe("bad input", () => {
  it.each([
    ["/requests/new?type=letter&to=GE", "unknown request type `letter`"],
    ["/requests/new?type=preservation&to=ZZ", "unknown country `ZZ`"],
    ["/requests/new?type=preservation&to=GE&extra=1", "unknown parameter `extra`"],
  ])("%s → 400 naming the value", async (path, message) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message.replace(/`/g, "&#x60;"));
    const api = await request(app).get(path.replace("/requests", "/api/requests"));
    expect(api.status).toBe(400);
    expect(api.body.error.message).toContain(message);
  });

  it("returns the form with a message per field and everything typed kept (422)", async () => {
    const typed = 'Subscriber data of account <b>x</b> & "quoted" — kept exactly';
    const res = await request(app)
      .post("/requests/draft")
      .type("form")
      .send(
        form({
          type: "preservation",
          to: "MD",
          request_date: "2026-02-30",
          request_status: "sometimes",
          authority_name: "",
          offence: "",
          facts: "",
          data: typed,
          custodian: "Provider Y",
        }),
      );
    expect(res.status).toBe(422);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.text).toContain("5 fields need attention");
    expect(res.text).toMatch(/id="f-request_date-error"[^>]*>.*a real date written YYYY-MM-DD/);
    expect(res.text).toMatch(/id="f-request_status-error"[^>]*>.*choose one of the listed options/);
    expect(res.text).toMatch(/id="f-authority_name-error"[^>]*>.*required/);
    expect(res.text).toContain(
      "Subscriber data of account &lt;b&gt;x&lt;/b&gt; &amp; &quot;quoted&quot; — kept exactly</textarea>",
    );
    expect(res.text).toContain("Provider Y</textarea>");
    expect(res.text).toContain('aria-invalid="true"');
  });

  it("refuses an oversized field with a 422 and a message, keeping the rest", async () => {
    const res = await request(app)
      .post("/requests/draft")
      .type("form")
      .send(form({ ...complete("stored-data", "UA"), facts: "x".repeat(5001) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("at most 5000 characters");
    const api = await request(app)
      .post("/api/requests/draft")
      .send({ ...complete("stored-data", "UA"), facts: "x".repeat(5001) });
    expect(api.status).toBe(422);
    expect(api.body.error).toMatchObject({
      id: "validation_failed",
      fields: { facts: expect.stringContaining("at most 5000 characters") },
    });
  });

  it("answers a body over the size limit with 413, never a 500", async () => {
    const res = await request(app)
      .post("/requests/draft")
      .type("form")
      .send(form({ ...complete("stored-data", "UA"), facts: "x".repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.text).toContain("The request is too large.");
  });

  it("answers a body of the wrong type with 415", async () => {
    const res = await request(app)
      .post("/requests/draft")
      .set("Content-Type", "text/plain")
      .send("type=preservation&to=GE");
    expect(res.status).toBe(415);
  });

  it("answers a form without type or country with 400", async () => {
    const res = await request(app).post("/requests/draft").type("form").send("authority_name=x");
    expect(res.status).toBe(400);
  });
});

describe("privacy", () => {
  it("downloads the draft as Markdown without caching", async () => {
    const res = await request(app)
      .post("/requests/draft")
      .type("form")
      .send(form({ ...complete("preservation", "GE"), action: "markdown" }));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(
      'attachment; filename="preservation-request-GE.md"',
    );
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.text).toMatch(
      /^# Request for expedited preservation of stored computer data \(Art\. 29\)\n/,
    );
    expect(res.text).toContain("## The data");
  });

  it("never writes request content to the log, whatever the outcome", async () => {
    const marker = "zz-secret-case-7391";
    await request(app)
      .post("/requests/draft")
      .type("form")
      .send(form(complete("preservation", "GE", marker)));
    await request(app)
      .post("/requests/draft")
      .type("form")
      .send(form({ ...complete("preservation", "GE", marker), request_date: "bad" }));
    await request(app)
      .post("/api/requests/draft")
      .send(complete("stored-data", "UA", marker));
    await request(app)
      .post("/requests/draft")
      .type("form")
      .send(form({ ...complete("preservation", "GE", marker), facts: marker.repeat(10_000) }));
    const log = logs.lines.join("\n");
    expect(log).toContain('"path":"/requests/draft"');
    expect(log).not.toContain(marker);
  });

  it("says on the form that nothing is stored", async () => {
    const res = await request(app).get("/requests/new").query({ type: "stored-data", to: "AM" });
    expect(res.text).toContain("Nothing you type is stored, logged or sent anywhere");
  });
});
