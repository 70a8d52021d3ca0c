/**
 * Server-side sessions. The cookie holds a random id (256 bits); the server keeps only its
 * sha256, the account it belongs to and two times, so a copy of the store is no key to anyone's
 * session. A session ends when it has been idle too long, when it is too old, at sign-out, and
 * when its account is disabled. The store is kept in DATA_DIR (mode 0600) so that a restart does
 * not sign everyone out.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Caller } from "../search/access.js";

export interface Session {
  /** sha256 of the session id (never the id itself). */
  idHash: string;
  /** The local account, or null for a single sign-on identity (kept in `caller`). */
  accountId: string | null;
  /** Who signed in, as of sign-in (for single sign-on; local accounts are read again). */
  caller: Caller;
  createdAt: number;
  lastSeenAt: number;
  /** When this person signed in before this session began (ISO), for "what changed since". */
  previousSignInAt?: string | null;
}

export interface SessionStore {
  /** Starts a session; returns the id to put in the cookie (shown nowhere else). */
  create(
    caller: Caller,
    accountId: string | null,
    previousSignInAt?: string | null,
  ): Promise<string>;
  /** The live session of an id, touched; null when unknown or expired. */
  get(id: string): Promise<Session | null>;
  destroy(id: string): Promise<void>;
  /** Ends every session of an account (disabled, password changed). */
  destroyAccount(accountId: string): Promise<void>;
  /**
   * The other live sessions of the person whose session `id` is: the same local account, or the
   * same single sign-on identity; for an account, only those begun at or after `notBefore` (ms).
   */
  others(id: string, notBefore?: number): Session[];
  /** The live sessions of a local account begun at or after `notBefore` (ms). */
  ofAccount(accountId: string, notBefore?: number): Session[];
  /** Ends the other sessions of the person whose session `id` is; how many ended. */
  destroyOthers(id: string): Promise<number>;
}

const hashId = (id: string) => createHash("sha256").update(id).digest("base64url");

/** The store in `dataDir`, with the idle and absolute timeouts. */
export async function sessionStore(options: {
  dataDir: string;
  idleMs: number;
  maxMs: number;
  now?: () => number;
}): Promise<SessionStore> {
  const now = options.now ?? Date.now;
  const path = join(options.dataDir, "sessions.json");
  const sessions = new Map<string, Session>();
  try {
    for (const s of JSON.parse(await readFile(path, "utf8")) as Session[])
      sessions.set(s.idHash, s);
  } catch {
    // No store yet, or a damaged one: everyone signs in again.
  }
  let saving: Promise<void> | null = null;
  let dirty = false;
  const save = () => {
    dirty = true;
    saving ??= (async () => {
      while (dirty) {
        dirty = false;
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify([...sessions.values()]), { mode: 0o600 });
        await chmod(tmp, 0o600);
        await rename(tmp, path);
      }
    })().finally(() => {
      saving = null;
    });
    return saving;
  };
  const expired = (s: Session) =>
    now() - s.lastSeenAt > options.idleMs || now() - s.createdAt > options.maxMs;
  /** The sessions of the same person as session `id`'s, but not it. */
  const samePerson = (id: string): Session[] => {
    const mine = /^[A-Za-z0-9_-]{43}$/.test(id) ? sessions.get(hashId(id)) : undefined;
    if (!mine) return [];
    return [...sessions.values()].filter(
      (s) =>
        s.idHash !== mine.idHash &&
        (mine.accountId !== null
          ? s.accountId === mine.accountId
          : s.accountId === null && s.caller.id === mine.caller.id),
    );
  };

  return {
    async create(caller, accountId, previousSignInAt = null) {
      const id = randomBytes(32).toString("base64url");
      const at = now();
      sessions.set(hashId(id), {
        idHash: hashId(id),
        accountId,
        caller,
        createdAt: at,
        lastSeenAt: at,
        previousSignInAt,
      });
      for (const [key, s] of sessions) if (expired(s)) sessions.delete(key);
      await save();
      return id;
    },
    async get(id) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
      const session = sessions.get(hashId(id));
      if (!session) return null;
      if (expired(session)) {
        sessions.delete(session.idHash);
        void save();
        return null;
      }
      // Touch at most once a minute: each touch is a write of the store.
      if (now() - session.lastSeenAt > 60_000) {
        session.lastSeenAt = now();
        void save();
      }
      return session;
    },
    async destroy(id) {
      if (sessions.delete(hashId(id))) await save();
    },
    async destroyAccount(accountId) {
      let changed = false;
      for (const [key, s] of sessions)
        if (s.accountId === accountId) {
          sessions.delete(key);
          changed = true;
        }
      if (changed) await save();
    },
    ofAccount(accountId, notBefore = 0) {
      return [...sessions.values()].filter(
        (s) => s.accountId === accountId && !expired(s) && s.createdAt >= notBefore,
      );
    },
    others(id, notBefore = 0) {
      return samePerson(id).filter((s) => !expired(s) && s.createdAt >= notBefore);
    },
    async destroyOthers(id) {
      const ended = samePerson(id);
      for (const s of ended) sessions.delete(s.idHash);
      if (ended.length > 0) await save();
      return ended.length;
    },
  };
}
