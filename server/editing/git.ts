/**
 * Writing to the corpus repository with git's plumbing, so that a proposal never touches the work
 * tree the watcher publishes: blobs from memory, a temporary index, `write-tree`, `commit-tree`,
 * and refs moved with compare-and-swap. Only `mergeIntoWorkTree` touches the work tree, with a
 * fast-forward that git refuses when it would overwrite local changes.
 */
import { execFile } from "node:child_process";
import { access, constants, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The corpus's repository, as editing needs it. */
export interface EditRepo {
  /** The work tree's root (`git rev-parse --show-toplevel`). */
  root: string;
  /** The corpus folder inside it, with a trailing `/` ("" when the corpus is the root). */
  prefix: string;
  /** The repository's git folder (for the accept lock and journal). */
  gitDir: string;
  /** The branch checked out in the work tree: the corpus branch proposals merge into. */
  branch: string;
}

/** Who a commit is by. */
export interface Person {
  name: string;
  email: string;
}

/** The committer of every commit the site writes; authors are the people who acted. */
export const SITE: Person = { name: "EaP KB web editor", email: "web-editor@kb.invalid" };

/** A git command failed: its arguments (never its input) and the first line git printed. */
export class GitError extends Error {
  override name = "GitError";
}

/** Runs git in the repository; `input` is written to its standard input. */
export async function git(
  root: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<string> {
  try {
    const child = run("git", args, {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: "0",
        LC_ALL: "C",
        // No editor, no pager, no askpass: a web request can answer none of them.
        GIT_EDITOR: "true",
        GIT_PAGER: "cat",
        ...options.env,
      },
    });
    if (options.input !== undefined) child.child.stdin?.end(options.input);
    const { stdout } = await child;
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message?: string };
    const first = (e.stderr ?? e.message ?? "").trim().split("\n")[0] ?? "";
    throw new GitError(`git ${args[0] ?? ""} failed: ${first}`, { cause: error });
  }
}

/** The repository holding `corpusDir`, or why editing cannot use it. */
export async function openEditRepo(
  corpusDir: string,
): Promise<{ ok: true; repo: EditRepo } | { ok: false; reason: string }> {
  let out: string;
  try {
    out = await git(corpusDir, [
      "rev-parse",
      "--is-inside-work-tree",
      "--show-prefix",
      "--show-toplevel",
      "--git-dir",
    ]);
  } catch (error) {
    const code = ((error as GitError).cause as NodeJS.ErrnoException | undefined)?.code;
    return {
      ok: false,
      reason:
        code === "ENOENT"
          ? "git is not installed on this server."
          : "the corpus folder is not in a git work tree.",
    };
  }
  const [inside, prefix = "", root = "", gitDirRaw = ""] = out.split("\n").map((l) => l.trim());
  if (inside !== "true")
    return { ok: false, reason: "the corpus folder is not in a git work tree." };
  const branch = (
    await git(root, ["symbolic-ref", "-q", "--short", "HEAD"]).catch(() => "")
  ).trim();
  if (!branch)
    return { ok: false, reason: "the corpus's work tree is not on a branch (a detached HEAD)." };
  const head = await revParse(root, `refs/heads/${branch}`);
  if (!head) return { ok: false, reason: `the branch ${branch} has no commits yet.` };
  const gitDir = isAbsolute(gitDirRaw) ? gitDirRaw : join(corpusDir, gitDirRaw);
  // Proposals are commits and an accept writes the work tree: both must be writable (a
  // repository mounted read-only, as in docker-compose.yml, is read and published, not edited).
  for (const dir of [gitDir, root])
    if (
      !(await access(dir, constants.W_OK).then(
        () => true,
        () => false,
      ))
    )
      return { ok: false, reason: `${dir} is not writable by this process.` };
  return { ok: true, repo: { root, prefix, gitDir, branch } };
}

/** The commit a ref points at, or null when it does not exist. */
export async function revParse(root: string, ref: string): Promise<string | null> {
  const out = await git(root, ["rev-parse", "-q", "--verify", `${ref}^{commit}`]).catch(() => "");
  return out.trim() || null;
}

