import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { parse } from "csv-parse/sync";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { neutralise, sendCsvInBatches, toCsv } from "../../server/http/csv.js";

describe("the CSV writer", () => {
  const formulas = ["=1+1", "+31 20", "-2", "@SUM(A1)", "\tx", "\rx"];

  it.each(formulas)("prefixes %j with a single quote so spreadsheets show it as text", (cell) => {
    expect(neutralise(cell)).toBe(`'${cell}`);
  });

  it("leaves other text and numbers alone", () => {
    expect(neutralise("Article 29 – preservation")).toBe("Article 29 – preservation");
    expect(neutralise(" =not at the start")).toBe(" =not at the start");
    expect(neutralise(-3)).toBe("-3");
    expect(neutralise(null)).toBe("");
  });

  it("writes a BOM, quotes every field, ends lines with CRLF and neutralises every cell", () => {
    const csv = toCsv(["a", "b"], [['=HYPERLINK("x")', "plain, with comma"]]);
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(csv).toContain("\r\n");
    const rows = parse(csv.slice(1), { relax_quotes: false }) as string[][];
    expect(rows).toEqual([
      ["a", "b"],
      ['\'=HYPERLINK("x")', "plain, with comma"],
    ]);
  });
});

describe("the CSV written as it is read", () => {
  const servers: { close(): void }[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  /** Records of `n` rows, with text a CSV quotes and a formula to neutralise. */
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => [
      `C${i % 7}`,
      i,
      `=cell ${i}, "quoted", line\nbreak, Збереження даних – ${"x".repeat(i % 300)}`,
      i % 3 === 0 ? null : "",
    ]);

  /** The answer's text with its byte-order mark (which `Response.text` drops). */
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer()).toString("utf8");

  /** Serves `all` at /, as batches of `perBatch` records sent in groups of three. */
  async function serve(all: ReturnType<typeof records>, perBatch: number) {
    const app = express();
    app.get("/", (_req, res) => {
      async function* batches() {
        for (let i = 0; i < all.length; i += perBatch) {
          await new Promise((resolve) => setImmediate(resolve));
          yield all.slice(i, i + perBatch);
        }
      }
      void sendCsvInBatches(res, "a b/c.csv", ["country", "n", "text", "empty"], batches(), (b) =>
        Array.from({ length: Math.ceil(b.length / 3) }, (_, i) => b.slice(3 * i, 3 * i + 3)),
      );
    });
    const server = app.listen(0, "127.0.0.1");
    servers.push(server);
    await once(server, "listening");
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it("is the text of the whole, over many writes, as a download", async () => {
    const all = records(3_000);
    const expected = toCsv(["country", "n", "text", "empty"], all);
    // Several times the size written at once.
    expect(expected.length).toBeGreaterThan(8 * 64 * 1024);
    const res = await fetch(await serve(all, 100));
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="a_b_c.csv"');
    const text = await bytes(res);
    expect(text).toBe(expected);
    expect(parse(text, { bom: true, columns: true })).toHaveLength(3_000);
  });

  it("is a header row alone when there are no records", async () => {
    const text = await bytes(await fetch(await serve([], 10)));
    expect(text).toBe(toCsv(["country", "n", "text", "empty"], []));
    expect(text).toBe('\ufeff"country","n","text","empty"\r\n');
  });
});
