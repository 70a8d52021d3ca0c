import { spawn } from "node:child_process";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type express from "express";
import type { KbDocument } from "../../indexer/contract.js";
import { liveFingerprint, prepare, publishRun } from "../../indexer/run.js";
import { writeSyntheticCorpus } from "../../bench/synthetic.js";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import {
  copyToTemp,
  dropIndex,
  FIXTURES,
  publishFolder,
  REAL_CORPUS,
  removeDir,
  ROOT,
  testApp,
  testEngine,
  uniqueIndex,
  writeText,
} from "../setup/helpers.js";

const BASIC = join(FIXTURES, "corpus-basic");

describe("a reindex while people search", () => {
  const index = uniqueIndex("faults_reindex");
  let app: express.Express;
  let extraDir: string;

  beforeAll(async () => {
    await publishFolder(BASIC, index);
    ({ app } = await testApp(index));
    extraDir = await copyToTemp(BASIC);
    await writeText(
      join(extraDir, "extra.md"),
      "---\ntype: page\nid: extra\ntitle: Extra fixture page\nas_of: 2026-01-15\n---\n\nAn extra fixture page.\n",
    );
  });
  afterAll(async () => {
    await dropIndex(index);
    await removeDir(extraDir);
  });

  it("never fails a search and never shows an empty result page", async () => {
    const engine = await testEngine();
    const runs = [await prepare(extraDir), await prepare(BASIC)];
    let searching = true;
    const outcomes: { status: number; total: number }[] = [];
    const searcher = async () => {
      while (searching) {
        const res = await request(app).get("/api/search").query({ q: "fixture", kind: "analysis" });
        outcomes.push({ status: res.status, total: res.body.total ?? -1 });
        const page = await request(app).get("/search").query({ q: "quick freeze" });
        outcomes.push({ status: page.status, total: page.text.includes("No results") ? 0 : 1 });
      }
    };
    const searchers = Array.from({ length: 4 }, searcher);
    // Publish the two versions in turn at least three times, and on a slow machine until enough
    // searches have run beside the publications (bounded, so a stuck engine still ends the test).
    for (let i = 0; i < 3 || (outcomes.length < 24 && i < 15); i++)
      await publishRun(engine.hosts, index, runs[i % 2]!);
    searching = false;
    await Promise.all(searchers);
    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
    expect(outcomes.filter((o) => o.total <= 0)).toEqual([]);
  });
});

describe("an indexer killed in the middle of publishing", () => {
  const index = uniqueIndex("faults_kill");
  let bigCorpus: string;

  beforeAll(async () => {
    await publishFolder(BASIC, index);
    bigCorpus = await mkdtemp(join(tmpdir(), "kb-big-"));
    await writeSyntheticCorpus(REAL_CORPUS, bigCorpus, 60);
  });
  afterAll(async () => {
    await dropIndex(index);
    await removeDir(bigCorpus);
  });

  it("leaves the live index answering with the previous documents", async () => {
    const engine = await testEngine();
    const host = engine.hosts[0]!;
    const before = (await prepare(BASIC)).corpus.fingerprint;
    expect(await liveFingerprint(host, index)).toBe(before);

    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "indexer/cli.ts"), "--corpus", bigCorpus, "index", "--full"],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          MEILI_HOST: inject("meiliUrl"),
          MEILI_MASTER_KEY: inject("meiliMasterKey"),
          MEILI_INDEX: index,
          DATA_DIR: bigCorpus,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Kill it once documents are flowing into the new index, before the swap.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/documents sent [1-9]\d*\//.test(output)) {
          clearInterval(timer);
          child.kill("SIGKILL");
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`indexer ended before it could be killed: ${output}`));
        }
      }, 5);
    });
    await exited;
    expect(output).not.toMatch(/^(rebuilt the index|published the changes)/m);

    expect(await liveFingerprint(host, index)).toBe(before);
    const docs = await host.admin
      .index<KbDocument>(index)
      .getDocuments({ limit: 1000, fields: ["id"] });
    expect(docs.results.length).toBe((await prepare(BASIC)).documents.length);
    const { app } = await testApp(index);
    const res = await request(app).get("/api/search").query({ q: "quick freeze" });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);

    // The next run publishes normally; the interrupted build stays aside until it is stale.
    await publishFolder(BASIC, index);
    expect(await liveFingerprint(host, index)).toBe(before);
    const { results } = await host.admin.getRawIndexes({ limit: 1000 });
    for (const leftover of results.filter((i) => i.uid.startsWith(`${index}__build_`)))
      await host.admin.deleteIndex(leftover.uid).waitTask({ timeout: 60_000 });
  }, 120_000);
});
