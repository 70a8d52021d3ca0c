import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import request from "supertest";
import { cssString } from "../../server/routes/compare/view-model.js";
import { compareModel } from "../../server/routes/compare/model.js";
import type { CatalogSource } from "../../server/search/catalog.js";
import type { KbReader } from "../../server/search/reader.js";
import { scopedReader, type AccessReader } from "../../server/search/access.js";
import { beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import {
  copyToTemp,
  asShown,
  dropIndex,
  FIXTURES,
  publishFolder,
  removeDir,
  testApp,
  uniqueIndex,
  writeText,
} from "../setup/helpers.js";
import { memoryLogger, sharedIndex } from "../setup/helpers.js";
import { SearchUnavailableError } from "../../server/errors.js";

let index = "";
let app: express.Express;
let reader: KbReader;
let catalog: CatalogSource;

beforeAll(async () => {
  index = sharedIndex("basic");
  ({ app, reader, catalog } = await testApp(index));
});

/** Status per country from the page's cells: { "29": { GE: "partial", ... } }. */
function pageStatuses(html: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const row of html.matchAll(
    /<tr role="row" id="art-(\d+)" data-article="\d+"[^>]*>([\s\S]*?)<\/tr>/g,
  )) {
    const cells: Record<string, string> = {};
    for (const cell of (row[2] ?? "").matchAll(
      /data-country="([A-Z]{2})" data-status="([a-z-]+)"/g,
    ))
      cells[cell[1]!] = cell[2]!;
    out[row[1]!] = cells;
  }
  return out;
}

