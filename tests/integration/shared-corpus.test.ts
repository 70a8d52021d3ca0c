import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLivePublisher, type LivePublisher } from "../../indexer/live.js";
import { corpusStates } from "../../server/editing/corpus-state.js";
import { openEditRepo } from "../../server/editing/git.js";
import { createHistory } from "../../server/history/timeline.js";
import { historyRepo } from "../setup/history-repo.js";
import { dropIndex, memoryLogger, removeDir, testEngine, uniqueIndex } from "../setup/helpers.js";

// The history and the editing service read the corpus at commits; what is the same as the
// published corpus they take from the live publisher (its parse cache and its documents) instead
// of holding copies. Shared means the same objects, and nothing a reader sees may change: the
// editing check still names files by their repository paths.

const index = uniqueIndex("shared");
let repo = "";
let corpus = "";
let live: LivePublisher;

beforeAll(async () => {
  ({ repo, corpus } = await historyRepo());
  live = createLivePublisher({
    hosts: (await testEngine()).hosts,
    indexName: index,
    corpusDir: corpus,
    cacheDir: join(repo, "..", `${index}-cache`),
    log: memoryLogger().log,
  });
  await live.publishNow();
  expect(live.status().problems).toEqual([]);
});
afterAll(async () => {
  await live?.stop();
  await dropIndex(index);
  await removeDir(repo);
  await removeDir(join(repo, "..", `${index}-cache`));
});

describe("sharing the published corpus", () => {
  it("gives the history today's document objects for what did not change", async () => {
    const { published } = live.shared();
    expect(published.size).toBeGreaterThan(20);
    const history = createHistory(corpus, process.cwd(), () => live.shared());
    const state = await history.state();
    if (!state.ok) throw new Error(state.message);
    const head = state.timeline.commits.at(-1)!;
    const documents = await state.timeline.documentsAt(head.hash);
    const nonMeta = documents.filter((d) => d.kind !== "meta");
    expect(nonMeta.length).toBe(published.size - 1);
    for (const doc of nonMeta) expect(doc).toBe(published.get(doc.id));
    // An earlier commit: the documents it shares with today are today's objects, the others not.
    const first = await state.timeline.documentsAt(state.timeline.commits[0]!.hash);
    const same = first.filter((d) => d === published.get(d.id));
    const differ = first.filter((d) => d.kind !== "meta" && d !== published.get(d.id));
    expect(same.length).toBeGreaterThan(0);
    expect(differ.length).toBeGreaterThan(0);
    for (const doc of differ) expect(doc.hash).not.toBe(published.get(doc.id)?.hash);
  });

  it("gives the editing check the published records, with messages at repository paths", async () => {
    const opened = await openEditRepo(corpus);
    if (!opened.ok) throw new Error(opened.reason);
    const states = corpusStates(opened.repo, () => live.shared());
    const state = await states.at("HEAD");
    const { published } = live.shared();
    const shared = [...state.documents.values()].filter((d) => d === published.get(d.id));
    // Every document, the meta document too (its hash leaves out the build time).
    expect(shared.length).toBe(published.size);

    const path = [...state.files.keys()].find((p) => p.endsWith("countries/ge.md"))!;
    expect(path).toBe(`${opened.repo.prefix}countries/ge.md`);
    const broken = state.files.get(path)!.replace(/status: \w[\w-]*/, "status: nearly-done");
    const run = states.withChanges(state, new Map([[path, broken]]));
    const problem = run.messages.find((m) => m.rule === "analysis");
    expect(problem?.path).toBe(path);
    // The check reads the change from memory: the work tree is as it was.
    expect(await readFile(join(corpus, "countries/ge.md"), "utf8")).toBe(state.files.get(path));
  });
});
