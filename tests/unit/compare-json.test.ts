import { once } from "node:events";
import { get, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { compareJson, sendCompareJson } from "../../server/routes/compare/json.js";
import type { CompareCell, CompareModel } from "../../server/routes/compare/model.js";
import type { CompareSelection } from "../../server/routes/compare/schema.js";

// The comparison's JSON is written a few rows at a time, over a real socket here: the text must be
// exactly what one JSON.stringify of the whole gives, and a client that goes away must not leave
// the writer waiting.

/** A matrix of `countries` × `articles`, with text outside ASCII and characters JSON escapes. */
function matrix(countries: number, articles: number): [CompareSelection, CompareModel] {
  const codes = Array.from({ length: countries }, (_, i) => `C${i}`);
  const cell = (country: string, article: number): CompareCell => ({
    country,
    countryName: `Country ${country}`,
    analysed: article % 5 !== 0,
    restricted: false,
    status: article % 5 === 0 ? "not-analysed" : "partial",
    statusLabel: "Partially implemented",
    benchmark: false,
    provisions: [`Code, Art. ${article} – «${country}»`],
    summary:
      `Збереження даних «${country}/${article}»: "quoted", back\\slash, tab\t, line\n`.repeat(4),
    analysis: "",
    asOf: "2025-05-01",
    url: `/countries/${country}/articles/${article}`,
    sources: [{ title: `Law ${article} — ${country}`, url: `https://example.org/${country}` }],
    html: "",
    gapsHtml: "",
    missingInfo: null,
    notes: [],
  });
  const rows = Array.from({ length: articles }, (_, i) => ({
    number: i + 1,
    title: `Article ${i + 1}`,
    summary: "A summary; with a semicolon.",
    url: `/articles/${i + 1}`,
    chapter: "III",
    differs: true,
    cells: codes.map((c) => cell(c, i + 1)),
  }));
  const model: CompareModel = {
    countries: codes.map((code) => ({
      code,
      name: `Country ${code}`,
      party: true,
      counts: [{ status: "partial", label: "Partially implemented", count: articles }],
    })),
    notes: [],
    asOf: { from: "2025-05-01", to: "2025-05-01" },
    rows,
    totalRows: rows.length,
    hiddenRows: 3,
  };
  return [{ countries: codes, articles: rows.map((r) => r.number), diff: false }, model];
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** `model`'s rows as the comparison reads them, `perBatch` rows at a time. */
function streamOf(model: CompareModel, perBatch = 7) {
  return {
    async *rows() {
      for (let i = 0; i < model.rows.length; i += perBatch) {
        await new Promise((resolve) => setImmediate(resolve));
        yield model.rows.slice(i, i + perBatch);
      }
    },
    summary: () => model,
  };
}

/** Serves `model` at /; `finished` settles once the handler returns. */
async function serve([selection, model]: [CompareSelection, CompareModel]) {
  let finish: (ended: boolean) => void = () => {};
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  const app = express();
  app.get("/", (_req, res) => {
    void sendCompareJson(res, selection, streamOf(model)).then(() => finish(res.writableEnded));
  });
  const server = app.listen(0, "127.0.0.1");
  servers.push(server);
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, finished };
}

describe("the comparison's JSON, written row by row", () => {
  it("is the text of the whole object, over many writes", async () => {
    const whole = matrix(60, 48);
    const expected = JSON.stringify(compareJson(...whole));
    // Many times the size written at once, so that the rows are split over many writes.
    expect(expected.length).toBeGreaterThan(20 * 64 * 1024);
    const { url, finished } = await serve(whole);
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.text()).toBe(expected);
    expect(await finished).toBe(true);
  });

  it("is whole with one row, and with none", async () => {
    for (const articles of [1, 0]) {
      const one = matrix(2, articles);
      const { url } = await serve(one);
      const text = await (await fetch(url)).text();
      expect(text).toBe(JSON.stringify(compareJson(...one)));
      expect((JSON.parse(text) as { rows: unknown[] }).rows).toHaveLength(articles);
    }
  });

  it("stops writing when a client that stopped reading goes away", async () => {
    // Far more than the sockets' buffers hold, so that the writer has to wait for the client.
    const { url, finished } = await serve(matrix(400, 48));
    const response = await new Promise<IncomingMessage>((resolve) => get(url, resolve));
    await once(response, "data");
    response.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    response.destroy();
    // The handler returns without having ended the answer: it was waiting when the client left.
    expect(await finished).toBe(false);
  });
});
