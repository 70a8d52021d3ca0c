import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCorpusFiles, type FileMemo } from "../../indexer/corpus/index.js";

/** Reading the corpus folder when a watcher names the files that changed. */
describe("readCorpusFiles with the changed files named", () => {
  let dir: string;
  const memo: FileMemo = new Map();
  const texts = async (changed?: ReadonlySet<string>) =>
    (await readCorpusFiles(dir, dir, memo, changed)).map((f) => `${f.path}=${f.text}`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kb-files-"));
    await mkdir(join(dir, "b"));
    await writeFile(join(dir, "a.md"), "a1");
    await writeFile(join(dir, "b", "c.md"), "c1");
    expect(await texts()).toEqual(["a.md=a1", "b/c.md=c1"]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads again only the named files, in the listing's order", async () => {
    await writeFile(join(dir, "a.md"), "a2 longer");
    await writeFile(join(dir, "b", "c.md"), "c2 longer");
    // c.md is not named: the caller said only a.md changed, so c.md is taken from the memo.
    expect(await texts(new Set([join(dir, "a.md")]))).toEqual(["a.md=a2 longer", "b/c.md=c1"]);
    expect(await texts(new Set([join(dir, "b", "c.md")]))).toEqual([
      "a.md=a2 longer",
      "b/c.md=c2 longer",
    ]);
    expect(await texts(new Set())).toEqual(["a.md=a2 longer", "b/c.md=c2 longer"]);
  });

  it("lists the folder when a named file is new or gone", async () => {
    await writeFile(join(dir, "0.md"), "zero");
    expect(await texts(new Set([join(dir, "0.md")]))).toEqual([
      "0.md=zero",
      "a.md=a2 longer",
      "b/c.md=c2 longer",
    ]);
    expect([...memo.keys()]).toEqual([
      join(dir, "0.md"),
      join(dir, "a.md"),
      join(dir, "b", "c.md"),
    ]);
    await rm(join(dir, "a.md"));
    expect(await texts(new Set([join(dir, "a.md")]))).toEqual(["0.md=zero", "b/c.md=c2 longer"]);
  });
});
