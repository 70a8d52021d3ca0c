/** The corpus folder on disk: its files in a stable order, and the fingerprint of their contents. */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { CONTRACT_VERSION } from "../contract.js";

export interface CorpusFile {
  /** Path relative to the working directory, with `/` separators, as shown in messages. */
  path: string;
  text: string;
  /** The parse cache key, once computed (see cacheKey). */
  key?: string;
}

/** Bump when extraction changes what it produces from the same text. */
export const EXTRACTOR_VERSION = 5;

/** The cache key of a file: extractor and contract version, path and content. */
export function cacheKey(file: CorpusFile): string {
  file.key ??= createHash("sha256")
    .update(`${EXTRACTOR_VERSION}:${CONTRACT_VERSION}\n${file.path}\n${file.text}`)
    .digest("hex");
  return file.key;
}

/**
 * Files already read by a long-running process, by absolute path, with the modification time
 * (in nanoseconds) and size they had: a file whose time and size did not change is not read or
 * hashed again.
 */
export type FileMemo = Map<string, { mtimeNs: bigint; size: bigint; file: CorpusFile }>;

/** Whether a file of this name is read as corpus: Markdown; README.md files are for authors only. */
export function isCorpusFileName(name: string): boolean {
  return name.endsWith(".md") && name.toLowerCase() !== "readme.md";
}

/** Lists the corpus Markdown files in a stable order. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && isCorpusFileName(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A file's path as messages and records show it: relative to `cwd`, with `/` separators. */
export function shownPath(path: string, cwd = process.cwd()): string {
  return relative(cwd, path).split(sep).join("/");
}

/**
 * Reads every corpus file from disk (only the changed ones, with a memo). A caller that watches
 * the folder may name, in `changed`, the only files whose content can have changed since the
 * memo was filled (no file added or removed): then nothing else is listed or looked at. A named
 * file the memo does not hold, or that is gone, makes it list the folder as usual. Files are
 * looked at and read at once: in a server, each asynchronous step would wait its turn behind
 * the requests being served, for far longer than the read itself takes.
 */
export async function readCorpusFiles(
  dir: string,
  cwd = process.cwd(),
  memo?: FileMemo,
  changed?: ReadonlySet<string>,
): Promise<CorpusFile[]> {
  const read = (path: string): CorpusFile => ({
    path: shownPath(path, cwd),
    text: readFileSync(path, "utf8"),
  });
  if (!memo) return (await listCorpusFiles(dir)).map(read);
  /** The file at `path`, from the memo if its time and size did not change. */
  const current = (path: string) => {
    const info = statSync(path, { bigint: true });
    const kept = memo.get(path);
    if (kept && kept.mtimeNs === info.mtimeNs && kept.size === info.size) return kept;
    return { mtimeNs: info.mtimeNs, size: info.size, file: read(path) };
  };
  const named = changed ? [...changed] : [];
  if (changed && memo.size > 0 && named.every((path) => memo.has(path))) {
    try {
      const fresh = named.map(current);
      named.forEach((path, i) => memo.set(path, fresh[i]!));
      return [...memo.values()].map((entry) => entry.file);
    } catch {
      // A named file is gone: the folder is listed below.
    }
  }
  const paths = await listCorpusFiles(dir);
  const entries = paths.map(current);
  // The memo keeps the listing's order, which is the order of the files returned.
  memo.clear();
  paths.forEach((path, i) => memo.set(path, entries[i]!));
  return entries.map((entry) => entry.file);
}

/**
 * Hash of the corpus as published: changes when any file or the index contract changes. It is
 * made of the files' cache keys (themselves hashes of path and content), so no text is hashed
 * twice.
 */
export function fingerprint(files: readonly CorpusFile[]): string {
  const hash = createHash("sha256").update(`contract:${CONTRACT_VERSION}\n`);
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${file.path}\n${cacheKey(file)}\n`);
  }
  return hash.digest("hex");
}

