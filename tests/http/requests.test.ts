import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { loadCorpus } from "../../indexer/corpus/index.js";
import { fieldsFor, REQUEST_TYPES, type RequestType } from "../../server/requests/fields.js";
import { asShown, memoryLogger, REAL_CORPUS, testApp } from "../setup/helpers.js";
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

/** As Handlebars writes text into a page. */
const escape = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/'/g, "&#x27;")
    .replace(/"/g, "&quot;")
    .replace(/=/g, "&#x3D;");

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
        // Everything typed in a text field reaches the letter.
        const typed = fieldsFor(type).filter(
          (f) => (f.kind === "text" || f.kind === "textarea") && f.name !== "addressee",
        );
        expect(typed.length).toBeGreaterThan(8);
        for (const field of typed)
          expect(draft.text, field.name).toContain(escape(`${field.label} for case-0000`));
        const headings =
          type === "preservation"
            ? [
                'Authority seeking the preservation <span class="letter-cite">(Art. 29(2)(a))',
                'Offence and summary of the facts <span class="letter-cite">(Art. 29(2)(b))',
                "(Art. 29(2)(c))",
                "(Art. 29(2)(d))",
                'Why preservation is necessary <span class="letter-cite">(Art. 29(2)(e))',
                'Intended request for mutual assistance <span class="letter-cite">(Art. 29(2)(f))',
                ...(country.meta.party ? ["Dual criminality"] : []),
              ]
            : [
                "Requesting authority",
                "Offence and its legal qualification",
                "Summary of the facts",
                'Stored computer data sought and their relationship to the offence <span class="letter-cite">(Art. 31(1))',
                "Custodian of the data or location of the computer system",
                "Urgency",
                "Confidentiality",
                "Earlier requests in this case",
              ];
        for (const heading of headings) expect(draft.text, heading).toContain(heading);
        expect(draft.text).toContain("Contact for this request");
        expect(draft.text).toContain("[to be completed: name and function of the person signing]");

        const api = await request(app).post("/api/requests/draft").send(body);
        expect(api.status).toBe(200);
        expect(api.body.missing).toEqual([]);
        expect(api.body.to).toMatchObject({ code, addressee: authority });
        expect(api.body.markdown).toContain(`**To:** ${authority}, ${country.meta.name}`);
        expect(api.body.letter.elements.length).toBe(type === "preservation" ? 6 : 5);
      });
    }
  }
});

/** The letter's text as the API gives it: every paragraph in order. */
function letterText(letter: {
  opening: { text: string }[];
  elements: { heading: string; paragraphs: { text: string }[] }[];
  notes: { heading: string; paragraphs: { text: string }[] }[];
  status: string | null;
}): string {
  return [
    letter.status ?? "",
    ...letter.opening.map((p) => p.text),
    ...[...letter.elements, ...letter.notes].flatMap((b) => [
      b.heading,
      ...b.paragraphs.map((p) => p.text),
    ]),
  ].join("\n");
}

