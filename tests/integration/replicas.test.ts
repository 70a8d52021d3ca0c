import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type express from "express";
import { connectEngine, type Engine } from "../../engine/connection.js";
import { launchMeilisearch, type LaunchedEngine } from "../../engine/launch.js";
import { liveFingerprint, prepare, publishRun } from "../../indexer/run.js";
import { createReader } from "../../server/search/reader.js";
import { FIXTURES, testApp } from "../setup/helpers.js";

// Two engines, as two replicas behind the servers: the same master key, the same atomic rebuild
// published to both, searches spread over both and moved to the other when one stops.
const dirs: string[] = [];
const engines: LaunchedEngine[] = [];
let connection: Engine;
let app: express.Express;
const calls = new Map<string, number>();
const index = "kb_replicas";

beforeAll(async () => {
  const masterKey = randomBytes(24).toString("base64url");
  for (let i = 0; i < 2; i++) {
    const dir = await mkdtemp(join(tmpdir(), `kb-replica-${i}-`));
    dirs.push(dir);
    engines.push(
      await launchMeilisearch({
        dataDir: dir,
        masterKey,
        extraArgs: ["--max-indexing-threads", "1"],
      }),
    );
  }
  connection = await connectEngine(
    {
      meiliHosts: engines.map((e) => e.url),
      meiliMasterKey: masterKey,
      meiliBinary: undefined,
      dataDir: dirs[0]!,
      startTimeoutMs: 30_000,
      requestTimeoutMs: 2_000,
    },
    { requireAll: true },
  );
  await publishRun(connection.hosts, index, await prepare(join(FIXTURES, "corpus-basic")));
  const reader = createReader({
    hosts: connection.hosts.map((h) => {
      // Count the searches each replica answers.
      const original = h.read.multiSearch.bind(h.read);
      h.read.multiSearch = ((...args: Parameters<typeof original>) => {
        calls.set(h.url, (calls.get(h.url) ?? 0) + 1);
        return original(...args);
      }) as typeof original;
      return { url: h.url, read: h.read };
    }),
    indexName: index,
  });
  ({ app } = await testApp(index, { reader }));
});

afterAll(async () => {
  for (const e of engines) await e.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("several Meilisearch replicas", () => {
  it("publishes the same rebuild to every replica", async () => {
    const fingerprint = (await prepare(join(FIXTURES, "corpus-basic"))).corpus.fingerprint;
    for (const host of connection.hosts)
      expect(await liveFingerprint(host, index)).toBe(fingerprint);
  });

  it("spreads searches over the replicas", async () => {
    calls.clear();
    for (let i = 0; i < 20; i++)
      expect((await request(app).get("/api/search").query({ q: "fixture" })).status).toBe(200);
    const counts = connection.hosts.map((h) => calls.get(h.url) ?? 0);
    expect(counts.every((c) => c >= 5)).toBe(true);
  });

  it("loses no request when one replica stops under searching", async () => {
    let searching = true;
    const statuses: number[] = [];
    const searcher = async () => {
      while (searching) {
        const res = await request(app).get("/api/search").query({ q: "quick freeze" });
        statuses.push(res.status);
      }
    };
    const searchers = Array.from({ length: 4 }, searcher);
    await new Promise((r) => setTimeout(r, 300));
    await engines[0]!.stop();
    await new Promise((r) => setTimeout(r, 1_500));
    searching = false;
    await Promise.all(searchers);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await request(app).get("/readyz")).status).toBe(200);
  });
});
