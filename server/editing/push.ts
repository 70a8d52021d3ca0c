/**
 * Pushing the corpus branch (and the proposals' branches and review records) to
 * CORPUS_PUSH_REMOTE after every accept. A failure is kept in DATA_DIR, shown on the corpus
 * status page, and retried with a growing wait and again at the next start: a push is never
 * silently lost.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { git, type EditRepo } from "./git.js";
import { BRANCH_PREFIX, META_PREFIX } from "./record.js";

export const PushStatusSchema = z.strictObject({
  remote: z.string(),
  /** A push is owed (the last attempt failed, or one is under way). */
  pending: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** The first line of git's answer to the last failed attempt. */
  lastError: z.string().nullable(),
  failures: z.number().int(),
  nextAttemptAt: z.string().nullable(),
});
export type PushStatus = z.infer<typeof PushStatusSchema>;

export interface PushLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The pusher for `remote`; `baseDelayMs` is the first wait after a failure (doubling, to 10 min). */
export async function createPusher(options: {
  repo: EditRepo;
  remote: string;
  dataDir: string;
  log: PushLog;
  baseDelayMs?: number;
}) {
  const path = join(options.dataDir, "editing", "push.json");
  const base = options.baseDelayMs ?? 5_000;
  let state: PushStatus = {
    remote: options.remote,
    pending: false,
    lastSuccessAt: null,
    lastAttemptAt: null,
    lastError: null,
    failures: 0,
    nextAttemptAt: null,
  };
  const saved = await readFile(path, "utf8").catch(() => null);
  if (saved) {
    const parsed = PushStatusSchema.safeParse(JSON.parse(saved));
    if (parsed.success) state = { ...parsed.data, remote: options.remote };
  }
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const save = async () => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, JSON.stringify(state, null, 2));
    await rename(`${path}.tmp`, path);
  };

  const attempt = async () => {
    state.pending = true;
    state.lastAttemptAt = new Date().toISOString();
    await save();
    try {
      await git(options.repo.root, [
        "push",
        "--quiet",
        options.remote,
        `refs/heads/${options.repo.branch}:refs/heads/${options.repo.branch}`,
        `refs/heads/${BRANCH_PREFIX}*:refs/heads/${BRANCH_PREFIX}*`,
        `${META_PREFIX}*:${META_PREFIX}*`,
      ]);
      state = {
        ...state,
        pending: false,
        lastSuccessAt: new Date().toISOString(),
        lastError: null,
        failures: 0,
        nextAttemptAt: null,
      };
      await save();
      options.log.info({ remote: options.remote }, "pushed the corpus");
    } catch (error) {
      state.failures += 1;
      state.lastError = error instanceof Error ? error.message : String(error);
      const wait = Math.min(base * 2 ** (state.failures - 1), 600_000);
      state.nextAttemptAt = new Date(Date.now() + wait).toISOString();
      await save();
      options.log.error(
        { remote: options.remote, reason: state.lastError, retryInMs: wait },
        "pushing the corpus failed; it will be retried",
      );
      if (!stopped) {
        timer = setTimeout(() => {
          timer = null;
          void push();
        }, wait);
        timer.unref();
      }
    }
  };

  const push = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    running = (async () => {
      do {
        again = false;
        await attempt();
      } while (again && !state.pending && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    /** Pushes now (after an accept), or after the running push. */
    push,
    /** At start: a push owed by an earlier run is attempted again. */
    resume: () => (state.pending ? push() : Promise.resolve()),
    status: (): PushStatus => ({ ...state }),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
export type Pusher = Awaited<ReturnType<typeof createPusher>>;
