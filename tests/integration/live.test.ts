import { spawn } from "node:child_process";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { KbDocument } from "../../indexer/contract.js";
import type { EngineHost } from "../../engine/connection.js";
import { connectEngine } from "../../engine/connection.js";
import { launchMeilisearch, type LaunchedEngine } from "../../engine/launch.js";
import { createLivePublisher, type LivePublisher } from "../../indexer/live.js";
import { prepare, publishRun } from "../../indexer/run.js";
import { tempDir, waitUntil } from "../setup/app-process.js";
import {
  copyToTemp,
  dropIndex,
  FIXTURES,
  memoryLogger,
  removeDir,
  ROOT,
  testEngine,
  uniqueIndex,
} from "../setup/helpers.js";

// Live publication on the real engine: only the changed documents are sent, the settings or the
// contract changing falls back to the atomic rebuild, an interrupted publication is completed by
// the next one, and the watcher follows every kind of change on disk. After each step the live
// index must hold exactly what a full rebuild of the corpus on disk would hold.

const BASIC = join(FIXTURES, "corpus-basic");

/** Everything in the live index, with the meta document's build time blanked. */
async function liveDocuments(host: EngineHost, index: string): Promise<KbDocument[]> {
  const { results } = await host.admin.index<KbDocument>(index).getDocuments({ limit: 10_000 });
  return results.map(comparable).sort((a, b) => a.id.localeCompare(b.id));
}

function comparable(doc: KbDocument): KbDocument {
  return doc.kind === "meta" ? { ...doc, data: { ...doc.data, builtAt: "" } } : doc;
}

/** The documents a full rebuild of `dir` would publish. */
async function rebuiltDocuments(dir: string): Promise<KbDocument[]> {
  const run = await prepare(dir);
  expect(run.messages).toEqual([]);
  return run.documents.map(comparable).sort((a, b) => a.id.localeCompare(b.id));
}

async function expectSameAsRebuild(host: EngineHost, index: string, dir: string) {
  const [live, rebuilt] = await Promise.all([liveDocuments(host, index), rebuiltDocuments(dir)]);
  expect(live.length).toBeGreaterThan(50);
  expect(live).toEqual(rebuilt);
}

async function edit(path: string, from: string, to: string) {
  const text = await readFile(path, "utf8");
  expect(text, path).toContain(from);
  await writeFile(path, text.replace(from, to));
}

/**
 * Writes `first` to `path`, then `second` `gapMs` later, from another process, as an editor would:
 * the check running in this one cannot hold the writer back.
 */
async function writeInTwoSteps(path: string, first: string, gapMs: number, second: string) {
  const writer = spawn(
    process.execPath,
    [
      "-e",
      `const fs = require("node:fs");
      const [path, first, gapMs, second] = JSON.parse(process.argv[1]);
      fs.writeFileSync(path, first);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, gapMs);
      fs.writeFileSync(path, second);`,
      JSON.stringify([path, first, gapMs, second]),
    ],
    { stdio: "ignore" },
  );
  expect(await new Promise((resolve) => writer.on("exit", resolve))).toBe(0);
}

async function searchIds(host: EngineHost, index: string, q: string): Promise<string[]> {
  const { hits } = await host.read.index(index).search(q, { attributesToRetrieve: ["id"] });
  return hits.map((h) => String(h["id"]));
}

