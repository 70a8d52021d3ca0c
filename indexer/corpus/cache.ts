/**
 * The content-addressed parse cache: a file's records keyed by its path and content, so a file
 * that did not change is never parsed again.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileRecords } from "../extract/index.js";

/** A store of per-file results keyed by content, so unchanged files are not parsed again. */
export interface ParseCache {
  get(key: string): FileRecords | undefined;
  set(key: string, records: FileRecords): void;
}

export { cacheKey, EXTRACTOR_VERSION } from "./files.js";

/** A parse cache kept in memory and in a folder, reused from one run to the next. */
export interface ParseCacheStore extends ParseCache {
  /** Writes new entries and forgets those not in `keep` (the current corpus's keys). */
  save(keep: Set<string>): Promise<void>;
}

/**
 * A parse cache in a folder: one JSON file per file content, loaded once and kept in memory so
 * that a process that publishes again and again (the watcher) parses only what changed and
 * reads nothing twice. Entries not used by the current corpus are removed when it is saved, so
 * the folder never grows beyond one corpus.
 */
export async function openParseCache(dir: string): Promise<ParseCacheStore> {
  await mkdir(dir, { recursive: true });
  const onDisk = new Set(
    (await readdir(dir)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)),
  );
  const entries = new Map<string, FileRecords>();
  const paths = new Map<string, string>();
  for (const key of onDisk) {
    try {
      const records = JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as FileRecords;
      entries.set(key, sharePaths(records, paths));
    } catch {
      // A damaged entry is simply parsed again.
      onDisk.delete(key);
    }
  }
  return {
    get: (key) => entries.get(key),
    set: (key, records) => void entries.set(key, records),
    async save(keep) {
      const fresh = [...entries.keys()].filter((key) => keep.has(key) && !onDisk.has(key));
      await Promise.all(
        fresh.map((key) => writeFile(join(dir, `${key}.json`), JSON.stringify(entries.get(key)))),
      );
      for (const key of fresh) onDisk.add(key);
      const stale = [...onDisk].filter((key) => !keep.has(key));
      await Promise.all(stale.map((key) => rm(join(dir, `${key}.json`), { force: true })));
      for (const key of stale) onDisk.delete(key);
      for (const key of [...entries.keys()]) if (!keep.has(key)) entries.delete(key);
    },
  };
}

/**
 * Makes each file path named in `records` (every origin names its file) the one string `paths`
 * holds for it, and adds those it lacks. A JSON copy of records — read from the cache on disk, or
 * made of a file's fresh records — has a string of its own for every origin: at 249 countries
 * 66,000 copies of 249 paths, 4 MB. Gives back `records`, changed in place.
 */
export function sharePaths<T>(records: T, paths: Map<string, string>): T {
  const walk = (value: object): void => {
    if (Array.isArray(value)) {
      for (const item of value as unknown[])
        if (item !== null && typeof item === "object") walk(item);
      return;
    }
    const fields = value as Record<string, unknown>;
    for (const key in fields) {
      const item = fields[key];
      if (key === "path" && typeof item === "string") {
        const shared = paths.get(item);
        if (shared === undefined) paths.set(item, item);
        else fields[key] = shared;
      } else if (item !== null && typeof item === "object") walk(item);
    }
  };
  if (records !== null && typeof records === "object") walk(records);
  return records;
}
