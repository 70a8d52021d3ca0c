/**
 * The corpus's git history, read with the git command line: which commits changed the corpus
 * folder, and the corpus files as they were at a commit. Nothing here writes to the repository.
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the corpus sits in its repository, or why its history cannot be read. */
export type Repository =
  | { ok: true; root: string; prefix: string; head: string }
  | {
      ok: false;
      reason: "no-git" | "not-a-repository" | "shallow" | "no-commits";
      message: string;
    };

export interface Commit {
  hash: string;
  /** Committer date, ISO 8601 with offset: when the change entered the record. */
  date: string;
  author: string;
  summary: string;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
  });
  return stdout;
}

/** Finds the repository holding `corpusDir` and the corpus's path inside it. */
export async function openRepository(corpusDir: string): Promise<Repository> {
  try {
    const [inside, prefix, root] = (
      await git(corpusDir, [
        "rev-parse",
        "--is-inside-work-tree",
        "--show-prefix",
        "--show-toplevel",
      ])
    )
      .split("\n")
      .map((l) => l.trim());
    if (inside !== "true")
      return {
        ok: false,
        reason: "not-a-repository",
        message: "The corpus folder is not in a git work tree.",
      };
    const shallow = (await git(corpusDir, ["rev-parse", "--is-shallow-repository"])).trim();
    if (shallow === "true")
      return {
        ok: false,
        reason: "shallow",
        message:
          "The corpus is a shallow clone: its earlier history is not here. Clone it in full (git fetch --unshallow) to see history.",
      };
    const head = (await git(corpusDir, ["rev-parse", "HEAD"]).catch(() => "")).trim();
    if (!head)
      return {
        ok: false,
        reason: "no-commits",
        message: "The corpus repository has no commits yet.",
      };
    return { ok: true, root: root ?? corpusDir, prefix: prefix ?? "", head };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return { ok: false, reason: "no-git", message: "git is not installed on this server." };
    return {
      ok: false,
      reason: "not-a-repository",
      message: "The corpus folder is not in a git work tree.",
    };
  }
}

/**
 * The commits that changed the corpus folder, oldest first, up to `head`, along the branch's first
 * parents: an accepted proposal enters the record as its merge commit, dated the day it was
 * accepted, not the day it was proposed (its own commit sat on a side branch until then).
 */
export async function corpusCommits(
  repo: { root: string; prefix: string },
  head: string,
): Promise<Commit[]> {
  const out = await git(repo.root, [
    "log",
    "--reverse",
    "--first-parent",
    "--format=%H%x1f%cI%x1f%an%x1f%s%x1e",
    head,
    "--",
    repo.prefix || ".",
  ]);
  return out
    .split("\x1e")
    .map((record) => record.trim())
    .filter(Boolean)
    .map((record) => {
      const [hash = "", date = "", author = "", subject = ""] = record.split("\x1f");
      return { hash, date, author, summary: readableSummary(subject) };
    });
}

/**
 * What a commit's subject tells a reader: git's own wording of a merge ("Merge branch 'x'",
 * "Merge remote-tracking branch …", "Merge pull request #1 from …", "Merge work/x: …") says how the
 * change arrived, not what it is, so it is left out, and whatever follows its colon is kept.
 * Accepted proposals ("Accept proposal …: title") and ordinary commits are as written.
 */
export function readableSummary(subject: string): string {
  const merge =
    /^Merge (?:(?:remote-tracking )?branch(?:es)? (?:'[^']*'(?:,? (?:and )?'[^']*')*)(?: of \S+)?(?: into \S+)?|pull request #\d+ from \S+|[\w.-]+\/[\w./-]+)(?::\s*(.*))?$/su.exec(
      subject.trim(),
    );
  return merge ? (merge[1] ?? "").trim() : subject;
}

/** The Markdown files of the corpus folder at `commit`: path inside the repository → blob id. */
export async function corpusTree(
  repo: { root: string; prefix: string },
  commit: string,
): Promise<Map<string, string>> {
  const out = await git(repo.root, ["ls-tree", "-r", "-z", commit, "--", repo.prefix || "."]);
  const files = new Map<string, string>();
  for (const entry of out.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(entry);
    if (!match?.[1] || !match[2]) continue;
    const path = match[2];
    const name = path.split("/").at(-1)?.toLowerCase() ?? "";
    if (name.endsWith(".md") && name !== "readme.md") files.set(path, match[1]);
  }
  return files;
}

/**
 * Reads many blobs with one `git cat-file --batch` process. `sameText` may give, for a text read,
 * an equal string already held (a file's text as read from disk), kept instead of the one read.
 * Blobs another call is reading already are waited for, not read twice: at start the history and
 * the editing service read the same blobs at once, and each kept a copy of every text.
 */
export async function readBlobs(
  root: string,
  all: readonly string[],
  sameText: (text: string) => string = (text) => text,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ids: string[] = [];
  const waits = new Map<string, Promise<Map<string, string>>>();
  for (const id of all) {
    const kept = recentBlobs.get(id);
    const reading = pendingBlobs.get(id);
    if (kept !== undefined) out.set(id, kept);
    else if (reading) waits.set(id, reading);
    else ids.push(id);
  }
  if (ids.length > 0) {
    const reading = catFile(root, ids, sameText);
    for (const id of ids) pendingBlobs.set(id, reading);
    try {
      for (const [id, text] of await reading) {
        out.set(id, text);
        recentBlobs.set(id, text);
      }
    } finally {
      for (const id of ids) if (pendingBlobs.get(id) === reading) pendingBlobs.delete(id);
    }
    while (recentBlobs.size > RECENT_BLOBS) recentBlobs.delete(recentBlobs.keys().next().value!);
  }
  for (const [id, reading] of waits) {
    const text = (await reading).get(id);
    if (text === undefined) throw new Error(`git cat-file: no answer for ${id}`);
    out.set(id, text);
  }
  return out;
}

async function catFile(
  root: string,
  ids: readonly string[],
  sameText: (text: string) => string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const child = spawn("git", ["cat-file", "--batch"], {
    cwd: root,
    stdio: ["pipe", "pipe", "ignore"],
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`git cat-file exited with ${code}`)),
    );
  });
  child.stdin.end(`${ids.join("\n")}\n`);
  await done;
  const buffer = Buffer.concat(chunks);
  let offset = 0;
  for (const id of ids) {
    const newline = buffer.indexOf(0x0a, offset);
    const header = buffer.subarray(offset, newline).toString("utf8");
    const [, type, size] = header.split(" ");
    if (type !== "blob" || size === undefined)
      throw new Error(`git cat-file: unexpected answer for ${id}: ${header}`);
    const start = newline + 1;
    const end = start + Number(size);
    out.set(id, sameText(buffer.subarray(start, end).toString("utf8")));
    offset = end + 1;
  }
  return out;
}

/**
 * Blobs read lately, by id. The history and the editing service both read the corpus's files
 * from git, mostly the same blobs: with this they hold one copy of each text, not two.
 */
const recentBlobs = new Map<string, string>();
const RECENT_BLOBS = 2_000;
/** Blobs being read, by id: the reading that will have them. */
const pendingBlobs = new Map<string, Promise<Map<string, string>>>();