describe("incremental publication", () => {
  const index = uniqueIndex("incremental");
  let dir = "";
  let host: EngineHost;

  beforeAll(async () => {
    host = (await testEngine()).hosts[0]!;
    dir = await copyToTemp(BASIC);
    const first = await publishRun([host], index, await prepare(dir));
    expect(first.mode).toBe("full");
    expect(first.reason).toBe("no live index yet");
  });
  afterAll(async () => {
    await dropIndex(index);
    await removeDir(dir);
  });

  it("sends only the documents whose content changed", async () => {
    await edit(
      join(dir, "countries/ge.md"),
      "Georgian fixture analysis of quick freeze",
      "Georgian fixture analysis of zanzibarian quick freeze",
    );
    const result = await publishRun([host], index, await prepare(dir));
    expect(result).toMatchObject({ mode: "incremental", added: 0, deleted: 0 });
    // The analysis itself and the meta document (the corpus fingerprint changed).
    expect(result.updated).toBe(2);
    expect(await searchIds(host, index, "zanzibarian")).toEqual(["analysis-ge-29"]);
    await expectSameAsRebuild(host, index, dir);
  });

  it("publishes nothing when nothing changed", async () => {
    const result = await publishRun([host], index, await prepare(dir));
    expect(result).toMatchObject({ mode: "unchanged", added: 0, updated: 0, deleted: 0, tasks: 0 });
  });

  it("adds a new country's documents and deletes those of a removed one", async () => {
    await writeFile(
      join(dir, "countries/pt.md"),
      (await readFile(join(dir, "countries/md.md"), "utf8"))
        .replace("code: MD", "code: PT")
        .replace("name: Republic of Moldova", "name: Portugal"),
    );
    const added = await publishRun([host], index, await prepare(dir));
    expect(added.mode).toBe("incremental");
    expect(added.added).toBeGreaterThan(1);
    await expectSameAsRebuild(host, index, dir);
    await rm(join(dir, "countries/pt.md"));
    const removed = await publishRun([host], index, await prepare(dir));
    expect(removed.deleted).toBe(added.added);
    await expectSameAsRebuild(host, index, dir);
  });

  it("rebuilds atomically when the index settings change (a new synonym)", async () => {
    await edit(
      join(dir, "synonyms.md"),
      "| --- | --- |\n",
      "| --- | --- |\n| zanzibarian; zanzi | a new group |\n",
    );
    const result = await publishRun([host], index, await prepare(dir));
    expect(result).toMatchObject({ mode: "full", reason: "the index settings changed" });
    const settings = await host.admin.index(index).getSettings();
    expect(settings.synonyms?.["zanzi"]).toEqual(["zanzibarian"]);
    await expectSameAsRebuild(host, index, dir);
  });

  it("rebuilds atomically when the live index holds another version of the document contract", async () => {
    const meta = await host.admin.index<KbDocument>(index).getDocument("meta");
    await host.admin
      .index(index)
      .updateDocuments([{ id: "meta", data: { ...meta.data, contractVersion: 1 } }])
      // The engine is shared by the whole run: on a busy machine its queue takes more than the
      // client's default of 5 s.
      .waitTask({ timeout: 60_000 });
    const result = await publishRun([host], index, await prepare(dir));
    expect(result).toMatchObject({ mode: "full", reason: "the document contract changed" });
    await expectSameAsRebuild(host, index, dir);
  });
});

describe("a publication killed between its update and its deletions", () => {
  const index = uniqueIndex("interrupted");
  let dir = "";
  let host: EngineHost;
  beforeAll(async () => {
    host = (await testEngine()).hosts[0]!;
    dir = await copyToTemp(BASIC);
    await writeFile(
      join(dir, "extra.md"),
      "---\ntype: page\nid: extra\ntitle: Extra page\nas_of: 2026-01-15\n---\n\nAn extra page.\n",
    );
    await publishRun([host], index, await prepare(dir));
  });
  afterAll(async () => {
    await dropIndex(index);
    await removeDir(dir);
  });

  it("is completed correctly by the next publication", async () => {
    // One change that needs both an update (a changed analysis) and a deletion (a removed page).
    await edit(
      join(dir, "countries/ge.md"),
      "Georgian fixture analysis",
      "Georgian quokka analysis",
    );
    await rm(join(dir, "extra.md"));
    const script = `
      import { prepare, publishRun } from "./indexer/run.ts";
      import { connectEngine } from "./engine/connection.ts";
      const engine = await connectEngine({ meiliHosts: [${JSON.stringify(host.url)}], meiliMasterKey: process.env.KEY, meiliBinary: undefined, dataDir: "/tmp", startTimeoutMs: 30000, requestTimeoutMs: 5000 }, { requireAll: true });
      const run = await prepare(${JSON.stringify(dir)});
      if (run.messages.length > 0) throw new Error(run.messages[0].message);
      await publishRun(engine.hosts, ${JSON.stringify(index)}, run, { progress: { stage(message) {
        // The update is in; the process dies before it sends the deletions.
        if (/added or updated/.test(message)) process.kill(process.pid, "SIGKILL");
      } } });
      console.log("not killed");`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: ROOT,
        env: { ...process.env, KEY: inject("meiliMasterKey") },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const signal = await new Promise((resolve) => child.once("exit", (_code, sig) => resolve(sig)));
    expect(signal, output).toBe("SIGKILL");

    // Half-applied: the new text is live, and the removed page is still there.
    expect(await searchIds(host, index, "quokka")).toContain("analysis-ge-29");
    const ids = (await liveDocuments(host, index)).map((d) => d.id);
    expect(ids).toContain("page-extra");

    const next = await publishRun([host], index, await prepare(dir));
    expect(next.mode).toBe("incremental");
    expect(next.deleted).toBe(1);
    await expectSameAsRebuild(host, index, dir);
  }, 60_000);
});

