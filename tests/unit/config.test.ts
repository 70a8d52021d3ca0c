import { describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, environment, loadConfig } from "../../config/index.js";

describe("configuration", () => {
  it("has working defaults with an empty environment", () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      meiliHosts: [],
      meiliMasterKey: undefined,
      indexName: "kb",
      dataDir: "data",
      corpusDir: "corpus",
      logLevel: "info",
      production: true,
    });
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ PORT: "", MEILI_HOST: "", MEILI_INDEX: "" })).toMatchObject({
      port: 3000,
      meiliHosts: [],
      indexName: "kb",
    });
  });

  it("reads several Meilisearch hosts separated by commas", () => {
    expect(loadConfig({ MEILI_HOST: "http://a:7700, http://b:7700/" }).meiliHosts).toEqual([
      "http://a:7700",
      "http://b:7700",
    ]);
  });

  it("reports every problem at once", () => {
    try {
      loadConfig({
        PORT: "eighty",
        MEILI_MASTER_KEY: "short",
        MEILI_HOST: "ftp://x",
        LOG_LEVEL: "loud",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ["PORT", "MEILI_MASTER_KEY", "MEILI_HOST", "LOG_LEVEL"])
        expect(message).toContain(name);
    }
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("reads .env under the real environment, which wins", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kb-env-"));
    try {
      const file = join(dir, ".env");
      await writeFile(file, "# comment\nPORT=4100\nLOG_LEVEL=debug\nMEILI_INDEX=from_file\n");
      const env = environment({ LOG_LEVEL: "warn", ENV_FILE: file });
      expect(loadConfig(env)).toMatchObject({
        port: 4100,
        logLevel: "warn",
        indexName: "from_file",
      });
      // Without ENV_FILE, a missing .env is simply no file; a named one that is missing is an error.
      expect(environment({ PORT: "1" }, join(dir, "missing"))).toEqual({ PORT: "1" });
      expect(() => environment({ ENV_FILE: join(dir, "missing") })).toThrow(ConfigError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