describe("the draft reads as a request", () => {
  it("rests a preservation request on Art. 29, sent to the designated 24/7 point, with the Art. 29(3) note", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({
        ...complete("preservation", "GE"),
        addressee: expectedAuthority("preservation", "GE"),
      });
    expect(res.status).toBe(200);
    const text = letterText(res.body.letter);
    expect(res.body.letter.title).toBe(
      "Request for expedited preservation of stored computer data",
    );
    expect(res.body.letter.basis).toBe(
      "Article 29 of the Council of Europe Convention on Cybercrime (ETS No. 185)",
    );
    expect(text).toContain(
      "This request is made under Article 29 of the Council of Europe Convention on Cybercrime (ETS No. 185), to which Georgia is a Party.",
    );
    expect(text).toContain(
      "It is sent to the Ministry of Internal Affairs of Georgia, Criminal Police Department, which Georgia designated as its point of contact available 24 hours a day, seven days a week, under Article 35 of the Convention",
    );
    expect(text).toContain("to order or otherwise obtain, without delay, the preservation");
    expect(text).toContain("kept for at least 60 days");
    expect(text).toContain(
      "Under Article 29(3), dual criminality is not a condition for providing preservation.",
    );
    expect(text).not.toContain("Article 29(4)");
    expect(res.body.letter.signature.map((p: { text: string }) => p.text)).toEqual([
      "For the Requesting authority for case-0000",
      "[to be completed: name and function of the person signing]",
      "[to be completed: signature and seal]",
      "Place and date: [to be completed: place], 28 November 2026",
    ]);
  });

  it("writes an authority typed with its own article with one article, in running text and the signature", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({ ...complete("preservation", "GE"), authority_name: "The Prosecutor's Office of X" });
    const text = letterText(res.body.letter);
    expect(text).toContain(
      "The Prosecutor's Office of X asks the competent authorities of Georgia",
    );
    expect(text).not.toMatch(/the the /i);
    expect(res.body.letter.signature[0].text).toBe("For the Prosecutor's Office of X");
  });

  it("adds the Art. 29(4) reservation where the requested Party made it", async () => {
    const res = await request(app).post("/api/requests/draft").send(complete("preservation", "AZ"));
    expect(letterText(res.body.letter)).toContain(
      "Azerbaijan has reserved the right, under Article 29(4), to refuse preservation where it has reason to believe that dual criminality will not be met at the time of disclosure",
    );
  });

  it("rests a stored-data request on Art. 31 through the central authority, with the Art. 27(9)(e) declaration", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({
        ...complete("stored-data", "GE"),
        addressee: expectedAuthority("stored-data", "GE"),
      });
    const text = letterText(res.body.letter);
    expect(text).toContain("This request is made under Article 31 of");
    expect(text).toContain("Article 27 of the Convention governs its procedure (Art. 27(1))");
    expect(text).toContain(
      "It is sent to the Ministry of Justice of Georgia, which Georgia designated as its central authority for mutual assistance under Article 27(2) of the Convention.",
    );
    expect(text).toContain("Georgia has declared under Article 27(9)(e)");
    expect(text).toContain(
      "to search or similarly access, seize or similarly secure and disclose the stored computer data described below",
    );
    expect(text).toContain("Article 25(5)");
  });

  it("does not pretend the Convention binds a non-Party: the legal basis is left to complete", async () => {
    const res = await request(app).post("/api/requests/draft").send(complete("stored-data", "BY"));
    const opening = res.body.letter.opening as { text: string; missing: boolean }[];
    expect(opening[0]?.text).toBe(
      "Belarus is not a Party to the Council of Europe Convention on Cybercrime (ETS No. 185). This request is made on the basis of:",
    );
    expect(opening[1]).toEqual({
      text: "[to be completed: the treaty in force between the two States, or reciprocity]",
      missing: true,
    });
    expect(letterText(res.body.letter)).not.toContain("Dual criminality");
  });

  it("quotes the earlier request in an extension", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({
        ...complete("preservation", "MD"),
        request_status: "extension",
        earlier_reference: "PR-2026/17",
        earlier_date: "2026-09-01",
      });
    expect(res.status).toBe(200);
    expect(res.body.letter.status).toBe(
      "Extension of the preservation obtained following our request of 1 September 2026 (reference PR-2026/17)",
    );
    expect(letterText(res.body.letter)).toContain(
      "to keep preserved the stored computer data that were preserved following our request of 1 September 2026 (reference PR-2026/17)",
    );
  });
});

describe("the drafts' address", () => {
  it("sends a reader who types /requests to the page that starts a draft, with their query", async () => {
    const bare = await request(app).get("/requests");
    expect(bare.status).toBe(301);
    expect(bare.headers["location"]).toBe("/requests/new");
    const chosen = await request(app).get("/requests?type=preservation&to=GE&lang=ru");
    expect(chosen.status).toBe(301);
    expect(chosen.headers["location"]).toBe("/requests/new?type=preservation&to=GE&lang=ru");
  });
});

describe("the choice of a draft as JSON", () => {
  it("lists the kinds and the countries, and where each draft's fields are", async () => {
    const page = await request(app).get("/requests/new");
    expect(page.text).toContain('href="/api/requests"');
    const res = await request(app).get("/api/requests");
    expect(res.status).toBe(200);
    const body = res.body as {
      types: { value: string; label: string }[];
      countries: { code: string; name: string }[];
      form: string;
    };
    expect(body.types.map((t) => t.value)).toEqual(["preservation", "stored-data"]);
    expect(body.countries.map((c) => c.code)).toContain("GE");
    const form = body.form.replace("{type}", "preservation").replace("{code}", "GE");
    const fields = await request(app).get(form);
    expect(fields.status).toBe(200);
    expect((fields.body as { to: { code: string } }).to.code).toBe("GE");
  });
});