describe("several engine hosts", () => {
  const index = "kb_live_hosts";
  let second: LaunchedEngine;
  let secondDir = "";
  let dir = "";
  let hosts: EngineHost[] = [];

  beforeAll(async () => {
    secondDir = await tempDir("kb-second-host-");
    second = await launchMeilisearch({
      dataDir: secondDir,
      extraArgs: ["--max-indexing-threads", "1"],
    });
    const first = (await testEngine()).hosts[0]!;
    const connection = await connectEngine(
      {
        meiliHosts: [second.url],
        meiliMasterKey: second.masterKey,
        meiliBinary: undefined,
        dataDir: secondDir,
        startTimeoutMs: 30_000,
        requestTimeoutMs: 2_000,
      },
      { requireAll: true },
    );
    hosts = [first, connection.hosts[0]!];
    dir = await copyToTemp(BASIC);
    await dropIndex(index);
    await publishRun(hosts, index, await prepare(dir));
  });
  afterAll(async () => {
    await second?.stop();
    await dropIndex(index);
    await removeDir(dir);
    await removeDir(secondDir);
  });

  it("gives every host the same change, reports a host that is down, and brings it back in line", async () => {
    const known = new Map();
    await edit(
      join(dir, "countries/md.md"),
      "No Moldovan fixture provision",
      "No Moldovan wombat provision",
    );
    const both = await publishRun(hosts, index, await prepare(dir), { known });
    expect(both.failed).toEqual([]);
    for (const host of hosts) await expectSameAsRebuild(host, index, dir);

    // The second host goes down; a change reaches the first and is reported missing on the second.
    const port = Number(new URL(second.url).port);
    await second.stop();
    await edit(join(dir, "countries/md.md"), "wombat", "platypus");
    const partial = await publishRun(hosts, index, await prepare(dir), { known });
    expect(partial.failed.map((f) => f.url)).toEqual([hosts[1]!.url]);
    expect(await searchIds(hosts[0]!, index, "platypus")).toEqual(["analysis-md-29"]);

    // Back on the same address, with its old data: the next publication brings it in line.
    second = await launchMeilisearch({
      dataDir: secondDir,
      port,
      masterKey: second.masterKey,
      extraArgs: ["--max-indexing-threads", "1"],
    });
    expect(await searchIds(hosts[1]!, index, "platypus")).toEqual([]);
    const healed = await publishRun(hosts, index, await prepare(dir), { known });
    expect(healed.failed).toEqual([]);
    for (const host of hosts) await expectSameAsRebuild(host, index, dir);
  }, 90_000);
});

