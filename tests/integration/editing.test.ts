import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cleanUpAfterEach, startApp, tempDir, waitUntil } from "../setup/app-process.js";
import {
  accountsWithTokens,
  analysisInput,
  editingRepo,
  gitOut,
  PEOPLE,
} from "../setup/editing.js";
import { memoryLogger, removeDir } from "../setup/helpers.js";
import { openEditRepo } from "../../server/editing/git.js";
import { createPusher } from "../../server/editing/push.js";

// The real server (`server/main.ts` as a process, with its own engine) on a fixture corpus in a
// temporary git repository: a proposal accepted is searchable at once and git shows its author;
// an accept killed half-way is undone or finished at the next start; accepts are pushed to a
// remote, and a push that failed is reported and done later.

cleanUpAfterEach();

const run = promisify(execFile);

/** A fresh repository, data folder with accounts and tokens, and the server on them. */
async function site(
  env: Record<string, string> = {},
  reuse?: { repo: string; corpus: string; dataDir: string },
) {
  const made = reuse ?? { ...(await editingRepo()), dataDir: await tempDir("kb-editing-data-") };
  const tokens = reuse ? null : await accountsWithTokens(made.dataDir);
  const app = await startApp(made.corpus, { npm: false, dataDir: made.dataDir, env });
  expect(app.url, app.output()).not.toBeNull();
  return { ...made, app, tokens, base: app.url! };
}

/** The parts of an API answer these tests read. */
interface Answer {
  proposal: { id: string };
  status: string;
  merge: string | null;
  events: { type: string }[];
}

