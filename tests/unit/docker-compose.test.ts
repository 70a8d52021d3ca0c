import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../setup/helpers.js";

// No Docker engine runs on our machines: the compose file is checked by reading it.
interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

describe("docker-compose.yml", async () => {
  const compose = parse(await readFile(join(ROOT, "docker-compose.yml"), "utf8")) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const dockerfile = await readFile(join(ROOT, "Dockerfile"), "utf8");

  it("runs the official Meilisearch 1.21 image with a key, production mode, a data volume and a health check", () => {
    const meili = compose.services["meilisearch"];
    expect(meili?.image).toBe("getmeili/meilisearch:v1.21");
    expect(meili?.environment?.["MEILI_MASTER_KEY"]).toMatch(/^\$\{MEILI_MASTER_KEY:\?/);
    expect(meili?.environment?.["MEILI_ENV"]).toBe("production");
    expect(meili?.environment?.["MEILI_NO_ANALYTICS"]).toBe("true");
    expect(meili?.volumes).toContain("meili-data:/meili_data");
    expect(compose.volumes).toHaveProperty("meili-data");
    expect(meili?.healthcheck?.test.join(" ")).toContain("/health");
    expect(meili?.ports).toEqual(["127.0.0.1:7700:7700"]);
  });

  it("builds the app, points it at the engine and waits for the engine to be healthy", () => {
    const app = compose.services["app"];
    expect(app?.build).toBe(".");
    expect(app?.environment).toMatchObject({
      MEILI_HOST: "http://meilisearch:7700",
      HOST: "0.0.0.0",
      PORT: "3000",
    });
    expect(app?.environment?.["MEILI_MASTER_KEY"]).toMatch(/^\$\{MEILI_MASTER_KEY/);
    expect(app?.depends_on).toEqual({ meilisearch: { condition: "service_healthy" } });
    expect(app?.ports).toEqual(["127.0.0.1:3000:3000"]);
    expect(app?.healthcheck?.test.join(" ")).toContain("/readyz");
  });

  it("has a Dockerfile on Node 24 LTS with git, that copies every part of the app and starts the server", () => {
    expect(dockerfile).toMatch(/^FROM node:24/m);
    expect(dockerfile).toContain("npm ci --omit=dev");
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends git/);
    // It builds the server as `npm start` does and runs the built file.
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(dockerfile).toContain(`RUN ${pkg.scripts["prestart"]}`);
    expect(
      `node ${JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)?.[1] ?? "[]")
        .slice(1)
        .join(" ")}`,
    ).toBe(pkg.scripts["start"]);
    expect(dockerfile).toMatch(/^USER node$/m);
    // Every top-level folder the server imports from must be in the image.
    const copied = [...dockerfile.matchAll(/^COPY (\w+) /gm)].map((m) => m[1]);
    expect(copied.length).toBeGreaterThan(4);
    for (const folder of ["config", "engine", "indexer", "server", "views", "scripts"])
      expect(copied).toContain(folder);
  });

  it("mounts the corpus repository with its history and keeps the app's data in a volume", () => {
    const app = compose.services["app"];
    expect(app?.volumes).toContain("./:/repo:ro");
    expect(app?.volumes).toContain("app-data:/app/data");
    expect(app?.environment).toMatchObject({
      CORPUS_DIR: "/repo/corpus",
      DATA_DIR: "/app/data",
      GIT_CONFIG_KEY_0: "safe.directory",
      // The repository is mounted read-only: this instance says editing is elsewhere.
      EDITING: "0",
    });
    expect(compose.volumes).toHaveProperty("app-data");
  });
});