/** A file's text at a commit, or null when it is not there. */
export async function showFile(root: string, commit: string, path: string): Promise<string | null> {
  return git(root, ["cat-file", "blob", `${commit}:${path}`]).catch(() => null);
}

/** Writes `text` as a blob; returns its id. */
export async function hashObject(root: string, text: string): Promise<string> {
  return (await git(root, ["hash-object", "-w", "--stdin"], { input: text })).trim();
}

const authorEnv = (author: Person, date?: string) => ({
  GIT_AUTHOR_NAME: author.name,
  GIT_AUTHOR_EMAIL: author.email,
  GIT_COMMITTER_NAME: SITE.name,
  GIT_COMMITTER_EMAIL: SITE.email,
  ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
});

/**
 * A commit whose tree is `base`'s tree with `files` (repository paths → text) replaced, with
 * `parents`, authored by `author`. Nothing else moves: no ref, no index, no work tree.
 */
export async function commitFiles(
  root: string,
  options: {
    base: string;
    files: ReadonlyMap<string, string>;
    parents: readonly string[];
    author: Person;
    message: string;
    date?: string;
  },
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kb-index-"));
  const env = { GIT_INDEX_FILE: join(dir, "index") };
  try {
    await git(root, ["read-tree", options.base], { env });
    for (const [path, text] of options.files) {
      const mode =
        /^(\d+) blob /.exec(await git(root, ["ls-tree", options.base, "--", path]))?.[1] ??
        "100644";
      const blob = await hashObject(root, text);
      await git(root, ["update-index", "--add", "--cacheinfo", `${mode},${blob},${path}`], { env });
    }
    const tree = (await git(root, ["write-tree"], { env })).trim();
    return await commitTree(root, tree, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A commit of `tree` (message on standard input, so any text is safe). */
export async function commitTree(
  root: string,
  tree: string,
  options: { parents: readonly string[]; author: Person; message: string; date?: string },
): Promise<string> {
  const args = ["commit-tree", tree, ...options.parents.flatMap((p) => ["-p", p])];
  return (
    await git(root, args, { input: options.message, env: authorEnv(options.author, options.date) })
  ).trim();
}

/** A tree holding one file at its root (for the review record). */
export async function singleFileTree(root: string, name: string, text: string): Promise<string> {
  const blob = await hashObject(root, text);
  return (await git(root, ["mktree"], { input: `100644 blob ${blob}\t${name}\n` })).trim();
}

const ZERO = "0".repeat(40);

/**
 * Moves `ref` to `to` only if it still points at `from` (null: only if it does not exist yet).
 * Returns false when someone else moved it first.
 */
export async function swapRef(
  root: string,
  ref: string,
  to: string,
  from: string | null,
  reason: string,
): Promise<boolean> {
  try {
    await git(root, ["update-ref", "-m", reason, ref, to, from ?? ZERO]);
    return true;
  } catch {
    return false;
  }
}

/** Refs under `prefix` with the commit each points at. */
export async function listRefs(root: string, prefix: string): Promise<Map<string, string>> {
  const out = await git(root, ["for-each-ref", "--format=%(refname) %(objectname)", prefix]);
  const refs = new Map<string, string>();
  for (const line of out.split("\n")) {
    const [name, sha] = line.trim().split(" ");
    if (name && sha) refs.set(name, sha);
  }
  return refs;
}

/** Work tree files among `paths` (repository paths) with uncommitted changes. */
export async function localChanges(root: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const out = await git(root, ["status", "--porcelain", "-z", "--", ...paths]);
  return out
    .split("\0")
    .filter(Boolean)
    .map((entry) => entry.slice(3));
}

/**
 * Brings the work tree's branch to `commit` by a fast-forward (the files change on disk, so the
 * watcher publishes them); git refuses rather than overwrite a local change.
 */
export async function mergeIntoWorkTree(root: string, commit: string): Promise<void> {
  await git(root, ["merge", "--ff-only", "--quiet", commit]);
}
