import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { indexSettings, type KbDocument } from "../../indexer/contract.js";
import { publish } from "../../indexer/publish/index.js";
import { liveFingerprint, prepare } from "../../indexer/run.js";
import { EngineTaskError } from "../../engine/errors.js";
import {
  copyToTemp,
  dropIndex,
  FIXTURES,
  publishFolder,
  removeDir,
  ROOT,
  testEngine,
  uniqueIndex,
  writeText,
} from "../setup/helpers.js";

const run = promisify(execFile);
const BASIC = join(FIXTURES, "corpus-basic");
const index = uniqueIndex("publish");

async function liveDocuments(): Promise<KbDocument[]> {
  const engine = await testEngine();
  const result = await engine.hosts[0]!.admin.index<KbDocument>(index).getDocuments({
    limit: 1000,
  });
  return result.results;
}

/**
 * Build indexes of this index still present once the engine's queue has settled: an old index is
 * dropped in the background after a swap, so it may take a moment on a busy engine.
 */
async function buildsLeft(): Promise<string[]> {
  const engine = await testEngine();
  let leftovers: string[] = [];
  for (let i = 0; i < 100; i++) {
    const { results } = await engine.hosts[0]!.admin.getRawIndexes({ limit: 1000 });
    leftovers = results.filter((x) => x.uid.startsWith(`${index}__build_`)).map((x) => x.uid);
    if (leftovers.length === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return leftovers;
}

/** Runs the indexer command (`npm run index` / `npm run check`) against the test engine. */
async function indexCommand(corpusDir: string, command = "index", ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", join(ROOT, "indexer/cli.ts"), "--corpus", corpusDir, command, ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          MEILI_HOST: inject("meiliUrl"),
          MEILI_MASTER_KEY: inject("meiliMasterKey"),
          MEILI_INDEX: index,
          CI: "",
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("publishing the corpus", () => {
  beforeAll(async () => {
    await publishFolder(BASIC, index);
  });
  afterAll(async () => {
    await dropIndex(index);
  });

  it("makes every document of a fixture corpus searchable", async () => {
    const engine = await testEngine();
    const result = await engine.hosts[0]!.read.index(index).search("quick freeze", {
      filter: 'kind = "analysis"',
    });
    expect(result.hits.map((h) => h.id)).toContain("analysis-ge-29");
    const { documents } = await prepare(BASIC);
    expect((await liveDocuments()).length).toBe(documents.length);
  });

  it("records the corpus fingerprint so start-up can tell whether to reindex", async () => {
    const engine = await testEngine();
    const { corpus } = await prepare(BASIC);
    expect(await liveFingerprint(engine.hosts[0]!, index)).toBe(corpus.fingerprint);
  });

  it("applies the index settings: synonyms and no typos on numbers", async () => {
    const engine = await testEngine();
    const settings = await engine.hosts[0]!.admin.index(index).getSettings();
    expect(settings.synonyms?.["quick freeze"]).toEqual(["expedited preservation"]);
    expect(settings.typoTolerance?.disableOnNumbers).toBe(true);
  });

  it("with --full, replaces the live index atomically, leaving no build index behind", async () => {
    const dir = await copyToTemp(BASIC);
    try {
      await writeText(
        join(dir, "extra.md"),
        "---\ntype: page\nid: extra\ntitle: Extra page\nas_of: 2026-01-15\n---\n\nAn extra page.\n",
      );
      const result = await indexCommand(dir, "index", "--full");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^rebuilt the index with \d+ documents \(a full rebuild was asked for\) to index "test_publish_[0-9a-f]+" on 1 host\(s\)/m,
      );
      const ids = (await liveDocuments()).map((d) => d.id);
      expect(ids).toContain("page-extra");
      expect(await buildsLeft()).toEqual([]);
    } finally {
      await removeDir(dir);
      await publishFolder(BASIC, index);
    }
  });

  it("refuses a malformed corpus with every problem's position and leaves the live index untouched", async () => {
    const before = await liveDocuments();
    const dir = await copyToTemp(BASIC);
    try {
      const md = await readFile(join(BASIC, "countries/md.md"), "utf8");
      await writeText(
        join(dir, "countries/md.md"),
        md
          .replace("party: true", "party: true\ncolour: red")
          .replace("status: not-implemented", "status: partly"),
      );
      await writeText(join(dir, "broken.md"), "---\ntype: page\nid: [broken\n---\n");
      const result = await indexCommand(dir);
      expect(result.code).toBe(1);
      const lines = result.stdout.split("\n").filter((l) => /:\d+:\d+ /.test(l));
      expect(lines).toEqual([
        expect.stringMatching(/broken\.md:3:12 broken YAML: .* \[front-matter\]$/),
        expect.stringMatching(/countries\/md\.md:8:1 unknown field `colour` \[country\]$/),
        expect.stringMatching(
          /countries\/md\.md:44:9 `status`: expected one of implemented, partial, not-implemented, not-applicable, unknown \(found `partly`\) \[analysis\]$/,
        ),
      ]);
      expect(result.stdout).toContain("the live index was not touched");
      const after = await liveDocuments();
      expect(after.map((d) => d.id).sort()).toEqual(before.map((d) => d.id).sort());
      expect(after.find((d) => d.id === "meta")?.data).toEqual(
        before.find((d) => d.id === "meta")?.data,
      );
    } finally {
      await removeDir(dir);
    }
  });

  it("`check` prints the position of broken front matter and exits 1, without an engine", async () => {
    const dir = await copyToTemp(BASIC);
    try {
      await writeText(
        join(dir, "about.md"),
        "---\ntype: page\nid: about\ntitle: [About\nas_of: 2026-01-15\n---\n\nText.\n",
      );
      const result = await indexCommand(dir, "check");
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/about\.md:\d+:\d+ broken YAML: .* \[front-matter\]/);
      expect(result.stdout).toContain("1 problem in the corpus; nothing published.");
    } finally {
      await removeDir(dir);
    }
  });

  it("leaves the live index as it was when the engine rejects a publication half-way", async () => {
    const engine = await testEngine();
    const before = await liveDocuments();
    const { documents, corpus } = await prepare(BASIC);
    const broken = [...documents, { ...documents[1]!, id: "bad id with spaces" }];
    await expect(
      publish(engine.hosts, {
        indexName: index,
        documents: broken,
        settings: indexSettings({}),
        batchSize: 20,
      }),
    ).rejects.toBeInstanceOf(EngineTaskError);
    expect((await liveDocuments()).length).toBe(before.length);
    expect(await liveFingerprint(engine.hosts[0]!, index)).toBe(corpus.fingerprint);
    expect(await buildsLeft()).toEqual([]);
  });
});
