import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseNames, PARSE_CASES, runCase } from "../setup/parse-cases.js";

// Each folder under tests/fixtures/parse lays its files over the valid fixture corpus; its
// expected.json lists every message the check must print. A new case needs no new code.
describe("corpus problems are reported with path, line and column", async () => {
  for (const name of await caseNames()) {
    it(`case ${name}`, async () => {
      const expected = JSON.parse(
        await readFile(join(PARSE_CASES, name, "expected.json"), "utf8"),
      ) as { messages: string[] };
      expect(await runCase(name)).toEqual(expected.messages);
    });
  }
});
