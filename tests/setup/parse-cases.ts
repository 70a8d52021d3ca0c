/** Fixture cases for the corpus parser: a base corpus with one case folder's files laid over it. */
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { loadCorpusFromFiles, type CorpusFile } from "../../indexer/corpus/index.js";
import { formatMessage } from "../../indexer/report.js";
import { fixtureFiles, FIXTURES, ROOT } from "./helpers.js";

export const PARSE_CASES = join(FIXTURES, "parse");
export const BASE_CORPUS = join(FIXTURES, "corpus-basic");

/** The case's messages, with case files shown at the path they replace in the base corpus. */
export async function runCase(name: string): Promise<string[]> {
  const { report } = loadCorpusFromFiles(await caseFiles(name));
  return report.sorted().map(formatMessage);
}

/** The base corpus's files, in the order a check reads them. */
export async function baseFiles(): Promise<CorpusFile[]> {
  return (await fixtureFiles(BASE_CORPUS)).sort((a, b) => a.path.localeCompare(b.path));
}

/** The base corpus with the case's files laid over it, in the order a check reads them. */
export async function caseFiles(name: string): Promise<CorpusFile[]> {
  const base = await fixtureFiles(BASE_CORPUS);
  const overlay = await fixtureFiles(join(PARSE_CASES, name));
  const caseRoot = relative(ROOT, join(PARSE_CASES, name));
  const baseRoot = relative(ROOT, BASE_CORPUS);
  const byPath = new Map(base.map((f) => [f.path, f]));
  for (const file of overlay) {
    const path = file.path.replace(caseRoot, baseRoot);
    byPath.set(path, { path, text: file.text });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

export async function caseNames(): Promise<string[]> {
  return (await readdir(PARSE_CASES, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