describe("the watcher", () => {
  const index = uniqueIndex("watch");
  let dir = "";
  let host: EngineHost;
  let live: LivePublisher;
  let publications = 0;
  const logs = memoryLogger();

  beforeAll(async () => {
    host = (await testEngine()).hosts[0]!;
    dir = await copyToTemp(BASIC);
    live = createLivePublisher({
      hosts: [host],
      indexName: index,
      corpusDir: dir,
      cacheDir: join(dir, "..", `${index}-cache`),
      log: logs.log,
      onPublished: () => void (publications += 1),
      // Longer than the default, so that a writer this test starts, which a busy machine may
      // hold up between two writes, still finishes within the quiet time.
      debounceMs: 40,
    });
    await live.publishNow();
    await live.start();
    expect(live.status()).toMatchObject({ watching: true, problems: [] });
  });
  afterAll(async () => {
    await live?.stop();
    await dropIndex(index);
    await removeDir(dir);
    await removeDir(join(dir, "..", `${index}-cache`));
  });

  /** Waits until the live index answers `q` with `expected` (the watcher published), then settles. */
  async function published(q: string, expected: (ids: string[]) => boolean) {
    expect(await waitUntil(async () => expected(await searchIds(host, index, q)), 15_000, 50)).toBe(
      true,
    );
    await live.settled();
  }

  it("publishes an edited section's prose", async () => {
    await edit(join(dir, "countries/ge.md"), "through court orders", "through capybara orders");
    await published("capybara", (ids) => ids.includes("analysis-ge-29"));
    expect(live.status().lastPublication).toMatchObject({ mode: "incremental", updated: 2 });
    await expectSameAsRebuild(host, index, dir);
  });

  it("publishes the second step of a save that the watcher drops", async () => {
    // The watcher passes one change of a file per 50 ms: a second write 30 ms after the first
    // brings no event of its own, and the check that started in between read the first.
    const path = join(dir, "countries/ge.md");
    const text = await readFile(path, "utf8");
    expect(text).toContain("through capybara orders");
    await writeFile(path, text.replace("capybara", "quokkafirst"));
    await new Promise((r) => setTimeout(r, 30));
    await writeFile(path, text.replace("capybara", "quokkasecond"));
    await published("quokkasecond", (ids) => ids.includes("analysis-ge-29"));
    expect(await searchIds(host, index, "quokkafirst")).toEqual([]);
    await expectSameAsRebuild(host, index, dir);
    await writeFile(path, text);
    await published("capybara", (ids) => ids.includes("analysis-ge-29"));
  });

  it("neither publishes nor reports a file caught half-written", async () => {
    // The check starts at the first change event; here that is a file cut short in the middle
    // of a YAML block (a broken file), completed 8 ms later without a change event of its own
    // (the watcher passes one change of a file per 50 ms).
    const path = join(dir, "countries/ge.md");
    const text = await readFile(path, "utf8");
    const complete = text.replace(/through \w+ orders/, "through numbat orders");
    const cut = complete.indexOf("status:", complete.indexOf("numbat"));
    expect(cut).toBeGreaterThan(0);
    const before = logs.lines.length;
    await writeInTwoSteps(path, complete.slice(0, cut + 9), 8, complete);
    await published("numbat", (ids) => ids.includes("analysis-ge-29"));
    expect(logs.lines.slice(before).filter((l) => l.includes("corpus problem"))).toEqual([]);
    expect(live.status().problems).toEqual([]);
    await expectSameAsRebuild(host, index, dir);
    await writeFile(path, text);
    await published("numbat", (ids) => !ids.includes("analysis-ge-29"));
  });

  it("neither publishes nor reports a file emptied for a moment by a writer that truncates first", async () => {
    // Node's writeFile, and editors that save in place, empty the file and write it in a later
    // step; on a busy machine the two may be further apart than the quiet time. An empty file is
    // given a longer one before it is reported.
    const path = join(dir, "countries/ge.md");
    const text = await readFile(path, "utf8");
    const complete = text.replace(/through \w+ orders/, "through bilby orders");
    expect(complete).toContain("bilby");
    const before = logs.lines.length;
    await writeInTwoSteps(path, "", 100, complete);
    await published("bilby", (ids) => ids.includes("analysis-ge-29"));
    expect(logs.lines.slice(before).filter((l) => l.includes("corpus problem"))).toEqual([]);
    expect(live.status().problems).toEqual([]);
    await expectSameAsRebuild(host, index, dir);
    await writeFile(path, text);
    await published("bilby", (ids) => !ids.includes("analysis-ge-29"));
  });

  it("publishes a changed status", async () => {
    await edit(join(dir, "countries/ge.md"), "status: partial", "status: implemented");
    expect(
      await waitUntil(async () => {
        const doc = await host.read.index<KbDocument>(index).getDocument("analysis-ge-29");
        return doc.status === "implemented";
      }, 15_000),
    ).toBe(true);
    await live.settled();
    await expectSameAsRebuild(host, index, dir);
  });

  it("follows a country file added, renamed and deleted", async () => {
    await writeFile(
      join(dir, "countries/pt.md"),
      (await readFile(join(dir, "countries/md.md"), "utf8"))
        .replace("code: MD", "code: PT")
        .replace("name: Republic of Moldova", "name: Portugalia"),
    );
    await published("Portugalia", (ids) => ids.includes("country-pt"));
    await expectSameAsRebuild(host, index, dir);

    await mkdir(join(dir, "more"));
    await rename(join(dir, "countries/pt.md"), join(dir, "more/portugal.md"));
    expect(
      await waitUntil(async () => {
        const doc = await host.read.index<KbDocument>(index).getDocument("country-pt");
        return doc.origin.includes("more/portugal.md");
      }, 15_000),
    ).toBe(true);
    await live.settled();
    await expectSameAsRebuild(host, index, dir);

    await rm(join(dir, "more/portugal.md"));
    await published("Portugalia", (ids) => ids.length === 0);
    await expectSameAsRebuild(host, index, dir);
  });

  it("keeps the last good version while a file is broken, and publishes it once fixed", async () => {
    const before = await liveDocuments(host, index);
    const path = join(dir, "countries/md.md");
    const good = await readFile(path, "utf8");
    await writeFile(
      path,
      good
        .replace("status: not-implemented", "status: nearly-done")
        .replace("No Moldovan fixture", "No Moldovan koala"),
    );
    expect(await waitUntil(() => live.status().problems.length > 0, 15_000)).toBe(true);
    await live.settled();
    const problem = live.status().problems[0]!;
    expect(problem).toMatchObject({ rule: "analysis" });
    expect(problem.path).toMatch(/countries\/md\.md$/);
    expect(problem.line).toBeGreaterThan(1);
    expect(problem.message).toContain("expected one of");
    expect(await liveDocuments(host, index)).toEqual(before);
    const logged = logs.lines.filter((l) => l.includes("corpus problem") && l.includes("md.md"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/md\.md:\d+:\d+ `status`: expected one of .* \[analysis\]/);

    await writeFile(path, good.replace("No Moldovan fixture", "No Moldovan koala"));
    await published("koala", (ids) => ids.includes("analysis-md-29"));
    expect(live.status().problems).toEqual([]);
    await expectSameAsRebuild(host, index, dir);
  });

  it("reports a file left empty, and keeps the last good version", async () => {
    const before = await liveDocuments(host, index);
    const path = join(dir, "countries/md.md");
    const good = await readFile(path, "utf8");
    await writeFile(path, "");
    expect(
      await waitUntil(
        () => live.status().problems.some((p) => p.rule === "front-matter" && p.line === 1),
        15_000,
      ),
    ).toBe(true);
    await live.settled();
    expect(live.status().problems.find((p) => p.rule === "front-matter")!.path).toMatch(
      /countries\/md\.md$/,
    );
    expect(await liveDocuments(host, index)).toEqual(before);
    await writeFile(path, good);
    expect(await waitUntil(() => live.status().problems.length === 0, 15_000)).toBe(true);
    await live.settled();
    expect(await liveDocuments(host, index)).toEqual(before);
  });

  it("follows a burst of 50 file changes with a few publications, not fifty", async () => {
    const before = publications;
    await mkdir(join(dir, "burst"));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        writeFile(
          join(dir, "burst", `page-${i}.md`),
          `---\ntype: page\nid: burst-${i}\ntitle: Burst page ${i}\nas_of: 2026-01-15\n---\n\nBurst wallaby page number ${i}.\n`,
        ),
      ),
    );
    expect(
      await waitUntil(async () => {
        const { estimatedTotalHits } = await host.read.index(index).search("wallaby", { limit: 0 });
        return estimatedTotalHits === 50;
      }, 20_000),
    ).toBe(true);
    await live.settled();
    await expectSameAsRebuild(host, index, dir);
    expect(publications - before).toBeGreaterThan(0);
    expect(publications - before).toBeLessThan(50);
  }, 40_000);
});
