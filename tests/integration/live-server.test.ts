import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanUpAfterEach, startApp, tempDir, waitUntil } from "../setup/app-process.js";
import { accountsWithTokens } from "../setup/editing.js";
import { FIXTURES } from "../setup/helpers.js";

// `npm start` watches its corpus: a save is searchable a moment later, a broken file keeps the
// last good version live and is reported by /api/corpus/status, with its position.

cleanUpAfterEach();

async function json(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(url)).json()) as Record<string, unknown>;
}

/**
 * A data folder with an editor's API token, and a reader of the corpus status (editors only) as
 * that editor: its JSON, and its page's text.
 */
async function editorData() {
  const dataDir = await tempDir("kb-live-data-");
  const { editor } = await accountsWithTokens(dataDir);
  const get = (url: string) => fetch(url, { headers: { Authorization: `Bearer ${editor}` } });
  return {
    dataDir,
    status: async (base: string) =>
      (await (await get(`${base}api/corpus/status`)).json()) as Record<string, unknown>,
    statusPage: async (base: string) => (await get(`${base}corpus/status`)).text(),
  };
}

describe("the running site and its corpus folder", () => {
  it("publishes a save, reports a broken file without publishing it, and recovers", async () => {
    const corpus = await tempDir("kb-live-corpus-");
    await cp(join(FIXTURES, "corpus-basic"), corpus, { recursive: true });
    const editor = await editorData();
    const app = await startApp(corpus, { npm: false, dataDir: editor.dataDir });
    expect(app.url, app.output()).not.toBeNull();
    const base = app.url!;
    // Anonymous callers are asked to sign in: a problem quotes the corpus, the push names its remote.
    const anonymous = await fetch(`${base}api/corpus/status`);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(await anonymous.json())).not.toContain("lastPublication");

    const before = await editor.status(base);
    expect(before).toMatchObject({ watching: true, publishing: false, problems: [] });
    expect((before["lastPublication"] as { mode: string }).mode).toBe("full");

    const file = join(corpus, "countries/ge.md");
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace("through court orders", "through pangolin orders"));
    expect(
      await waitUntil(async () => {
        const body = await json(`${base}api/search?q=pangolin`);
        return body["total"] === 1;
      }, 15_000),
    ).toBe(true);
    // The engine may answer with the new text a moment before the publisher records its result.
    let after: Record<string, unknown> = {};
    await waitUntil(async () => {
      after = await editor.status(base);
      return (after["lastPublication"] as { mode: string }).mode !== "full";
    }, 15_000);
    expect(after["lastPublication"]).toMatchObject({ mode: "incremental", updated: 2 });
    const page = await (await fetch(`${base}countries/GE`)).text();
    expect(page).toContain("pangolin");
    // A section's save leaves the catalog as it was, but with the new build's time.
    const published = (after["lastPublication"] as { at: string }).at;
    const home = await json(`${base}api`);
    expect(home["builtAt"]).not.toBe((before["lastPublication"] as { at: string }).at);
    expect(Date.parse(String(home["builtAt"]))).toBeLessThanOrEqual(Date.parse(published));
    expect(Date.parse(String(home["builtAt"]))).toBeGreaterThan(
      Date.parse((before["lastPublication"] as { at: string }).at),
    );
    // A profile's save changes it: the comparison (which takes countries from the catalog)
    // names the country anew as soon as the search does.
    const compare = async () => (await fetch(`${base}api/compare?articles=29`)).text();
    expect(await compare()).toContain("Georgia");
    await writeFile(
      file,
      good
        .replace("through court orders", "through pangolin orders")
        .replace(/^name: Georgia$/m, "name: Sakartvelo"),
    );
    // Once the publisher has recorded the publication (the catalog is told at that moment).
    expect(
      await waitUntil(async () => {
        const body = await editor.status(base);
        return (body["lastPublication"] as { at: string }).at !== published;
      }, 15_000),
    ).toBe(true);
    expect(await compare()).toContain("Sakartvelo");

    await writeFile(file, good.replace("status: partial", "status: sort-of"));
    // Waits for the broken status itself, not for any problem: `writeFile` empties the file
    // before it writes, and a check that catches it empty waits for the write (see
    // EMPTY_FILE_QUIET_MS in indexer/live.ts) — unless a busy machine delays it even longer.
    let broken: Record<string, unknown> = {};
    expect(
      await waitUntil(async () => {
        broken = await editor.status(base);
        return (broken["problems"] as { rule: string }[]).some((p) => p.rule === "analysis");
      }, 15_000),
    ).toBe(true);
    const problem = (broken["problems"] as Record<string, unknown>[])[0]!;
    expect(problem["path"]).toMatch(/countries\/ge\.md$/);
    expect(problem).toMatchObject({ rule: "analysis", line: expect.any(Number) });
    // The last good version stays live.
    expect(((await json(`${base}api/search?q=pangolin`)) as { total: number }).total).toBe(1);
    const statusPage = await editor.statusPage(base);
    expect(statusPage).toContain("problem keeps the latest changes from being published");
    expect(app.output()).toMatch(/ge\.md:\d+:\d+ `status`: expected one of/);

    await writeFile(file, good);
    expect(
      await waitUntil(async () => {
        const body = await editor.status(base);
        return (body["problems"] as unknown[]).length === 0;
      }, 15_000),
    ).toBe(true);
    expect(
      await waitUntil(async () => {
        const body = await json(`${base}api/search?q=pangolin`);
        return body["total"] === 0;
      }, 15_000),
    ).toBe(true);
    app.child.kill("SIGTERM");
    await app.exit;
  }, 90_000);

  it("started on a corpus with a problem, serves what the index holds and says when it was made", async () => {
    const corpus = await tempDir("kb-live-corpus-");
    const editor = await editorData();
    const dataDir = editor.dataDir;
    await cp(join(FIXTURES, "corpus-basic"), corpus, { recursive: true });
    const first = await startApp(corpus, { npm: false, dataDir });
    expect(first.url, first.output()).not.toBeNull();
    const made = (await editor.status(first.url!))["lastPublication"] as {
      id: string;
      at: string;
    };
    first.child.kill("SIGTERM");
    await first.exit;

    const file = join(corpus, "countries/ge.md");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("status: partial", "status: sort-of"),
    );
    const second = await startApp(corpus, { npm: false, dataDir });
    expect(second.url, second.output()).not.toBeNull();
    let status: Record<string, unknown> = {};
    expect(
      await waitUntil(async () => {
        status = await editor.status(second.url!);
        return (status["problems"] as unknown[]).length > 0;
      }, 15_000),
    ).toBe(true);
    expect(status).toMatchObject({ watching: true, publishing: false });
    const earlier = status["lastPublication"] as { mode: string; id: string; at: string };
    expect(earlier).toMatchObject({ mode: "earlier", id: made.id });
    // The index records when its documents were built, just before they were published.
    expect(Date.parse(earlier.at)).toBeLessThanOrEqual(Date.parse(made.at));
    const page = await editor.statusPage(second.url!);
    expect(page).toContain("Published before this instance started; nothing since");
    expect(page).not.toContain("Nothing has been published yet");
    second.child.kill("SIGTERM");
    await second.exit;
  }, 90_000);

  it("does not watch with WATCH=0, and says so", async () => {
    const editor = await editorData();
    const app = await startApp(join(FIXTURES, "corpus-basic"), {
      npm: false,
      dataDir: editor.dataDir,
      env: { WATCH: "0" },
    });
    expect(app.url, app.output()).not.toBeNull();
    const status = await editor.status(app.url!);
    expect(status).toMatchObject({ watching: false, problems: [] });
    // With accounts, no word on making the first one.
    expect(app.output()).not.toContain("No accounts yet");
    expect((status["lastPublication"] as { id: string }).id).toMatch(/^[0-9a-f]{12}$/);
    app.child.kill("SIGTERM");
    await app.exit;
  }, 60_000);
});
