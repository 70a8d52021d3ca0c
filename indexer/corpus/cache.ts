/**
 * The content-addressed parse cache: a file's records keyed by its path and content, so a file
 * that did not change is never parsed again.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT_VERSION } from "../contract.js";
import type { FileRecords } from "../extract/index.js";
import type { CorpusFile } from "./files.js";

/** A store of per-file results keyed by content, so unchanged files are not parsed again. */
export interface ParseCache {
  get(key: string): FileRecords | undefined;
  set(key: string, records: FileRecords): void;
}

/** Bump when extraction changes what it produces from the same text. */
export const EXTRACTOR_VERSION = 4;

/** The cache key of a file: extractor and contract version, path and content. */
export function cacheKey(file: CorpusFile): string {
  return createHash("sha256")
    .update(`${EXTRACTOR_VERSION}:${CONTRACT_VERSION}\n${file.path}\n${file.text}`)
    .digest("hex");
}

/**
 * A parse cache in a folder: one JSON file per file content. Entries not used by the current
 * corpus are removed when it is saved, so the folder never grows beyond one corpus.
 */
export async function openParseCache(
  dir: string,
): Promise<ParseCache & { save(keep: Set<string>): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const existing = new Set(
    (await readdir(dir)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)),
  );
  const loaded = new Map<string, FileRecords>();
  for (const key of existing) {
    try {
      loaded.set(key, JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as FileRecords);
    } catch {
      // A damaged entry is simply parsed again.
    }
  }
  const added = new Map<string, FileRecords>();
  return {
    get: (key) => loaded.get(key),
    set: (key, records) => void added.set(key, records),
    async save(keep) {
      await Promise.all(
        [...added].map(([key, records]) =>
          writeFile(join(dir, `${key}.json`), JSON.stringify(records)),
        ),
      );
      await Promise.all(
        [...existing]
          .filter((key) => !keep.has(key))
          .map((key) => rm(join(dir, `${key}.json`), { force: true })),
      );
    },
  };
}

