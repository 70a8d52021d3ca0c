/**
 * The audit log: sign-ins (success and failure), sign-outs, account changes and every admin
 * action, appended as JSON lines under DATA_DIR (mode 0600). It never holds a password, a token
 * or a session id: events name the account by e-mail and say what happened.
 */
import { appendFile, chmod, readFile } from "node:fs/promises";
import { join } from "node:path";

/** What the audit log records, by name. */
export const AUDIT_EVENTS = [
  "sign-in",
  "sign-in-failed",
  "sign-in-refused",
  "sign-out",
  "account-added",
  "account-changed",
  "password-changed",
  "account-disabled",
  "account-enabled",
  "audit-read",
  "proposal-created",
  "proposal-commented",
  "proposal-resolved",
  "proposal-accepted",
  "proposal-rejected",
  "proposal-withdrawn",
  "token-created",
  "token-revoked",
] as const;

/** How a caller signed in or acted. */
export const AUDIT_VIAS = ["password", "oidc", "token"] as const;

export interface AuditEvent {
  at: string;
  event: (typeof AUDIT_EVENTS)[number];
  /** Who acted: an e-mail, `cli` for the command line, or `anonymous`. */
  actor: string;
  /** Whom or what it concerned (an e-mail, a proposal id). */
  target?: string;
  /** How: password, oidc, token. */
  via?: string;
  ip?: string;
  detail?: string;
}

export interface AuditLog {
  append(event: Omit<AuditEvent, "at">): Promise<void>;
  /** The newest events first. */
  read(limit: number, offset?: number): Promise<{ events: AuditEvent[]; total: number }>;
  /**
   * When each actor last signed in (by e-mail, or the id of a single sign-on caller): read from
   * the log once, then kept by `append`, so that a sign-in and the accounts page do not read the
   * whole log each time.
   */
  lastSignIns(): Promise<ReadonlyMap<string, string>>;
}

/** The events of the log's text, oldest first; a line that is not an event (cut short) is left out. */
function parseEvents(text: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const event = JSON.parse(line) as AuditEvent;
      if (typeof event.at === "string" && typeof event.event === "string") events.push(event);
    } catch {
      // A line written half (a full disk, a crash) says nothing; the next ones still count.
    }
  }
  return events;
}

/** The audit log in `dataDir`. */
export function auditLog(dataDir: string): AuditLog {
  const path = join(dataDir, "audit.log");
  let queue: Promise<void> = Promise.resolve();
  let signIns: Promise<Map<string, string>> | null = null;
  const readAll = async () => {
    await queue.catch(() => undefined);
    return parseEvents(await readFile(path, "utf8").catch(() => ""));
  };
  return {
    append(event) {
      const at = new Date().toISOString();
      const line = `${JSON.stringify({ at, ...event })}\n`;
      if (event.event === "sign-in" && signIns)
        signIns = signIns.then((known) => known.set(event.actor, at));
      // One write after the other; a failed write does not stop the next one.
      queue = queue
        .catch(() => undefined)
        .then(async () => {
          await appendFile(path, line, { mode: 0o600 });
          await chmod(path, 0o600).catch(() => undefined);
        });
      return queue;
    },
    async read(limit, offset = 0) {
      const events = (await readAll()).reverse();
      return { events: events.slice(offset, offset + limit), total: events.length };
    },
    lastSignIns() {
      signIns ??= readAll().then((events) => {
        const known = new Map<string, string>();
        for (const e of events) if (e.event === "sign-in") known.set(e.actor, e.at);
        return known;
      });
      return signIns;
    },
  };
}