describe("the comparison", () => {
  it("defaults to every country and Chapter III (Articles 23–35)", async () => {
    const res = await request(app).get("/api/compare");
    expect(res.status).toBe(200);
    expect(res.body.selection).toEqual({
      countries: ["BY", "GE", "MD"],
      articles: [23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
      diff: false,
    });
    expect(res.body.rows).toHaveLength(13);
  });

  it("gives page, JSON and CSV the same data", async () => {
    const query = { countries: "GE,MD,BY", articles: "16,18,29-35" };
    const [page, json, csv] = await Promise.all([
      request(app).get("/compare").query(query),
      request(app).get("/api/compare").query(query),
      request(app).get("/compare.csv").query(query),
    ]);
    expect([page.status, json.status, csv.status]).toEqual([200, 200, 200]);
    const fromJson: Record<string, Record<string, string>> = {};
    for (const row of json.body.rows)
      fromJson[String(row.article)] = Object.fromEntries(
        row.cells.map((c: { country: string; status: string }) => [c.country, c.status]),
      );
    expect(pageStatuses(page.text)).toEqual(fromJson);

    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const records = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([
      "country",
      "country_name",
      "article",
      "title",
      "status",
      "provisions",
      "analysis",
      "as_of",
      "sources",
      "url",
    ]);
    const fromCsv: Record<string, Record<string, string>> = {};
    for (const r of records)
      (fromCsv[r["article"]!] ??= {})[r["country"]!] =
        r["status"] === "not analysed" ? "not-analysed" : r["status"]!;
    expect(fromCsv).toEqual(fromJson);
    expect(records).toHaveLength(json.body.rows.length * 3);

    const ge29 = records.find((r) => r["country"] === "GE" && r["article"] === "29");
    expect(ge29).toMatchObject({
      title: "Expedited preservation of stored computer data",
      status: "partial",
      provisions: "Fixture Code, Art. 136",
      as_of: "2026-01-15",
    });
    expect(ge29?.["analysis"]).toContain("quick freeze");
    expect(ge29?.["sources"]).toBe(
      "Fixture treaty text <https://treaty.example.org/185>; Fixture news item <https://news.example.org/item>",
    );
    expect(ge29?.["url"]).toMatch(/^http:\/\/kb\.test\/countries\/GE#art-29$/);
    // Every field is quoted, empty ones too, so spreadsheets keep leading zeros and commas.
    expect(csv.text.split("\r\n")[1]).toMatch(/^"[A-Z]{2}","/);
    expect(csv.text).not.toMatch(/,,/);
  });

  it("fills a cell with status, provisions, the start of the analysis, the date and a link; an empty cell says not analysed", async () => {
    const res = await request(app).get("/compare").query({ countries: "GE,MD", articles: "29,35" });
    expect(res.text).toContain("Partly implemented");
    expect(res.text).toContain("Fixture Code, Art. 136");
    expect(res.text).toContain("As of 15 January 2026");
    expect(res.text).toContain('href="/countries/GE#art-29"');
    expect(res.text).toMatch(
      /data-country="MD" data-status="not-analysed">\s*<span class="cell-country" aria-hidden="true">Republic of Moldova<\/span>\s*<span class="status status-no-information">/,
    );
  });

  it("gives the handout's running head and foot as a stylesheet, every character escaped", async () => {
    const res = await request(app)
      .get("/compare/handout.css")
      .query({ countries: "GE,MD", articles: "29,35" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(res.text).toContain(
      'content: "Compare countries \\b7  Articles 29, 35 \\b7  Georgia, Republic of Moldova \\b7  analyses as of ',
    );
    // The dates span those of the cells shown.
    const json = await request(app)
      .get("/api/compare")
      .query({ countries: "GE,MD", articles: "29,35" });
    const dates = json.body.rows.flatMap((r: { cells: { asOf: string | null }[] }) =>
      r.cells.flatMap((c) => (c.asOf ? [c.asOf] : [])),
    );
    expect(new Set(dates)).toEqual(new Set(["2026-01-15", "2025-06-30"]));
    expect(res.text).toContain("analyses as of 30 June 2025 to 15 January 2026");
    expect(res.text).toContain(
      'content: "http://kb.test/compare?countries=GE,MD&articles=29,35 \\b7  printed ',
    );
    expect(res.text).toContain('content: "Page " counter(page) " of " counter(pages);');
    const page = await request(app)
      .get("/compare")
      .query({ countries: "GE,MD", articles: "29,35" });
    expect(page.text).toContain(
      '<link rel="stylesheet" href="/compare/handout.css?countries&#x3D;GE,MD&amp;articles&#x3D;29,35" media="print">',
    );
    expect(cssString('a"b\\c\n</style>é')).toBe('"a\\22 b\\5c c </style>\\e9 "');
  });

  it("gives the handout what the page showed, without reading the matrix again", async () => {
    // Counts the engine reads of analyses.
    let reads = 0;
    const counting: KbReader = {
      ...reader,
      withScope: () => counting,
      documents(filter, fields) {
        const parts = Array.isArray(filter) ? filter : [filter ?? ""];
        if (parts.some((f) => f.includes('"analysis"'))) reads += 1;
        return reader.documents(filter, fields);
      },
    };
    const { app: own } = await testApp(index, { reader: counting });
    const query = { countries: "GE,MD", articles: "29,35" };
    const handout = () => request(own).get("/compare/handout.css").query(query);
    // Without a page before it, the handout reads the matrix.
    const alone = await handout();
    expect(alone.text).toContain("analyses as of 30 June 2025 to 15 January 2026");
    expect(reads).toBeGreaterThan(0);
    reads = 0;
    expect((await request(own).get("/compare").query(query)).status).toBe(200);
    expect(reads).toBeGreaterThan(0);
    reads = 0;
    const after = await handout();
    expect(reads).toBe(0);
    expect(after.text).toBe(alone.text);
    // Another selection is another page: read again.
    const diff = await request(own)
      .get("/compare/handout.css")
      .query({ ...query, diff: "1" });
    expect(diff.status).toBe(200);
    expect(reads).toBeGreaterThan(0);
  });

  it("summarises each country's statuses above the matrix", async () => {
    const res = await request(app)
      .get("/api/compare")
      .query({ countries: "GE", articles: "16,29,35,30" });
    const counts = Object.fromEntries(
      res.body.countries[0].counts.map((c: { status: string; count: number }) => [
        c.status,
        c.count,
      ]),
    );
    expect(counts).toEqual({
      implemented: 1,
      partial: 1,
      "not-implemented": 0,
      "not-applicable": 0,
      unknown: 1,
      "not-analysed": 1,
    });
  });

  it("shows only the rows where countries differ when asked", async () => {
    const all = await request(app)
      .get("/api/compare")
      .query({ countries: "GE,MD", articles: "18,29,30" });
    const diff = await request(app)
      .get("/api/compare")
      .query({ countries: "GE,MD", articles: "18,29,30", diff: "1" });
    expect(all.body.rows.map((r: { article: number }) => r.article)).toEqual([18, 29, 30]);
    expect(diff.body.rows.map((r: { article: number }) => r.article)).toEqual([18, 29]);
    expect(diff.body.hiddenRows).toBe(1);
  });

  it("reads the matrix a few articles at a time, and builds the same one", async () => {
    const known = await catalog.get();
    const articles = known.articles.map((a) => a.number);
    // Enough articles for several batches even at the smallest useful size.
    expect(articles.length).toBeGreaterThan(10);
    // Counts the engine reads of analyses, and the articles each one asked for.
    const reads: string[] = [];
    const scoped = scopedReader(reader);
    const counting: AccessReader = {
      ...scoped,
      documents(filter, fields) {
        const parts = Array.isArray(filter) ? filter : [filter ?? ""];
        if (parts.some((f) => f.includes('"analysis"')))
          reads.push(parts.find((f) => f.startsWith("articles IN")) ?? "");
        return scoped.documents(filter, fields);
      },
    };
    for (const diff of [false, true])
      for (const detail of ["matrix", "page", "csv"] as const) {
        const selection = { countries: ["BY", "GE", "MD"], articles, diff };
        reads.length = 0;
        const whole = await compareModel({ reader: counting }, known, selection, detail);
        expect(reads).toHaveLength(1);
        // Two articles of three countries a batch.
        const inBatches = await compareModel({ reader: counting }, known, selection, detail, 6);
        expect(reads).toHaveLength(1 + Math.ceil(whole.totalRows / 2));
        expect(reads[1]).toMatch(/^articles IN \["\d+", "\d+"\]$/);
        expect(inBatches).toEqual(whole);
        expect(whole.rows.length).toBeGreaterThan(diff ? 0 : 10);
        if (detail === "page") expect(whole.notes.length).toBeGreaterThan(0);
      }
  });

  it("writes the JSON and the CSV as their batches are read, the same text as read at once", async () => {
    const query = "?countries=BY,GE,MD&articles=1-48";
    const { app: batched } = await testApp(index, { compareBatchCells: 6 });
    const [once, inBatches, csvOnce, csvInBatches] = await Promise.all([
      request(app).get(`/api/compare${query}`),
      request(batched).get(`/api/compare${query}`),
      request(app).get(`/compare.csv${query}`),
      request(batched).get(`/compare.csv${query}`),
    ]);
    expect(once.status).toBe(200);
    expect(once.body.rows.length).toBeGreaterThan(10);
    expect(inBatches.text).toBe(once.text);
    expect(csvOnce.status).toBe(200);
    // A record per country and article, after the header row.
    const records = parse(csvOnce.text, { bom: true, columns: true }) as unknown[];
    expect(records).toHaveLength(3 * once.body.rows.length);
    expect(csvInBatches.text).toBe(csvOnce.text);
  });

  it("cuts a JSON or CSV answer short when a batch after the first cannot be read, and says so in the log", async () => {
    // The engine fails the reads of analyses for the articles `fails` picks.
    const failing = (fails: (articles: string) => boolean): KbReader => {
      const wrapped: KbReader = {
        ...reader,
        withScope: () => wrapped,
        documents(filter, fields) {
          const parts = Array.isArray(filter) ? filter : [filter ?? ""];
          const articles = parts.find((f) => f.startsWith("articles IN")) ?? "";
          if (parts.some((f) => f.includes('"analysis"')) && articles && fails(articles))
            return Promise.reject(new SearchUnavailableError());
          return reader.documents(filter, fields);
        },
      };
      return wrapped;
    };
    const query = "?countries=BY,GE,MD&articles=1-48";
    // The first batch fails before anything is sent: a 503 with its message.
    const first = memoryLogger();
    const { app: failsAtOnce } = await testApp(index, {
      reader: failing(() => true),
      log: first.log,
      compareBatchCells: 6,
    });
    const refused = await request(failsAtOnce).get(`/api/compare${query}`);
    expect(refused.status).toBe(503);
    expect(refused.body.error.id).toBe("search_unavailable");
    expect((await request(failsAtOnce).get(`/compare.csv${query}`)).status).toBe(503);
    // Those after the first batch (Articles 1 and 2) fail once the answer has begun: the client
    // gets it cut short, never complete.
    const later = memoryLogger();
    const { app: failsLater } = await testApp(index, {
      reader: failing((articles) => !articles.startsWith('articles IN ["1", "2"')),
      log: later.log,
      compareBatchCells: 6,
    });
    const server = failsLater.listen(0, "127.0.0.1");
    try {
      await once(server, "listening");
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ["/api/compare", "/compare.csv"]) {
        const res = await fetch(url + path + query);
        expect(res.status).toBe(200);
        await expect(res.text()).rejects.toThrow();
        const logged = later.lines.map((l) => JSON.parse(l) as { msg: string; path?: string });
        expect(logged).toContainEqual(
          expect.objectContaining({ msg: "error after the answer began", path }),
        );
      }
      // The server goes on answering.
      expect((await fetch(`${url}/api/compare?countries=GE&articles=1,2`)).status).toBe(200);
    } finally {
      server.close();
    }
  });

  it("accepts chapters, sections, repeated parameters and lower-case codes", async () => {
    const res = await request(app).get(
      "/api/compare?countries=ge&countries=md&section=III.2&articles=16",
    );
    expect(res.body.selection).toEqual({
      countries: ["GE", "MD"],
      articles: [16, 29, 30, 31, 32, 33, 34, 35],
      diff: false,
    });
  });

  it.each([
    ["countries=ZZ", "unknown country `ZZ`"],
    ["articles=0", "article 0 is outside the Convention's 1–48"],
    ["articles=99", "article 99 is outside the Convention's 1–48"],
    ["articles=29-", "malformed article or range `29-`"],
    ["articles=35-29", "the range `35-29` runs backwards"],
    ["articles=twenty", "malformed article or range `twenty`"],
    ["chapter=IX", "unknown chapter `IX`"],
    ["section=III.9", "unknown section `III.9`"],
    [
      `articles=${Array.from({ length: 101 }, (_, i) => (i % 48) + 1).join(",")}`,
      "too many items in `articles` (at most 100)",
    ],
    ["diff=maybe", "`diff`: expected 0 or 1"],
    ["country=GE", "unknown parameter `country`"],
  ])("refuses %s with a 400 naming the bad value", async (query, message) => {
    for (const path of ["/api/compare", "/compare.csv"]) {
      const res = await request(app).get(`${path}?${query}`);
      expect(res.status, path).toBe(400);
    }
    const json = await request(app).get(`/api/compare?${query}`);
    expect(json.body.error.message).toContain(message);
    const html = await request(app).get(`/compare?${query}`);
    expect(html.status).toBe(400);
    expect(html.text).toContain(asShown(message));
  });
});

describe("a seventh country", () => {
  it("appears as a column without any code change", async () => {
    const dir = await copyToTemp(join(FIXTURES, "corpus-basic"));
    const seventh = uniqueIndex("compare_pt");
    try {
      await writeText(
        join(dir, "countries/pt.md"),
        `---
type: country
code: PT
name: Portugal
as_of: 2026-01-15
party: true
portal: { name: Fixture Diário, url: https://dre.example.org }
budapest: { signed: 2001-11-23, ratified: 2010-03-24, in_force: 2010-07-01, sources: [fx-treaty] }
protocol2: { signed: 2022-05-12, ratified: unknown, in_force: unknown, sources: [fx-treaty] }
central_authorities:
  - { authority: Fixture Procuradoria-Geral, role: Central authority., sources: [fx-treaty] }
contact_points:
  - { authority: Fixture Polícia Judiciária, role: 24/7 point of contact., sources: [fx-treaty] }
laws:
  - { title: Fixture Cybercrime Law, number: "109/2009", date: 2009-09-15, sources: [fx-treaty] }
sources: [fx-treaty]
---

## Article 29 – Expedited preservation of stored computer data

\`\`\`yaml
status: implemented
provisions: ["Fixture Law 109/2009, Art. 22"]
as_of: 2026-01-15
sources: [fx-treaty]
\`\`\`

Portuguese fixture analysis.
`,
      );
      await publishFolder(dir, seventh);
      const { app: app7 } = await testApp(seventh);
      const res = await request(app7).get("/api/compare").query({ articles: "29" });
      expect(res.body.selection.countries).toEqual(["BY", "GE", "PT", "MD"]);
      expect(
        res.body.rows[0].cells.find((c: { country: string }) => c.country === "PT"),
      ).toMatchObject({ status: "implemented", provisions: ["Fixture Law 109/2009, Art. 22"] });
      const page = await request(app7).get("/compare").query({ articles: "29" });
      expect(page.text).toContain('<th scope="col" role="columnheader">Portugal</th>');
    } finally {
      await dropIndex(seventh);
      await removeDir(dir);
    }
  });
});

describe("the handout after a publication", () => {
  it("reads the matrix again, not what the page showed before", async () => {
    const dir = await copyToTemp(join(FIXTURES, "corpus-basic"));
    const own = uniqueIndex("compare_head");
    try {
      await publishFolder(dir, own);
      const { app: ownApp } = await testApp(own);
      const query = { countries: "GE", articles: "29" };
      expect((await request(ownApp).get("/compare").query(query)).status).toBe(200);
      const before = await request(ownApp).get("/compare/handout.css").query(query);
      expect(before.text).toContain("analyses as of 15 January 2026");
      const path = join(dir, "countries/ge.md");
      const text = await readFile(path, "utf8");
      const edited = text.replace(
        'provisions: ["Fixture Code, Art. 136"]\nas_of: 2026-01-15',
        'provisions: ["Fixture Code, Art. 136"]\nas_of: 2026-02-01',
      );
      expect(edited).not.toBe(text);
      await writeText(path, edited);
      await publishFolder(dir, own);
      const after = await request(ownApp).get("/compare/handout.css").query(query);
      expect(after.text).toContain("analyses as of 1 February 2026");
    } finally {
      await dropIndex(own);
      await removeDir(dir);
    }
  });
});

describe("the CSV export of text a spreadsheet would run", () => {
  it("neutralises corpus cells that begin with =, +, - or @", async () => {
    const dir = await copyToTemp(join(FIXTURES, "corpus-basic"));
    const formulas = uniqueIndex("compare_formulas");
    try {
      const edit = async (file: string, from: string, to: string) => {
        const path = join(dir, "countries", file);
        const text = await readFile(path, "utf8");
        expect(text).toContain(from);
        await writeText(path, text.replace(from, to));
      };
      await edit(
        "ge.md",
        "Georgian fixture analysis of quick freeze",
        '=HYPERLINK("http://evil.example","x") Georgian fixture analysis of quick freeze',
      );
      await edit("ge.md", 'provisions: ["Fixture Code, Art. 136"]', 'provisions: ["@SUM(1+1)"]');
      await edit("md.md", "No Moldovan fixture provision", "+31 No Moldovan fixture provision");
      await edit(
        "by.md",
        "Belarus is not bound by the Convention",
        "-2+3 Belarus is not bound by the Convention",
      );
      await publishFolder(dir, formulas);
      const { app: appF } = await testApp(formulas);
      const res = await request(appF).get("/compare.csv").query({ articles: "29" });
      expect(res.status).toBe(200);
      const rows = parse(res.text.replace(/^\ufeff/, ""), { columns: true }) as Record<
        string,
        string
      >[];
      const cell = (country: string, column: string) =>
        rows.find((r) => r["country"] === country)?.[column] ?? "";
      expect(cell("GE", "analysis")).toMatch(/^'=HYPERLINK/);
      expect(cell("GE", "provisions")).toBe("'@SUM(1+1)");
      expect(cell("MD", "analysis")).toMatch(/^'\+31 /);
      expect(cell("BY", "analysis")).toMatch(/^'-2\+3 /);
    } finally {
      await dropIndex(formulas);
      await removeDir(dir);
    }
  });
});