describe("who receives the request", () => {
  it("names the 24/7 point where one is recorded, else says the central authority stands in", async () => {
    const ge = await request(app).get("/requests/new").query({ type: "preservation", to: "GE" });
    expect(ge.text).toContain("(24/7 point of contact (Art. 35)):");
    // Belarus has no 24/7 point of contact recorded (`unknown`): its central authorities are
    // listed, and the label says so instead of calling them the 24/7 point.
    const by = await request(app)
      .get("/requests/new")
      .query({ type: "preservation", to: "BY", lang: "ru" });
    expect(by.status).toBe(200);
    expect(by.text).toContain("(центральный орган: контактный пункт 24/7 не указан):");
    expect(by.text).not.toContain("(контактный пункт 24/7 (ст. 35)):");
    expect(by.text).toContain("General Prosecutor&#x27;s Office of the Republic of Belarus");
  });
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

describe("what the Convention requires is required", () => {
  it("refuses a preservation request without any element of Art. 29(2), naming each", async () => {
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
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      link: "required: the Convention asks for it (Art. 29(2)(c))",
      custodian: "required: the Convention asks for it (Art. 29(2)(d))",
      necessity: "required: the Convention asks for it (Art. 29(2)(e))",
      follow_up: "tick it: the Convention asks for it (Art. 29(2)(f))",
    });
    const page = await request(app).post("/requests/draft").type("form").send(form(body));
    expect(page.status).toBe(422);
    expect(page.text).toContain("4 fields need attention");
  });

  it("refuses a stored-data request that asks for no measure under Art. 31(1)", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({ ...complete("stored-data", "UA"), measures: [] });
    expect(res.status).toBe(422);
    expect(res.body.error.fields).toEqual({
      measures: "choose at least one: the Convention asks for it (Art. 31(1))",
    });
  });

  it.each(["follow-up", "extension"])(
    "refuses a %s without the earlier request's reference and date",
    async (status) => {
      const res = await request(app)
        .post("/api/requests/draft")
        .send({
          ...complete("preservation", "GE"),
          request_status: status,
          earlier_reference: "",
          earlier_date: "",
        });
      expect(res.status).toBe(422);
      expect(res.body.error.fields).toEqual({
        earlier_reference:
          "required for a follow-up or an extension: the requested authority finds the earlier request by it",
        earlier_date:
          "required for a follow-up or an extension: the requested authority finds the earlier request by it",
      });
    },
  );

  it("marks the form's conditional fields as such", async () => {
    const res = await request(app).get("/requests/new").query({ type: "preservation", to: "GE" });
    expect(res.text).toContain(
      'Reference of the earlier request <span class="required">(required for a follow-up or an extension)</span>',
    );
    expect(res.text).toMatch(/name="follow_up" value="yes" checked aria-required="true"/);
    const api = await request(app)
      .get("/api/requests/new")
      .query({ type: "preservation", to: "GE" });
    const field = (name: string) =>
      (api.body.fields as { name: string; required: boolean; requiredWhen: unknown }[]).find(
        (f) => f.name === name,
      );
    expect(field("earlier_reference")).toMatchObject({
      required: false,
      requiredWhen: { field: "request_status", values: ["follow-up", "extension"] },
    });
    for (const name of [
      "authority_name",
      "offence",
      "facts",
      "data",
      "link",
      "custodian",
      "necessity",
      "follow_up",
    ])
      expect(field(name), name).toMatchObject({ required: true, requiredWhen: null });
  });

  it("still lists the elements that are not required but left empty, marked in the draft", async () => {
    const res = await request(app)
      .post("/api/requests/draft")
      .send({ ...complete("stored-data", "GE"), legal_qualification: "", link: "" });
    expect(res.status).toBe(200);
    expect(res.body.missing.map((m: { label: string }) => m.label)).toEqual([
      "Legal qualification and text of the provisions",
      "How the data relate to the offence",
    ]);
    expect(res.body.markdown).toContain(
      "_[to be completed: Legal qualification and text of the provisions]_",
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
    expect(res.text).toContain(asShown(message));
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
    expect(res.text).toContain("8 fields need attention");
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
    expect(res.text).toMatch(/^Requesting authority for case-0000 {2}\n/);
    expect(res.text).toContain("\n# Request for expedited preservation of stored computer data\n");
    expect(res.text).toContain(
      "\n## 3. Stored computer data to be preserved and their relationship to the offence (Art. 29(2)(c))\n",
    );
    expect(res.text).toContain("\n## Notes for the drafter (delete before sending)\n");
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

  it("says on the form exactly what happens to what is typed", async () => {
    const res = await request(app).get("/requests/new").query({ type: "stored-data", to: "AM" });
    expect(res.text).toContain(
      "What you type is sent to this server to build the draft, never stored or logged, and the pages are not cached.",
    );
    expect(res.text).not.toContain("sent anywhere");
  });
});
