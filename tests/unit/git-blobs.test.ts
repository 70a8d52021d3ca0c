import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBlobs } from "../../server/history/git.js";
import { createHistory } from "../../server/history/timeline.js";
import { historyRepo } from "../setup/history-repo.js";

// Blobs are read from a repository of their own; each test writes texts no other test has, since
// what was read lately is kept for the whole process.
const run = promisify(execFile);
let root = "";

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "kb-blobs-"));
  await run("git", ["init", "-q"], { cwd: root });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes `texts` as blobs and gives their ids. */
async function blobs(...texts: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const text of texts) {
    const child = execFile("git", ["hash-object", "-w", "--stdin"], { cwd: root });
    const out = new Promise<string>((resolve, reject) => {
      let data = "";
      child.stdout?.on("data", (chunk: Buffer) => (data += chunk.toString()));
      child.once("error", reject);
      child.once("close", () => resolve(data.trim()));
    });
    child.stdin?.end(text);
    ids.push(await out);
  }
  return ids;
}

describe("reading blobs from git", () => {
  it("gives each blob's text, as the caller's own equal string where it has one", async () => {
    const texts = [`Первый ${randomUUID()}\n`, `second ${randomUUID()}\n`];
    const ids = await blobs(...texts);
    expect(ids).toHaveLength(2);
    const seen: string[] = [];
    // What `sameText` gives back is what is kept: here a marked copy, to see it was used.
    const read = await readBlobs(root, ids, (text) => {
      seen.push(text);
      return `kept: ${text}`;
    });
    expect(seen).toEqual(texts);
    expect(ids.map((id) => read.get(id))).toEqual(texts.map((t) => `kept: ${t}`));
    // Read again, it comes from what was read lately.
    const again = await readBlobs(root, ids, () => "never asked");
    expect(ids.map((id) => again.get(id))).toEqual(texts.map((t) => `kept: ${t}`));
  });

  it("reads a blob once when two readers ask for it at the same time", async () => {
    const texts = [`shared ${randomUUID()}\n`, `other ${randomUUID()}\n`];
    const [shared, other] = await blobs(...texts);
    const first = readBlobs(root, [shared!], (text) => `first: ${text}`);
    // The second asks for the same blob while the first reads it, and for one of its own.
    const second = readBlobs(root, [shared!, other!], (text) => `second: ${text}`);
    const [a, b] = await Promise.all([first, second]);
    expect(a.get(shared!)).toBe(`first: ${texts[0]}`);
    expect(b.get(shared!)).toBe(`first: ${texts[0]}`);
    expect(b.get(other!)).toBe(`second: ${texts[1]}`);
  });

  it("fails every reader of a blob that cannot be read, and reads it again when asked again", async () => {
    const missing = "0123456789abcdef0123456789abcdef01234567";
    const first = readBlobs(root, [missing]);
    const second = readBlobs(root, [missing]);
    await expect(first).rejects.toThrow(/unexpected answer/);
    await expect(second).rejects.toThrow(/unexpected answer/);
    await expect(readBlobs(root, [missing])).rejects.toThrow(/unexpected answer/);
  });
});

describe("the history's file texts", () => {
  it("are asked of the live publisher, which holds the texts read from disk", async () => {
    const made = await historyRepo();
    try {
      const asked: string[] = [];
      const history = createHistory(made.corpus, process.cwd(), () => ({
        parseCache: null,
        published: new Map(),
        sameText: (text) => (asked.push(text), text),
      }));
      const state = await history.state();
      expect(state.ok).toBe(true);
      // Every version of every file was offered, today's Georgia file among them.
      const today = await readFile(join(made.corpus, "countries/ge.md"), "utf8");
      expect(asked.length).toBeGreaterThan(5);
      expect(asked).toContain(today);
    } finally {
      await rm(made.repo, { recursive: true, force: true });
    }
  });
});
