import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectEngine } from "../../engine/connection.js";
import { launchMeilisearch, type LaunchedEngine } from "../../engine/launch.js";
import { prepare, publishRun } from "../../indexer/run.js";
import { createReader } from "../../server/search/reader.js";
import { FIXTURES, testApp } from "../setup/helpers.js";
import type express from "express";

// This file runs its own engine so it can stop and restart it without disturbing other files.
let dir: string;
let engine: LaunchedEngine;
let port: number;
let app: express.Express;
const index = "kb_down";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kb-down-"));
  engine = await launchMeilisearch({ dataDir: dir, extraArgs: ["--max-indexing-threads", "1"] });
  port = Number(new URL(engine.url).port);
  const connection = await connectEngine({
    meiliHosts: [engine.url],
    meiliMasterKey: engine.masterKey,
    meiliBinary: undefined,
    dataDir: dir,
    startTimeoutMs: 30_000,
    requestTimeoutMs: 2_000,
  });
  await publishRun(connection.hosts, index, await prepare(join(FIXTURES, "corpus-basic")));
  const reader = createReader({
    hosts: connection.hosts.map((h) => ({
      url: h.url,
      read: h.read,
      ensureKeys: () => connection.ensureKeys(h),
    })),
    indexName: index,
  });
  ({ app } = await testApp(index, { reader }));
});

afterAll(async () => {
  await engine?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("when the engine goes away", () => {
  it("is ready while the engine answers", async () => {
    expect((await request(app).get("/readyz")).status).toBe(200);
    expect((await request(app).get("/search?q=preservation")).status).toBe(200);
  });

  it("answers 503 with Retry-After, without hanging, while the engine is down", async () => {
    await engine.stop();
    // A request that hangs fails here: none may wait for the engine longer than a few seconds.
    const get = (path: string) => request(app).get(path).timeout({ response: 5_000 });
    const ready = await get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: "unavailable", reason: "engine unreachable" });
    const page = await get("/search?q=preservation");
    expect(page.status).toBe(503);
    expect(page.headers["retry-after"]).toBe("5");
    expect(page.text).toContain("The search engine is not reachable right now");
    const api = await get("/api/search?q=preservation");
    expect(api.status).toBe(503);
    expect(api.body.error.id).toBe("search_unavailable");
    expect((await get("/healthz")).status).toBe(200);
  });

  it("recovers without a restart once the engine is back", async () => {
    engine = await launchMeilisearch({
      dataDir: dir,
      port,
      extraArgs: ["--max-indexing-threads", "1"],
    });
    expect((await request(app).get("/readyz")).status).toBe(200);
    const res = await request(app).get("/api/search?q=preservation");
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
  });
});
