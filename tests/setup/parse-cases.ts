/** Fixture cases for the corpus parser: a base corpus with one case folder's files laid over it. */
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { loadCorpusFromFiles } from "../../indexer/corpus/index.js";
import { formatMessage } from "../../indexer/report.js";
import { fixtureFiles, FIXTURES, ROOT } from "./helpers.js";

export const PARSE_CASES = join(FIXTURES, "parse");
export const BASE_CORPUS = join(FIXTURES, "corpus-basic");

/** The case's messages, with case files shown at the path they replace in the base corpus. */
export async function runCase(name: string): Promise<string[]> {
  const base = await fixtureFiles(BASE_CORPUS);
  const overlay = await fixtureFiles(join(PARSE_CASES, name));
  const caseRoot = relative(ROOT, join(PARSE_CASES, name));
  const baseRoot = relative(ROOT, BASE_CORPUS);
  const byPath = new Map(base.map((f) => [f.path, f]));
  for (const file of overlay) {
    const path = file.path.replace(caseRoot, baseRoot);
    byPath.set(path, { path, text: file.text });
  }
  const { report } = loadCorpusFromFiles(
    [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path)),
  );
  return report.sorted().map(formatMessage);
}

export async function caseNames(): Promise<string[]> {
  return (await readdir(PARSE_CASES, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
