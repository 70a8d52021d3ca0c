import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/index.js";

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
});