async function call(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path.replace(/^\//, "")}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

/** The corpus status (editors only), read with the editor's token. */
async function corpusStatus<T>(base: string, token: string): Promise<T> {
  return (await (
    await fetch(`${base}api/corpus/status`, { headers: { Authorization: `Bearer ${token}` } })
  ).json()) as T;
}

const search = async (base: string, q: string) =>
  ((await (await fetch(`${base}api/search?q=${q}`)).json()) as { total: number }).total;

const MARKER = "pangolinfreeze";
const input = analysisInput({
  analysis: `The 2026 law adds a ${MARKER} order for foreign requests.`,
});

describe("the running site with editing", () => {
  it("makes an accepted proposal searchable at once, with the contributor as its git author", async () => {
    const s = await site();
    const tokens = s.tokens!;
    const created = await call(s.base, tokens.contributor, "POST", "/api/proposals", input);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await search(s.base, MARKER)).toBe(0);
    const accepted = await call(
      s.base,
      tokens.editor,
      "POST",
      `/api/proposals/${created.body.proposal.id}/accept`,
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // The accept answers once the live publication has the change.
    expect(await search(s.base, MARKER)).toBe(1);
    const authors = await gitOut(s.repo, [
      "log",
      "--format=%an <%ae>",
      "main",
      "--",
      "corpus/countries/ge.md",
    ]);
    expect(authors).toContain(`${PEOPLE.contributor.name} <${PEOPLE.contributor.email}>`);
    const status = await corpusStatus(s.base, s.tokens!.editor);
    expect(status).toMatchObject({
      editing: { enabled: true, branch: "main" },
      push: null,
      problems: [],
    });
    s.app.child.kill("SIGTERM");
    await s.app.exit;
    await removeDir(s.repo);
  }, 90_000);

  it("undoes an accept killed before the work tree was updated, and lets it be accepted again", async () => {
    const s = await site({ EDITING_TEST_PAUSE: "merge-commit" });
    const tokens = s.tokens!;
    const head = (await gitOut(s.repo, ["rev-parse", "main"])).trim();
    const created = await call(s.base, tokens.contributor, "POST", "/api/proposals", input);
    const id = created.body.proposal.id;
    void call(s.base, tokens.editor, "POST", `/api/proposals/${id}/accept`).catch(() => undefined);
    expect(
      await waitUntil(() => s.app.output().includes("editing test pause at merge-commit"), 20_000),
    ).toBe(true);
    const gitDir = join(s.repo, ".git");
    expect(existsSync(join(gitDir, "kb-accept.lock"))).toBe(true);
    expect(JSON.parse(await readFile(join(gitDir, "kb-accept.json"), "utf8"))).toMatchObject({
      id,
      before: head,
      merge: expect.any(String),
    });
    s.app.child.kill("SIGKILL");
    await s.app.exit;

    const again = await site({}, s);
    expect(existsSync(join(gitDir, "kb-accept.lock"))).toBe(false);
    expect(existsSync(join(gitDir, "kb-accept.json"))).toBe(false);
    expect((await gitOut(s.repo, ["rev-parse", "main"])).trim()).toBe(head);
    expect((await gitOut(s.repo, ["status", "--porcelain"])).trim()).toBe("");
    const detail = await call(again.base, tokens.editor, "GET", `/api/proposals/${id}`);
    expect(detail.body.status).toBe("open");
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual([
      "opened",
      "interrupted",
    ]);
    // The page says what happened in the reader's language (the record keeps the English note).
    const page = await fetch(`${again.base}proposals/${id}?lang=uk`, {
      headers: { Authorization: `Bearer ${tokens.editor}` },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("Прийняття перервано");
    expect(html).toContain("Прийняття перервалося до злиття; нічого не змінилося.");
    expect(html).not.toContain("The accept was interrupted");
    expect(await search(again.base, MARKER)).toBe(0);
    const accepted = await call(again.base, tokens.editor, "POST", `/api/proposals/${id}/accept`);
    expect(accepted.status).toBe(200);
    expect(await search(again.base, MARKER)).toBe(1);
    again.app.child.kill("SIGTERM");
    await again.app.exit;
    await removeDir(s.repo);
  }, 90_000);

  it("finishes an accept killed after the merge, at the next start", async () => {
    const s = await site({ EDITING_TEST_PAUSE: "work-tree" });
    const tokens = s.tokens!;
    const created = await call(s.base, tokens.contributor, "POST", "/api/proposals", input);
    const id = created.body.proposal.id;
    void call(s.base, tokens.editor, "POST", `/api/proposals/${id}/accept`).catch(() => undefined);
    expect(
      await waitUntil(() => s.app.output().includes("editing test pause at work-tree"), 20_000),
    ).toBe(true);
    s.app.child.kill("SIGKILL");
    await s.app.exit;
    const merged = (await gitOut(s.repo, ["rev-parse", "main"])).trim();
    expect(await readFile(join(s.corpus, "countries/ge.md"), "utf8")).toContain(MARKER);

    const again = await site({}, s);
    const detail = await call(again.base, tokens.editor, "GET", `/api/proposals/${id}`);
    expect(detail.body).toMatchObject({ status: "accepted", merge: merged });
    expect((await gitOut(s.repo, ["status", "--porcelain"])).trim()).toBe("");
    expect(existsSync(join(s.repo, ".git", "kb-accept.json"))).toBe(false);
    expect(await search(again.base, MARKER)).toBe(1);
    again.app.child.kill("SIGTERM");
    await again.app.exit;
    await removeDir(s.repo);
  }, 90_000);

  it("pushes each accept to CORPUS_PUSH_REMOTE, and reports a failed push until it is done", async () => {
    const remote = join(await tempDir("kb-remote-"), "corpus.git");
    const s = await site({ CORPUS_PUSH_REMOTE: remote });
    const tokens = s.tokens!;
    const created = await call(s.base, tokens.contributor, "POST", "/api/proposals", input);
    const id = created.body.proposal.id;
    expect((await call(s.base, tokens.editor, "POST", `/api/proposals/${id}/accept`)).status).toBe(
      200,
    );
    expect(
      await waitUntil(async () => {
        const status = await corpusStatus<{ push: { failures: number } | null }>(
          s.base,
          tokens.editor,
        );
        return (status.push?.failures ?? 0) > 0;
      }, 20_000),
    ).toBe(true);
    const failed = await corpusStatus<{ push: Record<string, unknown> }>(s.base, tokens.editor);
    expect(failed.push).toMatchObject({
      remote,
      pending: true,
      lastError: expect.stringContaining("git push failed"),
      lastSuccessAt: null,
    });
    const page = await (
      await fetch(`${s.base}corpus/status`, {
        headers: { Authorization: `Bearer ${tokens.editor}` },
      })
    ).text();
    expect(page).toContain("Not pushed yet:");
    // The remote's address and git's messages are for editors only.
    const anonymous = await fetch(`${s.base}corpus/status`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain(remote);
    s.app.child.kill("SIGTERM");
    await s.app.exit;

    // The remote appears; the next start pushes what is owed.
    await run("git", ["init", "--bare", "-q", remote]);
    const again = await site({ CORPUS_PUSH_REMOTE: remote }, s);
    expect(
      await waitUntil(async () => {
        const status = await corpusStatus<{ push: { pending: boolean } }>(
          again.base,
          tokens.editor,
        );
        return status.push.pending === false;
      }, 20_000),
    ).toBe(true);
    const pushed = (await run("git", ["--git-dir", remote, "rev-parse", "main"])).stdout.trim();
    expect(pushed).toBe((await gitOut(s.repo, ["rev-parse", "main"])).trim());
    const meta = (
      await run("git", [
        "--git-dir",
        remote,
        "for-each-ref",
        "--format=%(refname)",
        "refs/proposal-meta/",
      ])
    ).stdout;
    expect(meta.trim()).toBe(`refs/proposal-meta/${id}`);
    again.app.child.kill("SIGTERM");
    await again.app.exit;
    await removeDir(s.repo);
  }, 90_000);
});

describe("the pusher", () => {
  it("retries a failed push by itself, keeping what it owes in the data folder", async () => {
    const made = await editingRepo();
    const dataDir = await tempDir("kb-push-data-");
    const remote = join(await tempDir("kb-remote-"), "later.git");
    const opened = await openEditRepo(made.corpus);
    if (!opened.ok) throw new Error(opened.reason);
    const log = memoryLogger();
    const pusher = await createPusher({
      repo: opened.repo,
      remote,
      dataDir,
      log: log.log,
      baseDelayMs: 200,
    });
    await pusher.push();
    expect(pusher.status()).toMatchObject({ pending: true, failures: 1 });
    const saved = JSON.parse(await readFile(join(dataDir, "editing", "push.json"), "utf8"));
    expect(saved).toMatchObject({ pending: true, failures: 1 });
    expect(log.lines.join("\n")).toContain("pushing the corpus failed; it will be retried");
    await run("git", ["init", "--bare", "-q", remote]);
    expect(await waitUntil(() => pusher.status().pending === false, 20_000)).toBe(true);
    expect(pusher.status()).toMatchObject({ failures: 0, lastError: null });
    expect((await run("git", ["--git-dir", remote, "rev-parse", "main"])).stdout.trim()).toBe(
      (await gitOut(made.repo, ["rev-parse", "main"])).trim(),
    );
    pusher.stop();
    await removeDir(made.repo);
  });
});
