import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidQueryError } from "../../server/errors.js";
import { PageSchema, readParams } from "../../server/http/params.js";

const SHAPE = { from: z.string().max(10), page: PageSchema };

function refusal(query: unknown): InvalidQueryError {
  try {
    readParams(query, SHAPE);
  } catch (error) {
    if (error instanceof InvalidQueryError) return error;
    throw error;
  }
  throw new Error("the query was accepted");
}

describe("query parameters", () => {
  it("say which parameter is missing, unknown, repeated or wrong, in words", () => {
    expect(refusal({}).message).toBe("`from` is required");
    expect(refusal({ from: "x", since: "y" }).message).toContain("unknown parameter `since`");
    expect(refusal({ from: ["x", "y"] }).message).toBe("`from` is given more than once");
    expect(refusal({ from: "x", page: "0" }).message).toBe("`page`: must be a whole number from 1");
    expect(refusal({ from: "x".repeat(11) }).message).toMatch(/^`from`: Too big/);
    expect(readParams({ from: "2026-01-01", page: "2" }, SHAPE)).toEqual({
      from: "2026-01-01",
      page: 2,
    });
  });
});
