/**
 * Sign-in failures slow further attempts down, per account (the e-mail typed, whether or not it
 * exists) and per address: after a few failures each new one locks the key for twice as long as
 * the last, up to 15 minutes. A success clears the account's count.
 */
export interface Limiter {
  /** Seconds to wait before another attempt with these keys is heard, or 0. */
  wait(keys: readonly string[]): number;
  failed(keys: readonly string[]): void;
  succeeded(keys: readonly string[]): void;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  lastAt: number;
}

/** A limiter; `free` failures per key before the first lock (accounts 3, addresses 10). */
export function createLimiter(now: () => number = Date.now): Limiter {
  const entries = new Map<string, Entry>();
  const free = (key: string) => (key.startsWith("ip:") ? 10 : 3);
  const MAX_LOCK_MS = 15 * 60_000;
  const FORGET_MS = 60 * 60_000;
  const entry = (key: string) => {
    const e = entries.get(key);
    if (e && now() - e.lastAt > FORGET_MS) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  return {
    wait(keys) {
      let until = 0;
      for (const key of keys) until = Math.max(until, entry(key)?.lockedUntil ?? 0);
      return Math.max(0, Math.ceil((until - now()) / 1000));
    },
    failed(keys) {
      for (const key of keys) {
        const e = entry(key) ?? { failures: 0, lockedUntil: 0, lastAt: now() };
        e.failures += 1;
        e.lastAt = now();
        const over = e.failures - free(key);
        if (over >= 0) e.lockedUntil = now() + Math.min(MAX_LOCK_MS, 1000 * 2 ** over);
        entries.set(key, e);
      }
      // Keep the table small: forget keys idle for an hour.
      if (entries.size > 10_000)
        for (const [key, e] of entries) if (now() - e.lastAt > FORGET_MS) entries.delete(key);
    },
    succeeded(keys) {
      for (const key of keys) if (!key.startsWith("ip:")) entries.delete(key);
    },
  };
}
