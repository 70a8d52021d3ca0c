/** The corpus folder on disk: its files in a stable order, and the fingerprint of their contents. */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { CONTRACT_VERSION } from "../contract.js";

export interface CorpusFile {
  /** Path relative to the working directory, with `/` separators, as shown in messages. */
  path: string;
  text: string;
}

/** Lists the corpus Markdown files in a stable order; README.md files are for authors only. */
export async function listCorpusFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".md") && e.name.toLowerCase() !== "readme.md")
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Reads every corpus file from disk. */
export async function readCorpusFiles(dir: string, cwd = process.cwd()): Promise<CorpusFile[]> {
  const paths = await listCorpusFiles(dir);
  return Promise.all(
    paths.map(async (path) => ({
      path: relative(cwd, path).split(sep).join("/"),
      text: await readFile(path, "utf8"),
    })),
  );
}

/** Hash of the corpus as published: changes when any file or the index contract changes. */
export function fingerprint(files: readonly CorpusFile[]): string {
  const hash = createHash("sha256").update(`contract:${CONTRACT_VERSION}\n`);
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    hash.update(`${file.path}\n${file.text.length}\n${file.text}\n`);
  }
  return hash.digest("hex");
}

