/**
 * One accept at a time, and a record of the one under way. The lock is a file created with
 * O_EXCL in the repository's git folder (so two processes sharing a repository exclude each other
 * too); the journal, written before the merge and removed after it, tells the next start what an
 * accept killed half-way was doing, so that it can be finished or undone.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

export const JournalSchema = z.strictObject({
  id: z.string(),
  branch: z.string(),
  /** The branch's head when the accept began. */
  before: z.string(),
  /** The merge commit, once made (null before). */
  merge: z.string().nullable(),
  /** Repository paths the merge changes. */
  paths: z.array(z.string()),
  by: z.strictObject({ id: z.string(), name: z.string(), email: z.string() }),
  startedAt: z.string(),
});
export type Journal = z.infer<typeof JournalSchema>;

/** The lock and journal of accepts in the git folder `gitDir`. */
export function acceptLock(gitDir: string) {
  const lockPath = join(gitDir, "kb-accept.lock");
  const journalPath = join(gitDir, "kb-accept.json");
  let held = false;
  return {
    lockPath,
    journalPath,
    /** Takes the lock; false when another accept holds it. */
    async acquire(): Promise<boolean> {
      if (held) return false;
      held = true;
      try {
        await writeFile(
          lockPath,
          JSON.stringify({ pid: process.pid, at: new Date().toISOString() }),
          {
            flag: "wx",
          },
        );
        return true;
      } catch {
        held = false;
        return false;
      }
    },
    async release(): Promise<void> {
      await rm(lockPath, { force: true });
      held = false;
    },
    /** The process that holds the lock file, if any (for recovery at start). */
    async holder(): Promise<number | null> {
      const text = await readFile(lockPath, "utf8").catch(() => null);
      if (text === null) return null;
      try {
        return Number((JSON.parse(text) as { pid: unknown }).pid) || 0;
      } catch {
        return 0;
      }
    },
    async writeJournal(journal: Journal): Promise<void> {
      const tmp = `${journalPath}.tmp`;
      await writeFile(tmp, JSON.stringify(JournalSchema.parse(journal)));
      await rename(tmp, journalPath);
    },
    async readJournal(): Promise<Journal | null> {
      const text = await readFile(journalPath, "utf8").catch(() => null);
      if (text === null) return null;
      const parsed = JournalSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    },
    async clearJournal(): Promise<void> {
      await rm(journalPath, { force: true });
    },
  };
}
export type AcceptLock = ReturnType<typeof acceptLock>;
