import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { neutralise, toCsv } from "../../server/http/csv.js";

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
